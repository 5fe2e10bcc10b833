"""pdfminer's layout of a page with its characters made at less cost, for the extract stage.

pdfminer draws a string one character at a time through five calls (the string's loop, a translated matrix, the
device's character, ``LTChar`` and its rectangle), and pdfplumber's device tags each character with its marked
content, which the extract stage never reads.  ``LeanAggregator`` draws a horizontal string in one loop with the
very arithmetic of those calls, written out in the same order (the same position, size, font and text, float for
float); vertical writing is left to pdfminer as it is.
"""

from __future__ import annotations

from pdfminer.layout import LTChar, LTPage
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfplumber.page import PDFPageAggregatorWithMarkedContent


class LeanChar(LTChar):
    """A horizontal character with the attributes ``LTChar`` gives it, set by ``LeanAggregator``."""

    def __init__(self) -> None:  # the attributes are set by render_string_horizontal
        pass


def _char(text, matrix, fontname, upright, adv, x0, y0, x1, y1, ncs, graphicstate) -> LeanChar:
    """Gives a LeanChar with ``LTChar``'s attributes."""
    item = LeanChar()
    item._text = text
    item.matrix = matrix
    item.fontname = fontname
    item.ncs = ncs
    item.graphicstate = graphicstate
    item.adv = adv
    item.upright = upright
    item.x0, item.y0, item.x1, item.y1 = x0, y0, x1, y1
    item.bbox = (x0, y0, x1, y1)
    item.width = x1 - x0
    item.height = item.size = y1 - y0
    return item


def _glyph(device, font, cid: int) -> tuple[str, float]:
    """Gives a character code's text and width in a font, as pdfminer's ``render_char`` finds them."""
    try:
        text = font.to_unichr(cid)
        assert isinstance(text, str), str(type(text))
    except PDFUnicodeNotDefined:
        text = device.handle_undefined_char(font, cid)
    return text, font.char_width(cid)


class LeanAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's page device, drawing horizontal strings in one loop and without marked-content tags; each
    character code's text and width are looked up once per font and page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._glyphs: dict = {}  # font -> {cid: (text, width)}

    def render_string_horizontal(
        self, seq, matrix, pos, font, fontsize, scaling, charspace, wordspace, rise, dxscale, ncs, graphicstate
    ):
        """Adds a horizontal string's characters to the page; gives the position after it, as pdfminer does
        (``PDFTextDevice.render_string_horizontal`` with ``render_char`` and ``LTChar`` written out)."""
        (x, y) = pos
        (a, b, c, d, e, f) = matrix
        needcharspace = False
        fontname = font.fontname
        descent = font.get_descent() * fontsize
        low, high = descent + rise, descent + rise + fontsize
        upright = a * d * scaling > 0 and b * c <= 0
        # the corners of apply_matrix_rect(translated, (0, low, adv, high)), in pdfminer's order of operations:
        # the parts that do not depend on the character are summed once per string
        left_low, left_high = a * 0 + c * low, a * 0 + c * high
        bottom_left, top_left = b * 0 + d * low, b * 0 + d * high
        plain = a > 0 and d > 0 and b == 0 and c == 0 and high > low  # upright, unturned: corners in order
        add = self.cur_item.add
        glyphs = self._glyphs.get(font)
        if glyphs is None:
            glyphs = self._glyphs[font] = {}
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    glyph = glyphs.get(cid)
                    if glyph is None:
                        glyph = glyphs[cid] = _glyph(self, font, cid)
                    text, width = glyph
                    adv = width * fontsize * scaling
                    te, tf = x * a + y * c + e, x * b + y * d + f  # translate_matrix(matrix, (x, y))
                    left1, bottom1 = left_low + te, bottom_left + tf
                    right1, top1 = a * adv + c * low + te, b * adv + d * high + tf
                    if plain and adv > 0:  # the box is (left1, bottom1, right1, top1), as min and max find it
                        x0, y0, x1, y1 = left1, bottom1, right1, top1
                    else:
                        left2, top2 = left_high + te, top_left + tf
                        right2, bottom2 = a * adv + c * high + te, b * adv + d * low + tf
                        x0, x1 = min(left1, left2, right1, right2), max(left1, left2, right1, right2)
                        y0, y1 = min(bottom1, bottom2, top1, top2), max(bottom1, bottom2, top1, top2)
                    add(_char(text, (a, b, c, d, te, tf), fontname, upright, adv, x0, y0, x1, y1, ncs, graphicstate))
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:  # pdfminer logs it and goes on
                pass
        return (x, y)


def layout(page, rotate: int | None = None) -> LTPage:
    """Gives a pdfplumber page's layout as pdfminer reads it (with ``rotate`` in place of its /Rotate if given)."""
    page_obj = page.page_obj
    device = LeanAggregator(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    saved = page_obj.rotate
    try:
        if rotate is not None:
            page_obj.rotate = rotate
        PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page_obj)
    finally:
        page_obj.rotate = saved
    return device.get_result()
