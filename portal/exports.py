"""Tables leave the portal as CSV or Excel files: the approver queue's CSV and every table of the reports.

CSV is UTF-8 with a byte order mark, so that Excel opens the Thai headers and names as Thai. Both formats
neutralise spreadsheet formulas (CSV injection): a text cell that starts with = + - @ (or a tab or carriage return)
gets a leading apostrophe, so a procedure named "=HYPERLINK(...)" is shown as text, never run. Numbers stay numbers
(an .xlsx cell keeps its type; only text is neutralised).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_cell(value) -> str:
    """The text of a cell with spreadsheet formulas neutralised: a cell must not start with = + - @."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _typed_cell(value):
    """A cell for a typed format (.xlsx): numbers as they are, everything else as neutralised text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    return spreadsheet_cell(value)


class _Echo:
    """A file-like object whose write() returns what it was given: csv.writer then yields lines to stream."""

    def write(self, value):
        return value


def csv_lines(header: Sequence, rows: Iterable[Sequence]) -> Iterable[str]:
    """The lines of a CSV file: the byte order mark, the header, then each row (every cell neutralised)."""
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8.decode("utf-8")
    yield writer.writerow([spreadsheet_cell(h) for h in header])
    for row in rows:
        yield writer.writerow([spreadsheet_cell(c) for c in row])


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A streamed CSV download (rows may be a generator over a large queryset)."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    return attachment(response, filename)


def xlsx_bytes(
    sheet_title: str, header: Sequence, rows: Iterable[Sequence], number_formats: Sequence[str | None] = ()
) -> bytes:
    """An .xlsx workbook of one sheet: the header row (bold), then the rows. `number_formats` (per column, e.g.
    "#,##0.0") says how Excel shows the numbers of a column.

    Written in openpyxl's write-only mode (rows go out as they come, so a long list does not sit in memory as
    cell objects). A sheet title may not hold : \\ / ? * [ ] and is at most 31 characters."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    title = "".join(c for c in sheet_title if c not in ":\\/?*[]")[:31] or "Sheet1"
    sheet = workbook.create_sheet(title=title)
    bold = Font(bold=True)
    heading = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=spreadsheet_cell(text))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    formats = list(number_formats)
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            value = _typed_cell(value)
            fmt = formats[i] if i < len(formats) else None
            if fmt and isinstance(value, int | float):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = fmt
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(
    filename: str, sheet_title: str, header: Sequence, rows: Iterable[Sequence], number_formats: Sequence = ()
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheet_title, header, rows, number_formats), content_type=XLSX_TYPE)
    return attachment(response, filename)
