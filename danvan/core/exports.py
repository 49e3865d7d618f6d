"""Streaming exports: CSV row by row, XLSX through openpyxl's write-only mode (bounded memory).

Every export neutralises spreadsheet formulas in user text (CSV/formula injection): a CSV cell starting with
=, +, -, @, tab or CR is written with a leading apostrophe (which `core.imports` strips again, so exports stay
re-importable), and an XLSX cell holding text is always a text cell — never a formula.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV-safe cell: text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A UTF-8 (with BOM, so Excel reads Vietnamese correctly) CSV streamed as it is produced."""
    writer = csv.writer(_Echo())

    def generate():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if v is None else neutralise(v) for v in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(target, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> None:
    """Write (title, header, rows) sheets to a path or file object, in write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        bold = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in rows:
            sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in row])
    workbook.save(target)


def _text_cell(sheet, value: str):
    """A cell that holds `value` as text: openpyxl would otherwise store "=…" as a live formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def xlsx_response(filename: str, sheets) -> FileResponse:
    """Build the workbook in a temporary file and stream it, so a large export never sits in memory."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    write_xlsx(handle, sheets)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
