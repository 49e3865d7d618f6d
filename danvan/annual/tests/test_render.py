"""DOCX / XLSX / print HTML rendering from a payload assembled around hand-built figures."""

import datetime
import io

import pytest
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook

from danvan.annual import selectors
from danvan.annual.render_docx import render_docx
from danvan.annual.render_html import render_html
from danvan.annual.render_xlsx import write_workbook

pytestmark = pytest.mark.django_db


def hau_giang_data():
    return {
        "unit": "VN-93", "year": 2023, "boundaries": "historical", "as_of": "2026-11-21T16:00:00+00:00",
        "figures": {"dialogue": 143, "dvk.registered": 1200, "dvk.recognised.collective": 500,
                    "dvk.recognised.individual": 300, "dvk.recognised": 800},
        "by_level": {"dialogue": {"central": 0, "province": 5, "district": 23, "commune": 115}},
        "by_child": [{"unit": "VN-93-930", "name": "Thành phố Vị Thanh", "figures": {"dialogue": 20,
                                                                                     "dvk.registered": 300}},
                     {"unit": "VN-93-934", "name": "Huyện Phụng Hiệp", "figures": {"dialogue": 18,
                                                                                   "dvk.registered": 0}}],
        "previous_year": {"dialogue": 130},
    }


@pytest.fixture
def payload(unit):
    return selectors.assemble(hau_giang_data(), unit=unit("VN-93"), year=2023, boundaries="historical", report=None,
                              today=datetime.date(2023, 12, 27))


def texts_of(document):
    body = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                body.extend(p.text for p in cell.paragraphs)
    return body


def find_run(document, text):
    for paragraph in [*document.paragraphs, *(p for t in document.tables for r in t.rows for c in r.cells
                                              for p in c.paragraphs)]:
        for run in paragraph.runs:
            if run.text == text:
                return paragraph, run
    raise AssertionError(f"{text!r} not found")


def test_docx_party_format(payload):
    document = Document(io.BytesIO(render_docx(payload)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm, 1) for m in margins) == (20, 20, 30, 15)
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["TỈNH ỦY HẬU GIANG", "BAN DÂN VẬN", "*",
                                                 "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BDVTU"]
    assert left.paragraphs[1].runs[0].font.bold
    _p, party = find_run(document, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party.font.bold and party.font.size == Pt(15) and party.font.name == "Times New Roman"
    assert right.paragraphs[0]._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None  # the rule below
    _p, date_run = find_run(document, "Hậu Giang, ngày 27 tháng 12 năm 2023")
    assert date_run.font.italic
    _p, title = find_run(document, "BÁO CÁO")
    assert title.font.bold and title.font.size == Pt(16)
    _p, subject = find_run(document, "tổng kết công tác dân vận năm 2023, phương hướng, nhiệm vụ năm 2024")
    assert subject.font.bold and subject.font.size == Pt(14)
    body = texts_of(document)
    sentence = next(t for t in body if "toàn tỉnh tổ chức 143 cuộc" in t)
    assert "Năm 2023, toàn tỉnh tổ chức 143 cuộc (trong đó cấp tỉnh 5 cuộc, cấp huyện 23 cuộc, cấp xã 115 cuộc)" in \
        sentence
    _p, body_run = find_run(document, sentence)
    assert body_run.font.size == Pt(14) and body_run.font.name == "Times New Roman"
    _p, signer = find_run(document, "T/M BAN THƯỜNG VỤ")
    assert signer.font.bold
    _p, to = find_run(document, "Nơi nhận:")
    assert to.font.underline
    assert "- Lưu Văn phòng." in body
    assert "Thành phố Vị Thanh" in body  # the by-child table in the appendix
    assert "4. Biểu đồ" in body and any(text and set(text) == {"\u2588"} for text in body)  # text bar charts
    table_style = document.styles["Bảng số liệu"]
    assert table_style.font.name == "Times New Roman" and table_style.font.size == Pt(12)
    child_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Đơn vị")
    assert child_table.rows[1].cells[0].paragraphs[0].style.name == "Bảng số liệu"


def test_docx_number_given(payload):
    payload["document"]["number_line"] = "Số 07-BC/BDVTU"
    document = Document(io.BytesIO(render_docx(payload)))
    assert "Số 07-BC/BDVTU" in texts_of(document)


def test_xlsx_sheets(payload):
    buffer = io.BytesIO()
    write_workbook(payload, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["Số liệu", "Theo cấp", "Theo đơn vị", "So với năm trước", "Nội dung"]
    figures = {row[2]: row[5] for row in book["Số liệu"].iter_rows(min_row=2, values_only=True)}
    assert figures["dialogue"] == 143 and figures["dvk.registered"] == 1200
    levels = {row[0]: row[2:] for row in book["Theo cấp"].iter_rows(min_row=2, values_only=True)}
    assert levels["dialogue"] == (0, 5, 23, 115)
    children = list(book["Theo đơn vị"].iter_rows(values_only=True))
    assert children[1][:2] == ("VN-93-930", "Thành phố Vị Thanh")
    previous = {row[0]: row[2:] for row in book["So với năm trước"].iter_rows(min_row=2, values_only=True)}
    assert previous["dialogue"][:2] == (130, 143)


def test_print_html(payload):
    html = render_html(payload)
    assert "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }" in html
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "Hậu Giang, ngày 27 tháng 12 năm 2023" in html
    assert "(trong đó cấp tỉnh 5 cuộc, cấp huyện 23 cuộc, cấp xã 115 cuộc)" in html
    assert "<svg" in html and "Thành phố Vị Thanh" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # nothing from outside


def test_default_recipients_follow_the_2025_commission_merger():
    from danvan.annual.documents import defaults
    from danvan.orgunits.models import OrgUnit

    province = OrgUnit(key="VN-92", name="Thành phố Cần Thơ", kind="province", level="province",
                       type_name="Thành phố")
    assert "Ban Dân vận cấp trên" in defaults(province, 2023)["recipients"]
    assert "Ban Tuyên giáo và Dân vận cấp trên" in defaults(province, 2025)["recipients"]
