"""Output folders: safe names from symbols, temporary folders renamed into place, packs already up to date.

Every pack is written into a temporary folder beside its final place
(``.tmp-PID-name-*``) and renamed into place only when complete, so ``OUT``
never holds half a pack; temporary folders of runs that died are swept.  A
pack already built from the same bytes (``source.sha256``) with all its
artifacts, newer than the code and templates, is up to date.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Optional

from pipeline.batch import limits
from pipeline.batch.document import ARTIFACT_NAMES, JSON_NAME
from pipeline.config import DEFAULT_TEMPLATES, PACKAGE_DIR, Config

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


def inputs_of(paths: Iterable[Path]) -> list[Path]:
    """Gives the PDF files named, with folders expanded to the PDFs they hold, sorted."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() == ".pdf"))
        else:
            files.append(p)
    return files


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
    """Removes temporary folders in ``out`` of runs that died (with ``mine``: of this run); gives their names."""
    removed = []
    if not out.is_dir():
        return removed
    for entry in out.iterdir():
        m = _SCRATCH.match(entry.name)
        if not (m and entry.is_dir()):
            continue
        pid = int(m.group(2))
        if (pid == os.getpid()) if mine else (pid != os.getpid() and not _alive(pid)):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
    return removed


def claim_name(symbol: Optional[str], path: Path, claimed: set[str]) -> tuple[str, Optional[str]]:
    """Gives the free folder name for a document, and a warning when another input took its name."""
    name = base = output_name(symbol, path.stem)
    n = 2
    while name in claimed:
        name = f"{base}-{n}"
        n += 1
    claimed.add(name)
    warning = None
    if name != base:
        warning = f"another input has the symbol {symbol or base}: written to {name}"
    return name, warning


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


def done_packs(out: Path, config: Config) -> dict[str, list[str]]:
    """Gives, for each input sha256, the complete, current packs in ``out`` built from it."""
    index: dict[str, list[str]] = {}
    if not out.is_dir():
        return index
    wanted = {JSON_NAME} | {ARTIFACT_NAMES[f] for f in config.formats if f in ARTIFACT_NAMES}
    newest_code = code_mtime(config)
    for folder in sorted(out.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        data_file = folder / JSON_NAME
        try:
            if not all((folder / w).is_file() and (folder / w).stat().st_size > 0 for w in wanted):
                continue
            if data_file.stat().st_mtime < newest_code:
                continue
            data = json.loads(data_file.read_text(encoding="utf-8"))
            sha = data["source"]["sha256"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(sha, str):
            index.setdefault(sha, []).append(folder.name)
    return index
