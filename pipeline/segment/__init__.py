"""Stage 3: the resolution's structure from cleaned paragraphs.

:func:`segment` gives the :class:`~pipeline.model.Resolution` a cleaned
document holds: ``cover`` (symbol, body, session, agenda items, dates,
title, the adoption meeting), ``paragraphs`` (enacting formula, preamble,
operative paragraphs and their sub-paragraphs, headings), ``annexes``,
``footnotes`` (which paragraph each note's call is printed in), ``parts``
(documents holding several decisions), ``spans`` (what a paragraph's styled
spans tell: markers, italic opening words, headings).  A new kind of
document is recognised in ``document``, which puts them together.
"""

from pipeline.segment.document import segment

__all__ = ["segment"]
