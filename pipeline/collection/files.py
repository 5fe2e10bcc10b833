"""Files of the collection written whole or not at all: a temporary file beside the target, renamed over it."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Writes ``data`` to ``path`` through a temporary file renamed into place; leaves no temporary file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def pack_files(folder: Path) -> list[str]:
    """Gives the names of the files of a pack, sorted."""
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
