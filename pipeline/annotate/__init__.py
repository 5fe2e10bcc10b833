"""Stage 4: what a resolution asks of whom, by when, and the documents it cites.

:func:`annotated` fills ``references`` and ``annotations`` of a segmented
:class:`~pipeline.model.Resolution`.  One idea per module: ``verbs`` (the
verb lexicon and its scale of force), ``actors`` (who is asked), ``actions``
(one per verb), ``due`` (sessions, dates, periods), ``mandates`` (what is
asked of each addressee, budgets, follow-up), ``preamble`` (kinds of opening
phrases), ``references`` (cited documents), ``summary``; ``document`` puts
them together.  The words they look for are in :mod:`pipeline.lexicon`.
"""

from pipeline.annotate.document import annotate, annotated

__all__ = ["annotate", "annotated"]
