"""The report as a Word document in the Party document format (Hướng dẫn 36-HD/VPTW).

First page: the draft mark ("DỰ THẢO" / "Dự thảo lần N", drafts only) above the header; top left the
superior and the issuing body with "*" and "Số 07-BC/BDVTU" (no colon); top right "ĐẢNG CỘNG SẢN VIỆT
NAM" (15 pt bold, rule below) and the italic place-and-date line. Then "BÁO CÁO" (16 pt bold), the
trích yếu (14 pt bold), the body (14 pt, justified, first-line indent 1 cm), "PHẦN THỨ NHẤT" on its own
line above the part title, the signature block beside "Nơi nhận:", and the appendix: tables and charts
(PNG images drawn by matplotlib, each followed by its table). Page numbers from the second page, top
centre (a PAGE field in a header the first page does not use).

Tables are written as WordprocessingML directly: python-docx builds a cell at a time and spends most of
a national report's time there (see docs/benchmarks.md).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

from . import charts, tables
from .tables import appendix_note, chart_specs

FONT = "Times New Roman"
TABLE_STYLE = "Bảng số liệu"
TWIPS_PER_CM = 567


def _font(run, size: float, *, bold=False, italic=False, underline=False) -> None:
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
          align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, space_after=0, space_before=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        _font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return paragraph


# Elements that follow w:pBdr in a w:pPr (the schema's order; Word rejects a misplaced one).
_AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                  "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _border(paragraph, sides=("bottom",)) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        line = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            line.set(qn(key), value)
        borders.append(line)
    p_pr.insert_element_before(borders, *_AFTER_BORDERS)


def _first_cell_paragraph(cell, text: str, size: float, **kwargs):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = kwargs.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
    if text:
        _font(paragraph.add_run(text), size, **kwargs)
    return paragraph


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    table_text = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.name = FONT
    table_text.font.size = Pt(12)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.space_before = Pt(0)
    _page_numbers(section)


def _page_numbers(section) -> None:
    """Page number top centre from the second page: the first page has its own (empty) header."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/>'
        f'<w:sz w:val="28"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>'))


def _draft_mark(document, mark: str) -> None:
    if not mark:
        return
    paragraph = _para(document, mark, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    paragraph.paragraph_format.left_indent = Cm(16.5 - 4.2 if len(mark) < 10 else 16.5 - 5.5)
    _border(paragraph, ("top", "left", "bottom", "right"))


def _widths(table, widths_cm) -> None:
    """Column widths in both the grid and the cells: LibreOffice lays a table out from its w:gridCol."""
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


# cm, measured with Times New Roman's metric twin: "BAN TUYÊN GIÁO VÀ DÂN VẬN" (14 bold, 7,53 cm), "BAN CHẤP HÀNH
# TRUNG ƯƠNG" (7,41) on one line at the left; "ĐẢNG CỘNG SẢN VIỆT NAM" (15 bold, 7,27) and "Hồ Chí Minh, ngày 27
# tháng 12 năm 2023" (14 italic, 8,38) on one line at the right.
HEADER_WIDTHS = (7.9, 8.6)
HEADER_CELL_MARGIN_TWIPS = 57  # 0,1 cm each side (Word's default is 0,19 cm)
TITLE_WIDTH_CM = 7.45  # the rule below the title is about as long as the title
CELL_MARGINS_CM = 0.2


def _header(document, doc: dict) -> None:
    """Top left: superior body (14), issuing body (14 bold), "*", "Số 07-BC/BDVTU" (14), centred; top right:
    "ĐẢNG CỘNG SẢN VIỆT NAM" (15 bold) with a rule as long as the title, then the italic place-and-date line
    centred below it (Hướng dẫn 36-HD/VPTW; 05-HD/VPTW as summarised, see docs/annual.md)."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    _widths(table, HEADER_WIDTHS)
    margins = parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="{HEADER_CELL_MARGIN_TWIPS}" w:type="dxa"/>'
                        f'<w:right w:w="{HEADER_CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>')
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                           "w:tblPrChange")
    _first_cell_paragraph(left, doc["superior_body"], 14)
    _para(left, doc["issuing_body"], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, "*", 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(left, doc["number_line"], 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    title = _first_cell_paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM", 15, bold=True)
    side = max(0.0, (HEADER_WIDTHS[1] - CELL_MARGINS_CM - TITLE_WIDTH_CM) / 2)
    title.paragraph_format.left_indent = title.paragraph_format.right_indent = Cm(side)
    _border(title)
    _para(right, "", 14)
    _para(right, doc["place_date_line"], 14, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)


# --- tables as XML ------------------------------------------------------------------------------------

_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _cell(text: str, width: int, style_id: str, *, align: str = "left", bold=False, italic=False, span: int = 1
          ) -> str:
    run_pr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/><w:jc w:val="{align}"/></w:pPr>'
            f'<w:r>{"<w:rPr>" + run_pr + "</w:rPr>" if run_pr else ""}'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>')


def table_xml(table: tables.Table, style_id: str) -> str:
    """A w:tbl: fixed widths, header row repeated on every page, numbers right-aligned, total row bold."""
    widths = [round(w * TWIPS_PER_CM) for w in table.widths]
    columns = len(table.header)
    parts = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
             f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             f'<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
             f'</w:tblPr><w:tblGrid>{"".join(f"<w:gridCol w:w={chr(34)}{w}{chr(34)}/>" for w in widths)}</w:tblGrid>',
             '<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>',
             *(_cell(text, widths[i], style_id, align="center", bold=True) for i, text in enumerate(table.header)),
             "</w:tr>"]

    def row_xml(values: list, *, bold=False) -> str:
        cells = []
        for i, raw in enumerate(values):
            if table.numeric[i]:
                text, align = tables.cell_text(raw, bool(table.signed and table.signed[i])), "right"
            else:
                text = "" if raw is None else str(raw)
                align = "center" if table.centred[i] else "left"
            cells.append(_cell(text, widths[i], style_id, align=align, bold=bold))
        return '<w:tr><w:trPr><w:cantSplit/></w:trPr>' + "".join(cells) + "</w:tr>"

    parts.extend(row_xml(row) for row in table.rows)
    if table.folded:
        parts.append("<w:tr>" + _cell(table.folded, sum(widths), style_id, italic=True, span=columns) + "</w:tr>")
    parts.extend(row_xml(row) for row in table.tail)
    if table.total is not None:
        parts.append(row_xml(table.total, bold=True))
    parts.append("</w:tbl>")
    return "".join(parts)


def _add_table(document, table: tables.Table) -> None:
    style_id = document.styles[TABLE_STYLE].style_id
    body = document.element.body
    body.find(qn("w:sectPr")).addprevious(parse_xml(table_xml(table, style_id)))


# --- body ---------------------------------------------------------------------------------------------

_RUN_FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
_JC = {WD_ALIGN_PARAGRAPH.LEFT: "left", WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.JUSTIFY: "both"}


def _para_xml(text: str, size: float = 14, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
              indent=False, space_before=0, space_after=0, at_least=0, keep_next=False) -> str:
    """One body paragraph as WordprocessingML (what `_para` builds through python-docx, a tenth of the cost:
    python-docx looks up and inserts every property element one by one)."""
    spacing = f'<w:spacing w:before="{space_before * 20}" w:after="{space_after * 20}"'
    spacing += f' w:line="{at_least * 20}" w:lineRule="atLeast"/>' if at_least else "/>"
    p_pr = (("<w:keepNext/>" if keep_next else "") + spacing + ('<w:ind w:firstLine="567"/>' if indent else "")
            + f'<w:jc w:val="{_JC[align]}"/>')
    r_pr = _RUN_FONTS + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + f'<w:sz w:val="{round(size * 2)}"/>'
    run = f'<w:r><w:rPr>{r_pr}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{p_pr}</w:pPr>{run}</w:p>"


def _body(document, payload: dict) -> None:
    """Headings and paragraphs of the text, written as one XML fragment."""
    parts = []
    for block in payload["blocks"]:
        kind, text, level = block["kind"], block["text"], block.get("level", 0)
        if kind == "heading":
            if level == 1:
                if block.get("label"):
                    parts.append(_para_xml(block["label"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                                           space_before=6, keep_next=True))
                parts.append(_para_xml(text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6,
                                       keep_next=True))
            else:
                parts.append(_para_xml(text, bold=True, italic=level == 3, indent=True, space_after=3,
                                       keep_next=True))
        else:
            # At least 18 pt between lines (about 1,3 lines of 14 pt): readable, and never clips a diacritic.
            parts.append(_para_xml(text, italic=kind == "placeholder", indent=True, space_after=6, at_least=18))
    fragment = parse_xml(f'<w:body {nsdecls("w")}>{"".join(parts)}</w:body>')
    anchor = document.element.body.find(qn("w:sectPr"))
    for paragraph in list(fragment):
        anchor.addprevious(paragraph)


def _signature(document, doc: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    _widths(table, (8.0, 8.5))
    # "Nơi nhận:" 14 pt upright underlined, each recipient 12 pt on its own line (36-HD/VPTW).
    _first_cell_paragraph(left, _("Nơi nhận:"), 14, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in doc["recipients"]:
        _para(left, f"- {line}", 12)
    lines = doc.get("signature_lines") or [doc.get("signer_title", "")]
    _first_cell_paragraph(right, lines[0] if lines else "", 14, bold=True)
    for line in lines[1:]:
        _para(right, line, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _blank in range(4):
        _para(right, "", 14)
    _para(right, doc.get("signer") or "", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _appendix(document, payload: dict) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(document, _("PHỤ LỤC SỐ LIỆU"), 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, appendix_note(payload), 13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    coverage = tables.scope_and_names(payload)
    if coverage:
        _para(document, coverage, 12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    number = 0
    for table in tables.document_tables(payload):
        if not table.rows:  # nothing but units without figures: one sentence instead of an empty table
            if table.folded:
                _para(document, table.folded, 13, italic=True, space_after=6, space_before=6)
            continue
        number += 1
        caption = _para(document, _("Bảng %(n)s. %(title)s") % {"n": number, "title": table.title}, 14, bold=True,
                        space_after=3, space_before=6)
        caption.paragraph_format.keep_with_next = True
        _add_table(document, table)
    specs = chart_specs(payload)
    charts.prepare([(title, items) for title, _uom, items in specs])  # the missing ones drawn in one go
    for index, (title, uom, items) in enumerate(specs, start=1):
        caption = _para(document, _("Biểu đồ %(n)s. %(title)s") % {"n": index, "title": title}, 14, bold=True,
                        space_after=3, space_before=6)
        caption.paragraph_format.keep_with_next = True
        document.add_picture(io.BytesIO(charts.bar_chart_png(title, items)), width=Cm(16))
        document.paragraphs[-1].paragraph_format.keep_with_next = True  # the chart stays with its table
        _add_table(document, tables.chart_table(title, uom, items))


def render_docx(payload: dict) -> bytes:
    document = Document()
    _page(document)
    doc = payload["document"]
    _draft_mark(document, doc.get("draft_mark", ""))
    _header(document, doc)
    _para(document, "", 14)
    _para(document, _("BÁO CÁO"), 16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, doc["title"][:1].upper() + doc["title"][1:], 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, "-----", 14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _body(document, payload)
    _para(document, "", 14)
    _signature(document, doc)
    _appendix(document, payload)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
