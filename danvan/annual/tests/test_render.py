"""DOCX / XLSX / print HTML from payloads assembled around hand-built figures: every element of the format."""

import datetime
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from danvan.annual import documents, selectors, tables
from danvan.annual.models import AnnualReport
from danvan.annual.render_docx import render_docx
from danvan.annual.render_html import render_html
from danvan.annual.render_xlsx import write_workbook

pytestmark = pytest.mark.django_db


def hau_giang_data():
    return {
        "unit": "VN-93", "year": 2023, "boundaries": "historical", "as_of": "2026-11-21T16:00:00+00:00",
        "figures": {"dialogue": 143, "dvk.registered": 1200, "dvk.recognised.collective": 500,
                    "dvk.recognised.individual": 300, "dvk.recognised": 800, "petition.received": None},
        "by_level": {"dialogue": {"central": 0, "province": 5, "district": 23, "commune": 115}},
        "by_child": [{"unit": "VN-93-930", "name": "Thành phố Vị Thanh", "figures": {"dialogue": 20,
                                                                                     "dvk.registered": 300}},
                     {"unit": "VN-93-934", "name": "Huyện Phụng Hiệp", "figures": {"dialogue": 18,
                                                                                   "dvk.registered": 100}},
                     {"unit": "VN-93-931", "name": "Huyện Châu Thành", "figures": {"dialogue": None}},
                     {"unit": "VN-93-932", "name": "Huyện Châu Thành A", "figures": {}}],
        "previous_year": {"dialogue": 130},
    }


def assemble(unit, data=None, report=None, year=2023, half=0):
    return selectors.assemble(data or {**hau_giang_data(), "year": year}, unit=unit, year=year,
                              boundaries="historical", report=report, half=half)


@pytest.fixture
def payload(unit):
    return assemble(unit("VN-93"), report=AnnualReport(unit=unit("VN-93"), year=2023,
                                                       report_date=datetime.date(2023, 12, 27)))


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


def docx_of(payload):
    return Document(io.BytesIO(render_docx(payload)))


def header_cells(document):
    return [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]


def signature_cells(document):
    table = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    return [p.text for p in table.rows[0].cells[1].paragraphs if p.text]


def test_docx_party_format(payload):
    document = docx_of(payload)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm, 1) for m in margins) == (20, 20, 30, 15)
    assert header_cells(document) == ["TỈNH ỦY HẬU GIANG", "BAN DÂN VẬN", "*",
                                      "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BDVTU"]
    assert document.tables[0].rows[0].cells[0].paragraphs[1].runs[0].font.bold
    grid = [int(c.get(qn("w:w"))) for c in document.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[1] > grid[0]  # the date line's column is wide enough for one line
    _p, party = find_run(document, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party.font.bold and party.font.size == Pt(15) and party.font.name == "Times New Roman"
    assert document.tables[0].rows[0].cells[1].paragraphs[0]._p.pPr.find(qn("w:pBdr")) is not None  # the rule
    _p, date_run = find_run(document, "Hậu Giang, ngày 27 tháng 12 năm 2023")
    assert date_run.font.italic
    _p, title = find_run(document, "BÁO CÁO")
    assert title.font.bold and title.font.size == Pt(16)
    _p, subject = find_run(document, "Tổng kết công tác dân vận năm 2023, phương hướng, nhiệm vụ năm 2024")
    assert subject.font.bold and subject.font.size == Pt(14)
    body = texts_of(document)
    # "PHẦN THỨ NHẤT" on its own line, the part title below it
    first = body.index("PHẦN THỨ NHẤT")
    assert body[first + 1] == "KẾT QUẢ CÔNG TÁC DÂN VẬN NĂM 2023"
    assert "III. HOẠT ĐỘNG CỦA BAN DÂN VẬN" in body and "PHẦN THỨ HAI" in body
    sentence = next(t for t in body if "toàn tỉnh tổ chức 143 cuộc" in t)
    paragraph, body_run = find_run(document, sentence)
    assert body_run.font.size == Pt(14) and body_run.font.name == "Times New Roman"
    assert paragraph.paragraph_format.first_line_indent is not None and paragraph.alignment == 3  # justified
    _p, to = find_run(document, "Nơi nhận:")
    assert to.font.underline
    assert "- Lưu Văn phòng." in body


def test_page_numbers_from_the_second_page_top_centre(payload):
    document = docx_of(payload)
    section = document.sections[0]
    assert section.different_first_page_header_footer  # w:titlePg: page 1 uses the (empty) first-page header
    assert not any(p.text for p in section.first_page_header.paragraphs)
    field = section.header.paragraphs[0]._p.find(qn("w:fldSimple"))
    assert field is not None and field.get(qn("w:instr")).strip() == "PAGE"
    assert section.header.paragraphs[0].alignment == 1  # centred


def test_draft_mark_and_blank_date(unit):
    draft = docx_of(assemble(unit("VN-93")))
    assert draft.paragraphs[0].text == "DỰ THẢO" and draft.paragraphs[0].runs[0].font.bold
    assert "Hậu Giang, ngày\u00a0…\u00a0tháng\u00a0…\u00a0năm\u00a0…" in texts_of(draft)
    numbered = docx_of(assemble(unit("VN-93"), report=AnnualReport(unit=unit("VN-93"), year=2023, draft_number=2)))
    assert numbered.paragraphs[0].text == "Dự thảo lần 2"
    final = assemble(unit("VN-93"), report=AnnualReport(unit=unit("VN-93"), year=2023, status="final",
                                                        report_date=datetime.date(2023, 12, 27)))
    final["document"]["appendix_line"] = "Kèm theo Báo cáo số 07-BC/BDVTU, ngày 27/12/2023"
    document = docx_of(final)
    body = texts_of(document)
    assert not any("DỰ THẢO" in t or "Dự thảo" in t for t in body)
    assert any(t.startswith("(Kèm theo Báo cáo số 07-BC/BDVTU, ngày 27/12/2023; số liệu chốt đến") for t in body)


@pytest.mark.parametrize("key, year, expected_header, expected_signature", [
    ("VN", 2023, ["BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN DÂN VẬN", "*", "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BDVTW"],
     ["TRƯỞNG BAN"]),
    ("VN", 2025, ["BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*",
                  "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGDVTW"], ["TRƯỞNG BAN"]),
    ("VN-92", 2026, ["THÀNH ỦY CẦN THƠ", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*",
                     "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/BTGDVTU"], ["TRƯỞNG BAN"]),
    ("TW-DUK", 2022, ["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG", "ĐẢNG ỦY KHỐI", "*",
                      "Số \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-BC/ĐUK"], ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]),
])
def test_header_and_signature_per_body(unit, key, year, expected_header, expected_signature):
    document = docx_of(assemble(unit(key), year=year))
    assert header_cells(document) == expected_header
    assert signature_cells(document) == expected_signature
    assert "VIỆT NAM" not in header_cells(document)[0]


def test_commune_signs_for_the_party_committee(unit, commune_cantho):
    document = docx_of(assemble(commune_cantho, year=2026))
    header = header_cells(document)
    assert header[0] == "ĐẢNG BỘ THÀNH PHỐ CẦN THƠ" and header[1] == "ĐẢNG ỦY PHƯỜNG NINH KIỀU"
    assert header[3].endswith("-BC/ĐU")
    assert signature_cells(document) == ["T/M ĐẢNG ỦY", "BÍ THƯ"]


def test_deputy_signs_for_the_head(unit):
    report = AnnualReport(unit=unit("VN-93"), year=2023, signing_formula="deputy", signer_title="K/T TRƯỞNG BAN",
                          signer_position="PHÓ TRƯỞNG BAN", signer="Trần Thị B")
    document = docx_of(assemble(unit("VN-93"), report=report))
    assert signature_cells(document) == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Trần Thị B"]


def test_unit_data_overrides_defaults(unit):
    duk = unit("TW-DUK")
    duk.doc_symbol, duk.doc_place, duk.doc_signer_name = "ĐUK", "Hà Nội", "Nguyễn Văn C"
    duk.doc_signing_formula, duk.doc_signer_position = "tm_btv", "PHÓ BÍ THƯ"
    profile = documents.profile(duk, datetime.date(2022, 12, 20))
    assert profile.signer_title == "T/M BAN THƯỜNG VỤ" and profile.signer_position == "PHÓ BÍ THƯ"
    assert profile.signer_name == "Nguyễn Văn C" and set(profile.from_unit) >= {"symbol", "place", "formula"}
    # a body with no safe default gets no invented symbol
    front = unit("TW-MTTQ")
    assert documents.profile(front, datetime.date(2023, 12, 1)).symbol == ""


def test_ended_unit_has_no_part_two(unit):
    payload = assemble(unit("VN-93"), year=2025)
    assert payload["document"]["title"] == "tổng kết công tác dân vận năm 2025"
    assert not any("PHƯƠNG HƯỚNG" in b["text"] for b in payload["blocks"])


def _table_after(document, caption):
    body = document.element.body
    for index, element in enumerate(body):
        if element.tag == qn("w:p") and "".join(t.text or "" for t in element.iter(qn("w:t"))) == caption:
            return next(e for e in list(body)[index + 1:] if e.tag == qn("w:tbl"))
    raise AssertionError(caption)


def _row_texts(row):
    return ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.findall(qn("w:tc"))]


def test_tables_tt_total_widths_header_repeat_and_no_data(payload):
    document = docx_of(payload)
    table = _table_after(document, "Bảng 3. Phân theo đơn vị trực thuộc")
    rows = table.findall(qn("w:tr"))
    assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeated on every page
    assert _row_texts(rows[0])[:2] == ["TT", "Đơn vị"]
    widths = [int(col.get(qn("w:w"))) for col in table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert widths[1] > 2 * widths[2] and widths[0] < widths[2]  # names wide, numbers narrow, TT narrowest
    body = [_row_texts(row) for row in rows[1:]]
    assert body[0][:2] == ["1", "Thành phố Vị Thanh"] and body[1][:2] == ["2", "Huyện Phụng Hiệp"]
    assert body[2] == ["… và 2 huyện, quận, thị xã, thành phố chưa có số liệu"]  # folded into one line
    assert body[-1][1] == "Tổng số" and "1.200" in body[-1]
    number_cell = rows[1].findall(qn("w:tc"))[2].find(qn("w:p"))
    assert number_cell.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == "right"
    name_cell = rows[1].findall(qn("w:tc"))[1].find(qn("w:p"))
    assert name_cell.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == "left"
    main = [_row_texts(row) for row in _table_after(document, "Bảng 1. Kết quả chủ yếu").findall(qn("w:tr"))]
    # an indicator with no figure in either year is one line, not a row of dashes (the workbook keeps the row)
    assert not any(len(row) > 1 and row[1].startswith("Đơn thư") for row in main)
    assert any(len(row) == 1 and row[0].startswith("… và ") and row[0].endswith("chỉ tiêu khác chưa có số liệu")
               for row in main)
    dialogue = next(row for row in main if row[1].startswith("Hội nghị tiếp xúc") or row[1].startswith("Cuộc tiếp"))
    assert dialogue[3:] == ["143", "130", "+13", "+10,0%"]
    registered = next(row for row in main if row[1].startswith("Mô hình “Dân vận khéo” được đăng ký"))
    assert registered[3:] == ["1.200", "—", "—", "—"]  # nothing in 2022: no change computed


def test_same_name_units_across_the_reform_are_told_apart():
    children = [{"unit": "VN-89", "name": "Tỉnh An Giang", "valid_to": "2025-06-30"},
                {"unit": "VN-91", "name": "Tỉnh An Giang", "valid_from": "2025-07-01"},
                {"unit": "VN-92", "name": "Thành phố Cần Thơ"}]
    assert tables.child_labels(children) == ["Tỉnh An Giang (cũ, đến 30/06/2025)",
                                             "Tỉnh An Giang (mới, từ 01/07/2025)", "Thành phố Cần Thơ"]


def test_charts_are_images_each_with_its_table(payload):
    document = docx_of(payload)
    assert len(document.inline_shapes) >= 2
    blobs = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert blobs and all(blob[:8] == b"\x89PNG\r\n\x1a\n" for blob in blobs)
    body = texts_of(document)
    chart = next(t for t in body if t.startswith("Biểu đồ 1."))
    assert "█" not in "".join(body)
    table = _table_after(document, chart)
    assert [_row_texts(r)[1] for r in table.findall(qn("w:tr"))[1:]] == ["Thành phố Vị Thanh", "Huyện Phụng Hiệp"]


def test_xlsx_title_headers_formats_and_frozen_header(payload):
    buffer = io.BytesIO()
    write_workbook(payload, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert book.sheetnames == ["1. Kết quả chủ yếu", "2. Phân theo cấp", "3. Phân theo đơn vị trực thuộc",
                               "Nội dung"]
    sheet = book["1. Kết quả chủ yếu"]
    title = sheet["A1"].value
    assert "Tỉnh Hậu Giang" in title and "Năm 2023" in title and "địa giới thời kỳ báo cáo" in title \
        and "số liệu đến" in title
    assert [c.value for c in sheet[2]][:4] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2023"]
    assert sheet.freeze_panes == "C3"
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=3)}
    dialogue = next(row for name, row in rows.items() if name and "đối thoại" in name)
    assert dialogue[3].value == 143 and dialogue[3].number_format == "#,##0"
    assert dialogue[6].number_format == "0.0%" and round(dialogue[6].value, 3) == 0.1
    petitions = next(row for name, row in rows.items() if name and name.startswith("Đơn thư"))
    assert petitions[3].value == "—"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["D"].width
    children = book["3. Phân theo đơn vị trực thuộc"]
    assert "dialogue" not in [c.value for c in children[2]]  # names, not indicator codes


def test_print_html(payload):
    html = render_html(payload)
    assert "@page { size: A4; margin: 20mm 15mm 20mm 30mm;" in html and "counter(page)" in html
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "Hậu Giang, ngày 27 tháng 12 năm 2023" in html
    assert '<p class="draft"><span>DỰ THẢO</span></p>' in html
    assert "(trong đó cấp tỉnh 5 cuộc, cấp huyện 23 cuộc, cấp xã 115 cuộc)" in html
    assert "<svg" in html and "Thành phố Vị Thanh" in html and "<th>TT</th>" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # nothing from outside


def test_default_recipients_follow_the_2025_commission_merger(unit):
    assert "Ban Dân vận cấp trên" in documents.defaults(unit("VN-92"), 2023)["recipients"]
    assert "Ban Tuyên giáo và Dân vận cấp trên" in documents.defaults(unit("VN-92"), 2025)["recipients"]


def test_money_in_million_dong_and_signed_changes(unit):
    data = {**hau_giang_data(), "figures": {"campaign.money.received": 17_600_000_000, "dialogue": 120},
            "previous_year": {"campaign.money.received": 15_000_000_000, "dialogue": 130}}
    table = tables.figure_table(assemble(unit("VN-93"), data=data))
    money = next(row for row in table.rows if row[2] == "triệu đồng")
    assert money[3:5] == [17_600.0, 15_000.0] and money[6] == "+17,3%"
    dialogue = next(row for row in table.rows if row[3] == 120)
    assert tables.cell_text(dialogue[5], signed=True) == "\u221210" and dialogue[6] == "\u22127,7%"


def test_xlsx_text_is_never_a_formula(unit):
    payload = assemble(unit("VN-93"))
    payload["narrative"] = ["=HYPERLINK(1)", "+1"]
    buffer = io.BytesIO()
    write_workbook(payload, buffer)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["Nội dung"]
    assert [c.data_type for c in sheet["A"][2:4]] == ["s", "s"]
