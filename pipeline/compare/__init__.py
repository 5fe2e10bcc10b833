"""Stage 4.5: what changed between two versions of a text (a resolution and its successor, a draft and the text adopted).

:func:`compare` gives a :class:`Comparison`.  One idea per module:
``units`` (the paragraphs compared and the key that says two are the same),
``align`` (paragraphs paired by their words, moves, splits and merges),
``redline`` (word-level changes), ``annotations`` (the one reader of the
annotator's output), ``meaning`` (verbs, asks, deadlines, references and
footnotes that changed), ``amendments`` (an amendment applied to its draft),
``series`` (which texts of a batch are versions of one another),
``comparison`` (the data type and its JSON); ``document`` puts them together.
"""

from pipeline.compare.comparison import Comparison, comparison_dict, comparison_from_dict, comparison_json
from pipeline.compare.document import compare

__all__ = ["Comparison", "compare", "comparison_dict", "comparison_from_dict", "comparison_json"]
