"""The annual report as a Word document in the Party document format (Hướng dẫn 36-HD/VPTW).

Header: the superior and the issuing body top left with "*" under them and "Số 07-BC/BDVTU" (no
colon); "ĐẢNG CỘNG SẢN VIỆT NAM" top right, 15 pt bold, with a rule below, then the italic place and
date line. Then "BÁO CÁO" (16 pt bold), the trích yếu (14 pt bold), the body in Times New Roman 14
on A4 with margins 20/20/30/15 mm, the signature block ("T/M …") beside "Nơi nhận:", and the
figures as tables in an appendix, with bar charts drawn as text (block characters in a table), since no
image library is installed.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from danvan.core.formatting import format_number

from . import tables

FONT = "Times New Roman"


TABLE_STYLE = "Bảng số liệu"


def _font(run, size: float, *, bold=False, italic=False, underline=False) -> None:
    # Only "on" properties are written: every XML element python-docx adds costs time in big tables.
    run.font.name = FONT
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    if underline:
        run.font.underline = True
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _para(container, text: str = "", size: float = 14, *, bold=False, italic=False, underline=False,
          align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, space_after=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        _font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _rule_below(paragraph) -> None:
    """A single line under the paragraph (the rule under "ĐẢNG CỘNG SẢN VIỆT NAM")."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _first_cell_paragraph(cell, text: str, size: float, **kwargs):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = kwargs.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    _font(paragraph.add_run(text), size, **kwargs)
    return paragraph


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    table_text = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.name = FONT
    table_text.font.size = Pt(12)
    table_text.paragraph_format.space_after = Pt(0)


def _header(document, doc: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    _first_cell_paragraph(left, doc["superior_body"], 14)
    _para(left, doc["issuing_body"], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, "*", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, doc["number_line"], 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    title = _first_cell_paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True)
    _rule_below(title)
    _para(right, "", 14)
    _para(right, doc["place_date_line"], 14, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _data_table(document, header: list[str], rows: list[list], widths: list[float] | None = None) -> None:
    style_id = document.styles[TABLE_STYLE].style_id  # set by id: a lookup by name per cell is slow
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    # Table text takes its font from a paragraph style (12 pt Times New Roman): fast for large tables.
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(str(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            text = format_number(value) if isinstance(value, int | float) else str(value if value is not None else "")
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id
            if index:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(text)
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)


def _signature(document, doc: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    _first_cell_paragraph(left, _("Nơi nhận:"), 14, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in doc["recipients"]:
        _para(left, f"- {line}", 12)
    _first_cell_paragraph(right, doc["signer_title"], 14, bold=True)
    if doc.get("signer_position"):
        _para(right, doc["signer_position"], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _blank in range(4):
        _para(right, "", 14)
    _para(right, doc.get("signer") or "", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _body(document, payload: dict) -> None:
    for block in payload["blocks"]:
        kind, text, level = block["kind"], block["text"], block.get("level", 0)
        if kind == "heading":
            if level == 1:
                _para(document, text, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
            else:
                _para(document, text, 14, bold=True, italic=level == 3, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                      indent=True, space_after=3)
        else:
            _para(document, text, 14, italic=kind == "placeholder", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True,
                  space_after=6)


def _appendix(document, payload: dict) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(document, _("PHỤ LỤC SỐ LIỆU"), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, _("(Kèm theo Báo cáo tổng kết công tác dân vận năm %(year)s; số liệu đến %(as_of)s)") % {
        "year": payload["year"], "as_of": tables.as_of_text(payload)}, 13, italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    year = payload["year"]
    _para(document, _("1. Kết quả chủ yếu"), 14, bold=True, space_after=3)
    rows = [[name, uom, "—" if cur is None else cur, "—" if prev is None else prev, tables.comparison(cur, prev)]
            for name, uom, cur, prev in tables.figure_rows(payload)]
    _data_table(document, [_("Chỉ tiêu"), _("Đơn vị tính"), _("Năm %(y)s") % {"y": year},
                           _("Năm %(y)s") % {"y": year - 1}, _("So sánh")], rows, [6.5, 2.2, 2.6, 2.6, 2.6])
    level_header, level_rows = tables.level_table(payload)
    if level_rows:
        _para(document, "", 12)
        _para(document, _("2. Phân theo cấp"), 14, bold=True, space_after=3)
        _data_table(document, level_header, level_rows)
    child_header, child_rows = tables.child_table(payload, compact=True)
    if child_rows:
        _para(document, "", 12)
        _para(document, _("3. Phân theo đơn vị trực thuộc"), 14, bold=True, space_after=3)
        _data_table(document, child_header, child_rows)


BAR = "\u2588"  # a full block: a bar chart drawn with text, no image library needed
BAR_WIDTH = 28


def _bar_chart(document, title: str, items: list[tuple[str, float]]) -> None:
    """A bar chart as a borderless table: label, bar of block characters, value."""
    if not items:
        return
    _para(document, title, 13, italic=True, space_after=3)
    style_id = document.styles[TABLE_STYLE].style_id
    biggest = max(value for _label, value in items) or 1
    table = document.add_table(rows=0, cols=3)
    for label, value in items:
        cells = table.add_row().cells
        length = max(1, round(BAR_WIDTH * value / biggest))
        for index, text in enumerate((label, BAR * length, format_number(value))):
            paragraph = cells[index].paragraphs[0]
            paragraph._p.style = style_id
            run = paragraph.add_run(text)
            if index == 1:
                run.font.color.rgb = RGBColor(0xB2, 0x22, 0x22)
                run.font.size = Pt(9)
    for row in table.rows:
        for cell, width in zip(row.cells, (5.5, 8.5, 2.5), strict=True):
            cell.width = Cm(width)


def _charts(document, payload: dict) -> None:
    charts = []
    for code in ("dvk.registered", "dialogue"):
        items = tables.chart_items(payload, code, limit=20)
        if items:
            charts.append((_("%(name)s theo đơn vị trực thuộc") % {"name": tables.name_of(payload, code)}, items))
    split = (payload.get("by_level") or {}).get("dialogue") or {}
    levels = [(_(tables.LEVEL_LABELS[level]), float(value)) for level, value in split.items()
              if value and level in tables.LEVEL_LABELS]
    if len(levels) > 1:
        charts.append((_("Tiếp xúc, đối thoại theo cấp"), levels))
    if not charts:
        return
    _para(document, "", 12)
    _para(document, _("4. Biểu đồ"), 14, bold=True, space_after=3)
    for title, items in charts:
        _bar_chart(document, title, items)
        _para(document, "", 10)


def render_docx(payload: dict) -> bytes:
    document = Document()
    _page(document)
    doc = payload["document"]
    _header(document, doc)
    _para(document, "", 14)
    _para(document, _("BÁO CÁO"), 16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, doc["title"], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, "-----", 14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _body(document, payload)
    _para(document, "", 14)
    _signature(document, doc)
    _appendix(document, payload)
    _charts(document, payload)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
