"""The report's tables as a workbook: one sheet per table, as the document prints them.

Each sheet: a title row (report, unit, period, boundaries, "số liệu đến …"), Vietnamese column headers
(indicator names, units of measure), numbers as numbers with `#,##0` (shown 183.676 in a Vietnamese
locale) and rates as `0,0%` (stored as a ratio, format `0.0%`), the header row frozen, set column
widths, "—" where there is no figure. A last sheet holds the text.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from . import tables

SHEET_TEXT = "Nội dung"
CM_TO_CHARS = 4.7  # Excel column width units per centimetre (Calibri 11 default)


def _title(payload: dict) -> str:
    boundaries = _("địa giới hiện nay") if payload.get("boundaries") == "current" else _("địa giới thời kỳ báo cáo")
    doc = payload.get("document") or {}
    return _("Báo cáo %(title)s – %(unit)s – %(period)s – %(boundaries)s – số liệu đến %(as_of)s") % {
        "title": doc.get("title", ""), "unit": payload.get("unit_name", payload.get("unit")),
        "period": tables.period_words(payload), "boundaries": boundaries, "as_of": tables.as_of_text(payload)}


def _ratio_table(payload: dict) -> tables.Table:
    """The figure table with the change as a ratio (a number formatted 0.0%) instead of text."""
    table = tables.figure_table(payload)
    for row in table.rows:
        current, previous = row[3], row[4]
        row[6] = (float(Decimal(str(current - previous)) / Decimal(str(previous)))
                  if current is not None and previous not in (None, 0) else None)
    table.formats[6] = "0.0%"
    return table


def workbook_tables(payload: dict) -> list[tables.Table]:
    return [t for t in (_ratio_table(payload), tables.level_table(payload),
                        tables.child_table(payload, compact=False, fold=False)) if t.rows or t.total]


def _append(sheet, values: list) -> None:
    """Append a row; text stays text (a section a user wrote as "=…" never becomes a live formula)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def write_workbook(payload: dict, target) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = Workbook()
    workbook.remove(workbook.active)
    title = _title(payload)
    for index, table in enumerate(workbook_tables(payload), start=1):
        sheet = workbook.create_sheet(f"{index}. {table.title}"[:31])
        _append(sheet, [title])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=12)
        # The title spans the table and wraps (a long title must not hide behind the next cells).
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(table.header))
        sheet.cell(row=1, column=1).alignment = Alignment(wrap_text=True, vertical="center")
        sheet.row_dimensions[1].height = 33
        _append(sheet, list(table.header))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
        body = [*table.rows, *table.tail, *([table.total] if table.total else [])]
        for values in body:
            _append(sheet, [tables.NO_DATA if (table.numeric[i] and raw is None) else raw
                            for i, raw in enumerate(values)])
            money = _("triệu đồng") in values
            for i, cell in enumerate(sheet[sheet.max_row]):
                cell.border = border
                if table.numeric[i] and cell.value != tables.NO_DATA:
                    cell.number_format = (table.formats[i] if i < len(table.formats) and table.formats[i]
                                          else "#,##0")
                    if money and cell.number_format == "#,##0":
                        cell.number_format = "#,##0.0"  # million đồng with one decimal
                    cell.alignment = Alignment(horizontal="right")
                elif table.numeric[i]:
                    cell.alignment = Alignment(horizontal="right")
                elif table.centred[i]:
                    cell.alignment = Alignment(horizontal="center", vertical="center")
                else:  # names: wrapped, never cut off
                    cell.alignment = Alignment(wrap_text=True, vertical="center")
        if table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        if table.folded:
            _append(sheet, [table.folded])
        for i, width in enumerate(table.widths or [3.0] * len(table.header), start=1):
            chars = max(6, round(width * CM_TO_CHARS, 1))
            if i == 2:  # the name column: indicator names and unit names are long
                chars = max(chars, 56)
            sheet.column_dimensions[get_column_letter(i)].width = chars
        sheet.row_dimensions[2].height = 45
        sheet.freeze_panes = "C3"
        # Printing: landscape A4, one page wide, the header row repeated on every page.
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "2:2"
    sheet = workbook.create_sheet(SHEET_TEXT)
    _append(sheet, [title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=12)
    _append(sheet, [_("Nội dung báo cáo")])
    sheet.cell(row=2, column=1).font = Font(bold=True)
    for paragraph in payload.get("narrative") or []:
        _append(sheet, [paragraph])
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120
    sheet.freeze_panes = "A3"
    workbook.save(target)
