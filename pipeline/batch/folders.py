"""Inputs and output folders: what was named or found, safe names from symbols, temporary folders renamed into
place, packs already up to date, output that cannot be written.

Every input named, and every entry of a folder named whose name ends in
``.pdf`` (or ``.xml``: Akoma Ntoso), is an input, whatever it is (a folder, a FIFO, a broken link): each
gets its own outcome.  Every pack is written into a temporary folder beside
its final place (``.tmp-PID-name-*``) and renamed into place only when
complete, so ``OUT`` never holds half a pack; temporary folders of runs that
died are swept.  A pack already built from the same bytes
(``source.sha256``) with all its artifacts, newer than the code and
templates, is up to date.  A pack built from another file with the same
symbol is not replaced unless ``--force`` says so.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from pipeline.batch import limits
from pipeline.batch.document import ARTIFACT_NAMES, JSON_NAME
from pipeline.config import DEFAULT_TEMPLATES, PACKAGE_DIR, Config
from pipeline.errors import OutputError, one_line, path_text
from pipeline.extract import not_a_file

_SCRATCH = re.compile(r"^\.(tmp|old)-(\d+)-")


def output_name(symbol: Optional[str], fallback: str) -> str:
    """Gives a safe folder name for a document: its symbol with "/" as "_" ("A/RES/78/229" gives "A_RES_78_229")."""
    for raw in (symbol, fallback):
        raw = (raw or "").replace("/", "_").replace(" ", "_")
        raw = re.sub(r"[()]", "", raw)
        raw = re.sub(r"[^A-Za-z0-9._-]", "_", raw)
        raw = re.sub(r"_+", "_", raw).strip("._-")
        raw = raw[:120].strip("._-")
        if raw:
            return raw
    return "document"


@dataclass(frozen=True)
class Input:
    """One input named or found, and what is wrong with it when that is known without opening it."""

    path: Path
    problem: Optional[tuple[str, str]] = None  # (one-line message, kind)


def _named_problem(path: Path, exc: OSError) -> tuple[str, str]:
    """Gives (message, kind) for a named input that cannot even be looked at."""
    name = path_text(path)
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return f"{name}: broken symbolic link (what it points to does not exist)", "missing"
        return f"{name}: no such file or folder", "missing"
    if exc.errno == errno.ELOOP:
        return f"{name}: symbolic links in a loop", "unreadable"
    return f"{name}: cannot look at it ({exc.strerror})", "unreadable"


def find_inputs(paths: Iterable[Path]) -> list[Input]:
    """Gives every input: each path named, a folder as the entries in it whose name ends in ".pdf" or ".xml" (sorted),
    whatever they are; a folder that cannot be listed, a name that does not exist, are inputs with a problem."""
    found: list[Input] = []
    for p in paths:
        p = Path(p)
        try:
            is_folder = stat.S_ISDIR(os.stat(p).st_mode)
        except OSError as exc:
            found.append(Input(p, _named_problem(p, exc)))
            continue
        if not is_folder:
            found.append(Input(p))  # opened, checked and read by the conversion, under its limits
            continue
        try:
            names = sorted(e.name for e in os.scandir(p))
        except OSError as exc:
            found.append(Input(p, (f"{path_text(p)}: cannot list folder ({exc.strerror})", "unreadable")))
            continue
        found.extend(Input(p / n) for n in names if n.lower().endswith((".pdf", ".xml")))
    return found


def inputs_of(paths: Iterable[Path]) -> list[Path]:
    """Gives the paths of every input named or found (see ``find_inputs``)."""
    return [i.path for i in find_inputs(paths)]


def _probe(folder: Path) -> None:
    """Writes one byte into a new file in folder and removes it; raises OSError when that cannot be done."""
    fd, name = tempfile.mkstemp(prefix=f".tmp-{os.getpid()}-probe-", dir=folder)
    try:
        os.write(fd, b"\n")
    finally:
        os.close(fd)
        os.unlink(name)


def writable_folder(folder: Path, what: str) -> None:
    """Makes ``folder`` if it is missing and checks a file can be written in it; raises OutputError saying why
    not (a file in the way, a read-only file system, no permission, a full disk)."""
    shown = one_line(path_text(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{what} {shown} is a file, not a folder") from None
    except NotADirectoryError:
        raise OutputError(f"{what} {shown} cannot be made: part of its path is a file, not a folder") from None
    except OSError as exc:
        raise OutputError(f"{what} {shown} cannot be made ({exc.strerror})") from None
    try:
        _probe(folder)
    except OSError as exc:
        raise OutputError(f"{what} {shown} cannot be written to ({exc.strerror})") from None


def check_report_path(report: Path) -> None:
    """Raises OutputError when the report cannot be written at ``report`` (its folder made and written to)."""
    what = not_a_file(report)  # a folder; a device or a pipe, which the report's rename would replace
    if what:
        raise OutputError(f"the report {one_line(path_text(report))} is {what}, not a file")
    writable_folder(report.parent, "the folder of the report")


def inside(out: Path, name: str) -> Path:
    """Gives ``out/name``, refusing any name that would leave ``out``."""
    final = out / name
    if (
        name in ("", ".", "..")
        or "/" in name
        or "\\" in name
        or "\0" in name
        or final.resolve().parent != out.resolve()
    ):
        raise ValueError(f"unsafe output name {name!r}")
    return final


def place_pack(tmp: Path, final: Path) -> None:
    """Moves a finished pack into place, replacing an older one without a moment of half-state."""
    with limits.blocked_signals():
        if final.exists():
            old = final.with_name(f".old-{os.getpid()}-{final.name}")
            os.rename(final, old)
            os.rename(tmp, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, final)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def scratch_folder(out: Path, path: Path) -> Path:
    """Makes a temporary folder in ``out`` for one pack, named after this process."""
    out.mkdir(parents=True, exist_ok=True)
    stem = output_name(None, path.stem)[:40]
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-{stem}-", dir=out))
    os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; a pack is as readable as any file
    return tmp


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_scratch(out: Path, mine: bool = False) -> list[str]:
    """Removes temporary folders (and write probes) in ``out`` of runs that died (with ``mine``: of this run);
    gives their names."""
    removed = []
    if not out.is_dir():
        return removed
    for entry in out.iterdir():
        m = _SCRATCH.match(entry.name)
        if not (m and (entry.is_dir() or "-probe-" in entry.name)):
            continue
        pid = int(m.group(2))
        if (pid == os.getpid()) if mine else (pid != os.getpid() and not _alive(pid)):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry.name)
    return removed


def claim_name(
    symbol: Optional[str],
    path: Path,
    claimed: set[str],
    sources: Optional[dict[str, str]] = None,
    force: bool = False,
) -> tuple[str, Optional[str]]:
    """Gives the free folder name for a document, and a warning when another input took its name or when a pack
    built from another file holds it (not replaced unless ``force``; ``sources`` maps each pack already in the
    output folder to the file it was built from)."""
    sources = sources or {}
    mine = path_text(path.name)
    name = base = output_name(symbol, path.stem)
    n = 2
    while name in claimed or (not force and sources.get(name, mine) != mine):
        name = f"{base}-{n}"
        n += 1
    taken = base in claimed  # by another input of this run
    claimed.add(name)
    if name == base:
        if sources.get(base, mine) == mine:
            return name, None
        return name, f"replaces the pack in {base} built from {sources[base]}, another file (--force)"
    if taken:
        return name, f"another input has the symbol {symbol or base}: written to {name}"
    return name, (
        f"{base} holds the pack built from {sources[base]}, another file with the symbol {symbol or base}: "
        f"written to {name} (--force replaces it)"
    )


def code_mtime(config: Config) -> float:
    """Gives the newest modification time of the code and templates a pack depends on."""
    newest = 0.0
    for folder in {PACKAGE_DIR, Path(config.templates), DEFAULT_TEMPLATES}:
        try:
            for f in Path(folder).rglob("*"):
                if f.is_file() and "__pycache__" not in f.parts:
                    newest = max(newest, f.stat().st_mtime)
        except OSError:
            pass
    return newest


def existing_packs(out: Path, config: Config) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Gives, for the packs in ``out``: for each input sha256, the complete, current packs built from it; and for
    each pack, the file it was built from (``source.file``)."""
    index: dict[str, list[str]] = {}
    sources: dict[str, str] = {}
    if not out.is_dir():
        return index, sources
    wanted = {JSON_NAME} | {ARTIFACT_NAMES[f] for f in config.formats if f in ARTIFACT_NAMES}
    newest_code = code_mtime(config)
    for folder in sorted(out.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        data_file = folder / JSON_NAME
        try:
            data = json.loads(data_file.read_text(encoding="utf-8"))
            source = data["source"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not isinstance(source, dict):
            continue
        if isinstance(source.get("file"), str):
            sources[folder.name] = source["file"]
        sha = source.get("sha256")
        try:
            if not all((folder / w).is_file() and (folder / w).stat().st_size > 0 for w in wanted):
                continue
            if data_file.stat().st_mtime < newest_code:
                continue
        except OSError:
            continue
        if isinstance(sha, str):
            index.setdefault(sha, []).append(folder.name)
    return index, sources


def done_packs(out: Path, config: Config) -> dict[str, list[str]]:
    """Gives, for each input sha256, the complete, current packs in ``out`` built from it."""
    return existing_packs(out, config)[0]
