"""The mandate registry of a batch: one row per ask, report request, agenda item and dated act, as CSV and XLSX.

The rows come from the annotator's ``mandates`` of every document (see
:mod:`pipeline.collection.records`).  Both files are deterministic: the CSV is
UTF-8 with a byte-order mark (spreadsheets then read it as UTF-8), the
workbook has fixed properties and every member of its zip the same date.  A
cell is always text: a task that starts with ``=`` is never a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WIDTHS = {"task": 80, "actor_as_printed": 30, "actor": 28, "due_as_printed": 30, "reports_to": 28, "action": 22}


def columns(labels: dict) -> list[tuple[str, str]]:
    """Gives the registry's (field, heading) pairs in order."""
    return list(labels["mandate_columns"].items())


def _csv_cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: one that starts like a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_START) else value


def mandates_csv(rows: list[dict], labels: dict) -> bytes:
    """Gives mandates.csv: a heading row, then one row per mandate."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    cols = columns(labels)
    writer.writerow([heading for _, heading in cols])
    for row in rows:
        writer.writerow([_csv_cell(str(row.get(field, ""))) for field, _ in cols])
    return buffer.getvalue().encode("utf-8-sig")


def _fixed_zip(data: bytes) -> bytes:
    """Gives the zip with every member dated alike and in the same order, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def _clean(value: str) -> str:
    """Drops the characters an XLSX cell cannot hold (C0 controls other than tab and newline)."""
    return "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32)


def mandates_xlsx(rows: list[dict], labels: dict) -> bytes:
    """Gives mandates.xlsx: one sheet with a frozen heading row and filters, every cell text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    cols = columns(labels)
    wb = Workbook()
    ws = wb.active
    ws.title = labels["sheet_title"][:31]
    ws.append([heading for _, heading in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, 2):
        for i, (field, _) in enumerate(cols, 1):
            cell = ws.cell(row=r, column=i)
            cell.value = _clean(str(row.get(field, "")))
            cell.data_type = "s"  # text, even when it starts with "="
            if field == "task":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, (field, _) in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(field, 14)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(rows) + 1}"
    props = wb.properties
    props.title = labels["workbook_title"]
    props.creator = props.lastModifiedBy = "resbrief"
    props.created = props.modified = FIXED_TIME
    buffer = io.BytesIO()
    # ExcelWriter itself: openpyxl's save() stamps the workbook "modified" with the clock
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip(buffer.getvalue())
