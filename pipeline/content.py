"""A page's content streams read into pdfminer's operands and operators in one pass, for the extract stage.

pdfminer reads a content stream one character state at a time (``PSBaseParser``), which is most of the time
spent extracting a page.  ``FastContentParser`` reads the same bytes with one regular expression per token and
gives pdfminer's interpreter exactly the objects pdfminer's own ``PDFContentParser`` would give, in the same
order.  Anything it does not read the way pdfminer does (an inline image, a string or name that runs from one
stream into the next, a broken dictionary, an octal escape over 255, a stream that cannot be decoded, ...) is left
to pdfminer's parser, which then reads the page from its first byte as before: the fast path never guesses.
"""

from __future__ import annotations

import contextlib
import re

from pdfminer import settings
from pdfminer.pdfinterp import PDFContentParser, PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import (
    KEYWORD_ARRAY_BEGIN,
    KEYWORD_ARRAY_END,
    KEYWORD_DICT_BEGIN,
    KEYWORD_DICT_END,
    KEYWORD_PROC_BEGIN,
    KEYWORD_PROC_END,
    KWD,
    LIT,
    PSEOF,
    PSKeyword,
    PSLiteral,
    keyword_name,
    literal_name,
)


class NotPlain(Exception):
    """A content stream the fast reader leaves to pdfminer's parser."""


_SPACE = b" \t\n\r\x0b\x0c"  # what pdfminer's ``\s`` matches in bytes
_END = rb"#/%\[\]()<>{}\s"  # what ends a name or an operator (pdfminer's END_LITERAL, END_KEYWORD)

_TOKEN = re.compile(
    rb"[\s\x00]*(?:"
    rb"(?P<comment>%[^\r\n]*)"
    rb"|/(?P<name>(?:[^" + _END + rb"]+|\#[0-9a-fA-F]{0,2})*)"
    rb"|(?P<number>[-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)"
    rb"|(?P<keyword>[A-Za-z][^" + _END + rb"]*)"
    rb"|\((?P<string>[^()\\]*)\)"
    rb"|(?P<open>\()"
    rb"|(?P<dict><<)"
    rb"|<(?P<hex>[0-9a-fA-F\s]*)"
    rb"|(?P<close>>>?)"
    rb"|(?P<other>[^\s\x00])"
    rb")",
)
_NAME_HEX = re.compile(rb"#([0-9a-fA-F]{0,2})")
_SPACES = re.compile(rb"\s")
_STRING_PART = re.compile(rb"[()\\]")
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13, 40: 40, 41: 41, 92: 92}
_OCTAL = b"01234567"
_INLINE_IMAGE = {KWD(b"BI"), KWD(b"ID"), KWD(b"EI")}


def _name(raw: bytes) -> PSLiteral:
    """Gives the name token of ``/raw`` as pdfminer makes it (``#xx`` escapes, utf-8 text or else bytes)."""
    if b"#" in raw:
        raw = _NAME_HEX.sub(lambda m: bytes((int(m.group(1), 16),)) if m.group(1) else b"", raw)
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _hex(digits: bytes) -> bytes:
    """Gives the bytes of a hexadecimal string's digits (spaces left out; an odd last digit is its own byte, as
    pdfminer reads it: ``<414>`` is ``A\\x04``)."""
    if _SPACES.search(digits):
        digits = _SPACES.sub(b"", digits)
    if len(digits) % 2:
        return bytes.fromhex(digits[:-1].decode()) + bytes((int(digits[-1:], 16),))
    return bytes.fromhex(digits.decode())


def _string(data: bytes, start: int) -> tuple[bytes, int]:
    """Gives a literal string that opens at ``data[start]`` (nested brackets, escapes) and where it ends, read as
    pdfminer reads it; raises NotPlain for what pdfminer reads differently at its 4 KiB buffer edges (a backslash
    before a carriage return), an octal escape over 255 (an error) or a string that does not end."""
    out, depth, i, n = bytearray(), 1, start + 1, len(data)
    while True:
        m = _STRING_PART.search(data, i)
        if m is None:
            raise NotPlain("a string that does not end")
        j = m.start()
        out += data[i:j]
        c = data[j]
        i = j + 1
        if c == 40:  # (
            depth += 1
            out.append(c)
        elif c == 41:  # )
            depth -= 1
            if not depth:
                return bytes(out), i
            out.append(c)
        else:  # a backslash
            if i >= n:
                raise NotPlain("a string that does not end")
            c = data[i]
            if c in _OCTAL:
                k = i
                while k < n and k - i < 3 and data[k] in _OCTAL:
                    k += 1
                code = int(data[i:k], 8)
                if code > 255 or k >= n:
                    raise NotPlain("an octal escape pdfminer refuses")
                out.append(code)
                i = k
            elif c in _ESCAPES:
                out.append(_ESCAPES[c])
                i += 1
            elif c == 13:  # \r: pdfminer skips a following \n only when both are in one buffer
                raise NotPlain("a backslash before a carriage return")
            else:  # a line break after a backslash, or an unknown escape: pdfminer drops it
                i += 1


def tokens(data: bytes, last: bool) -> list:
    """Gives the tokens of one content stream as pdfminer's ``PSBaseParser`` gives them; raises NotPlain for one
    it may read differently.  A stream that is not the page's last must end between tokens, after a space."""
    if not last and (not data or data[-1] not in _SPACE):
        if data:
            raise NotPlain("a stream that may end inside a token")
    if data and data[-1] not in _SPACE:
        data += b"\n"  # pdfminer ends the last token at the end of the data with a line break
        tail = True
    else:
        tail = False
    out: list = []
    append = out.append
    match = _TOKEN.match
    pos, n = 0, len(data)
    while pos < n:
        m = match(data, pos)
        if m is None or m.end() == pos:  # only spaces and nulls left
            break
        kind = m.lastgroup
        end = m.end()
        if kind == "keyword":
            word = m.group(kind)
            if word == b"true":
                append(True)
            elif word == b"false":
                append(False)
            else:
                append(KWD(word))
        elif kind == "number":
            text = m.group(kind)
            try:
                append(float(text) if b"." in text else int(text))
            except ValueError:
                pass  # pdfminer drops a sign or a point alone
        elif kind == "name":
            if tail and end == n - 1 and b"#" in m.group(kind):
                raise NotPlain("a name with an escape at the end of the page")
            append(_name(m.group(kind)))
        elif kind == "string":
            append(m.group(kind))
        elif kind == "open":
            text, end = _string(data, m.start(kind))
            append(text)
        elif kind == "hex":
            if end >= n or (tail and end >= n - 1):
                raise NotPlain("a hexadecimal string that does not end")
            append(_hex(m.group(kind)))
        elif kind == "dict":
            append(KEYWORD_DICT_BEGIN)
        elif kind == "close":
            if m.group(kind) == b">>":
                append(KEYWORD_DICT_END)
        elif kind == "other":
            append(KWD(m.group(kind)))
        pos = end  # comments are dropped
    return out


def objects(toks: list) -> list:
    """Gives the objects pdfminer's ``PSStackParser`` builds from tokens: arrays, dictionaries and procedures
    gathered, a closing bracket with no opening one dropped, an unfinished one at the end dropped."""
    top: list = []
    stack: list = top
    context: list[tuple[str | None, list]] = []
    kind: str | None = None
    for token in toks:
        if token is KEYWORD_ARRAY_BEGIN or token is KEYWORD_PROC_BEGIN or token is KEYWORD_DICT_BEGIN:
            context.append((kind, stack))
            kind = "a" if token is KEYWORD_ARRAY_BEGIN else "p" if token is KEYWORD_PROC_BEGIN else "d"
            stack = []
        elif token is KEYWORD_ARRAY_END or token is KEYWORD_PROC_END or token is KEYWORD_DICT_END:
            wanted = "a" if token is KEYWORD_ARRAY_END else "p" if token is KEYWORD_PROC_END else "d"
            if kind != wanted:
                continue  # pdfminer drops it
            items = stack
            kind, stack = context.pop()
            if wanted == "d":
                if len(items) % 2:
                    raise NotPlain("a dictionary with a key and no value")
                stack.append({literal_name(k): v for k, v in zip(items[::2], items[1::2]) if v is not None})
            else:
                stack.append(items)
        else:
            if token in _INLINE_IMAGE:
                raise NotPlain("an inline image")
            stack.append(token)
    return top


class FastContentParser(PDFContentParser):
    """pdfminer's content parser, reading plain content streams in one pass (see the module's docstring)."""

    def __init__(self, streams) -> None:
        self._fast = None
        try:
            datas = [stream_value(s).get_data() for s in streams]
            toks = [t for i, d in enumerate(datas) for t in tokens(d, i == len(datas) - 1)]
            self._fast = [(0, obj) for obj in objects(toks)]
        except Exception:  # NotPlain, or a stream pdfminer's parser should fail on in its own way and time
            self._fast = None
        if self._fast is None:
            super().__init__(streams)
            return
        if not streams:
            raise PSEOF("Unexpected EOF, file truncated?")
        self._next = 0

    def nextobject(self):
        """Gives the next operand or operator, as pdfminer's parser does."""
        if self._fast is None:
            return super().nextobject()
        if self._next >= len(self._fast):
            raise PSEOF("Unexpected EOF")
        obj = self._fast[self._next]
        self._next += 1
        return obj


_OPERATORS: dict[tuple[type, object], tuple[str | None, int]] = {}


def _operator(cls: type, keyword) -> tuple[str | None, int]:
    """Gives the interpreter's method for an operator and how many operands it takes, as pdfminer's ``execute``
    finds them (``T*`` is ``do_T_a``; None when the interpreter has no such method), once per operator."""
    found = _OPERATORS.get((cls, keyword))
    if found is None:
        name = keyword_name(keyword)
        method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
        func = getattr(cls, method, None)
        found = (method, func.__code__.co_argcount - 1) if func is not None else (None, 0)
        _OPERATORS[(cls, keyword)] = found
    return found


def execute(self, streams) -> None:
    """pdfminer's ``PDFPageInterpreter.execute``, with the streams read by ``FastContentParser`` and each
    operator's method looked up once; the same guard against a content stream that calls itself."""
    valid_streams = []
    self.stream_ids.clear()
    for obj in streams:
        stream = stream_value(obj)
        if stream.objid is None:  # an inline stream cannot be tracked for circular references
            continue
        if stream.objid not in self.parent_stream_ids:
            valid_streams.append(stream)
            self.stream_ids.add(stream.objid)
    try:
        parser = FastContentParser(valid_streams)
    except PSEOF:  # an empty page
        return
    cls = type(self)
    while True:
        try:
            (_, obj) = parser.nextobject()
        except PSEOF:
            break
        if isinstance(obj, PSKeyword):
            method, nargs = _operator(cls, obj)
            if method is not None:
                func = getattr(self, method)
                if nargs:
                    args = self.pop(nargs)
                    if len(args) == nargs:
                        func(*args)
                else:
                    func()
            elif settings.STRICT:
                raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
        else:
            self.push(obj)


_SHIPPED = PDFPageInterpreter.execute


def install() -> None:
    """Makes pdfminer's interpreter read content streams with ``execute`` above (the extract stage calls it)."""
    PDFPageInterpreter.execute = execute


@contextlib.contextmanager
def as_shipped():
    """Runs a block with pdfminer's own content reading, for a benchmark against pdfplumber as it comes."""
    fast = PDFPageInterpreter.execute
    PDFPageInterpreter.execute = _SHIPPED
    try:
        yield
    finally:
        PDFPageInterpreter.execute = fast
