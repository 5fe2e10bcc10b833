"""What the input of each pack looked like when it was last read (size, modification and change times, file id)
and the sha256 read from it, so an input that has not changed since need not be read again to find its pack up
to date.

The stamp is an extended attribute of the pack's ``resolution.json`` (``user.resbrief.input``): it adds no file
to the output folder and changes no byte of the pack; where the file system keeps no such attributes there is no
stamp and every input is hashed, as before.  Only ``os.stat`` is asked of an input here: it reads no byte, and an
input whose stamp differs (or that is no regular file) is hashed by a child under the limits.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Optional

from pipeline.batch.document import JSON_NAME

ATTRIBUTE = "user.resbrief.input"
MAX_STAMP_BYTES = 8192


def stamp_of(path: Path) -> Optional[list[int]]:
    """Gives [size, mtime_ns, ctime_ns, inode, device] of a regular file, or None (no such file, not a file)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _key(path: Path) -> str:
    return os.path.abspath(os.fsdecode(path))


def read_stamps(out: Path, names) -> dict[str, tuple[list[int], str]]:
    """Gives the stamps of the packs ``names`` in ``out``: input path -> (its stamp, the sha256 read from it)."""
    found: dict[str, tuple[list[int], str]] = {}
    if not hasattr(os, "getxattr"):
        return found
    for name in names:
        try:
            raw = os.getxattr(Path(out) / name / JSON_NAME, ATTRIBUTE)
            if len(raw) > MAX_STAMP_BYTES:
                continue
            data = json.loads(raw.decode("utf-8", "surrogateescape"))
            entry = (data["input"], data["stamp"], data["sha256"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(entry[0], str) and isinstance(entry[1], list) and isinstance(entry[2], str):
            found[entry[0]] = (entry[1], entry[2])
    return found


def known_sha(stamps: dict[str, tuple[list[int], str]], path: Path, stamp: Optional[list[int]]) -> Optional[str]:
    """Gives the sha256 recorded for an input whose stamp is unchanged since, else None."""
    entry = stamps.get(_key(path))
    if stamp is None or entry is None or entry[0] != stamp:
        return None
    return entry[1]


def write_stamp(pack: Path, path: Path, stamp: Optional[list[int]], sha: Optional[str]) -> None:
    """Records on a pack the stamp of its input taken before the input was read, and the sha256 read from it
    (nothing when there is no stamp or the file system keeps no extended attributes)."""
    if stamp is None or not sha or not hasattr(os, "setxattr"):
        return
    data = json.dumps({"input": _key(path), "stamp": stamp, "sha256": sha}, sort_keys=True)
    try:
        os.setxattr(Path(pack) / JSON_NAME, ATTRIBUTE, data.encode("utf-8", "surrogateescape"))
    except OSError:  # the stamp only saves time: without it the input is hashed next time
        pass
