"""Batches: every input converted into ``OUT/<name>/`` with its pack, and a report of each.

``document`` runs one PDF through the stages in order (extract, clean,
segment, annotate) and writes its pack (render); ``runner`` runs a batch in
child processes under the ``limits`` (time, memory, pages); ``folders``
names output folders and places finished packs atomically; ``report``
writes and merges ``report.json``; ``versions`` compares the packs that are
versions of one another (a resolution and its predecessor, a draft and the
text adopted from it, an amendment and its draft) once a batch is built.
"""

from pipeline.batch.document import convert, write_pack
from pipeline.batch.folders import inputs_of, output_name
from pipeline.batch.report import Outcome, merge_reports, report_dict, write_report
from pipeline.batch.runner import build, convert_one
from pipeline.batch.versions import link_versions, read_text, write_comparison

__all__ = [
    "Outcome",
    "build",
    "convert",
    "convert_one",
    "inputs_of",
    "link_versions",
    "merge_reports",
    "output_name",
    "read_text",
    "report_dict",
    "write_comparison",
    "write_pack",
    "write_report",
]
