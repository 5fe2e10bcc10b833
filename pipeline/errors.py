"""The exceptions the pipeline raises on purpose, and the one-line text they show."""

from __future__ import annotations

import os
import re

# Characters that must never reach a terminal, a log line or a page raw: every control character (C0, DEL, C1:
# newlines, ESC, BEL, NUL), the line and paragraph separators, the bidirectional embeddings, overrides, isolates
# and marks (which turn the text around them), the lone surrogates that stand for bytes of a file name that are
# not UTF-8, and the two noncharacters XML cannot hold.
_DIRECTION = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_NOT_TEXT = "\u2028\u2029\ud800-\udfff\ufffe\uffff"
UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_DIRECTION}{_NOT_TEXT}]")
UNSAFE_ON_PAGE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_DIRECTION}{_NOT_TEXT}]")  # tab, line ends kept
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if match.group() in _ESCAPES:
        return _ESCAPES[match.group()]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for a byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """Gives the text as one printable line: unsafe characters written as escapes (``\\n``, ``\\x1b``,
    ``\\u202e``), a byte of a file name that is not UTF-8 as ``\\xNN``."""
    return UNSAFE.sub(_escape, str(text))


def without_unsafe(text: str) -> str:
    """Gives the text for a page (HTML, PDF, Word): control, direction-override and other unsafe characters
    dropped, tabs and line ends kept."""
    return UNSAFE_ON_PAGE.sub("", text)


def path_text(path: os.PathLike | str) -> str:
    """Gives a path as text that UTF-8 can hold: a byte that is not UTF-8 is written ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


class ConversionError(Exception):
    """A file that cannot be converted; the message is one line for the user (see ``one_line``)."""

    def __init__(self, message: str, kind: str = "error"):
        super().__init__(one_line(message))
        self.kind = kind  # short machine name: not-pdf, encrypted, no-text, not-resolution, ...


class OutputError(ConversionError):
    """The output folder or the report cannot be written (a file in the way, read-only, full); one line."""

    def __init__(self, message: str):
        super().__init__(message, "output")


class Interrupted(KeyboardInterrupt):
    """A batch stopped by SIGINT, SIGTERM or SIGHUP; ``signum`` says which (the exit status is 128 + signum)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
