"""The one-line messages of a batch about one input: its name in front, what went wrong, the option that limits it."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Config
from pipeline.errors import one_line, path_text


def shown(path: Path) -> str:
    """Gives an input's file name as shown in a message: one printable line."""
    return one_line(path_text(Path(path).name or path))


def named(message: str, path: Path) -> str:
    """Gives the message as one line with the input's file name in front, if it does not say it already."""
    first = one_line(message) if message else "failed"
    return first if first.startswith(shown(path)) else f"{shown(path)}: {first}"


def timeout_message(path: Path, config: Config) -> str:
    """Gives the line for an input that ran past the time limit."""
    return f"{shown(path)}: took longer than the time limit of {config.timeout_seconds:g} s (--timeout)"


def memory_message(path: Path, config: Config) -> str:
    """Gives the line for an input that ran out of memory."""
    return (
        f"{shown(path)}: ran out of memory (limit {config.max_memory_mb} MB, --max-memory)"
        if config.max_memory_mb > 0
        else f"{shown(path)}: ran out of memory"
    )


def internal_message(path: Path, exc: BaseException) -> str:
    """Gives the line for an input whose conversion hit a bug."""
    text = " ".join(str(exc).split())[:200]
    return f"{shown(path)}: internal error ({type(exc).__name__}: {text}); rerun with --debug"


def pack_message(path: Path, exc: OSError) -> str:
    """Gives the line for an input whose pack could not be written."""
    return f"{shown(path)}: could not write its pack ({exc.strerror or exc})"
