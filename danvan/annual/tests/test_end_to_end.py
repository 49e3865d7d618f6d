"""Data values imported through the engine, then the annual report as JSON, DOCX, XLSX, HTML and web pages."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from danvan.annual import selectors, services
from danvan.annual.models import AnnualReport, AnnualReportSectionVersion
from danvan.core.concurrency import StaleRecordError
from danvan.core.models import AuditEvent
from danvan.orgunits.models import OrgUnit
from danvan.reports.importers import import_datavalues

pytestmark = pytest.mark.django_db

SEED_DVK = ("Năm 2023, cả nước có 183.676 mô hình “Dân vận khéo” được đăng ký, trong đó, các cấp có thẩm quyền đã "
            "công nhận 120.622 mô hình, gồm 75.340 mô hình tập thể, 45.282 mô hình cá nhân")
SEED_CONF = ("Các cấp ủy, tổ chức đảng đã chỉ đạo, tổ chức 14.342 hội nghị với 949.721 lượt người tham dự để học "
             "tập, quán triệt")
# "CTDV" is spelled out at its first use (in II.1), so II.5 uses the abbreviation alone.
SEED_OTHER = ("Có 281 cuộc thi, hội thi về CTDV, Dân vận khéo; 3.790 tin, bài, phóng sự về CTDV; 12.911 tập thể và "
              "18.492 cá nhân được khen thưởng")
SEED_HG = "Năm 2023, toàn tỉnh tổ chức 143 cuộc (trong đó cấp tỉnh 5 cuộc, cấp huyện 23 cuộc, cấp xã 115 cuộc)"


def hau_giang_communes():
    return list(OrgUnit.objects.filter(path__startswith="VN/VN-93/", kind="commune").order_by("path")[:2])


def seed_csv() -> str:
    """National 2023 figures split between the nation's own entry and two provinces (they must add up)."""
    c1, c2 = hau_giang_communes()
    rows = [
        # indicator, VN own, Hà Nội (VN-01), Hậu Giang (VN-93)
        ("dvk.registered", 183_000, 600, 76),
        ("dvk.recognised.collective", 75_000, 300, 40),
        ("dvk.recognised.individual", 45_000, 200, 82),
        ("conference.dissemination", 14_000, 300, 42),
        ("conference.dissemination.attendees", 949_000, 700, 21),
        ("competition", 280, 1, 0),
        ("media", 3_790, 0, 0),
        ("commendation.collective", 12_900, 11, 0),
        ("commendation.individual", 18_492, 0, 0),
    ]
    lines = ["unit,period,indicator,value"]
    for code, nation, hanoi, haugiang in rows:
        lines += [f"VN,2023,{code},{nation}", f"VN-01,2023,{code},{hanoi}", f"VN-93,2023,{code},{haugiang}"]
    lines += ["VN-93,2023,dialogue,5", "VN-93-930,2023,dialogue,10", "VN-93-934,2023,dialogue,13",
              f"{c1.key},2023,dialogue,60", f"{c2.key},2023,dialogue,55",
              "VN,2022,dvk.registered,160000", "VN-93,2022,dialogue,130"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def seeded(db):
    import_datavalues(actor=None, data=seed_csv().encode(), file_name="seed.csv")


def command_json(*args) -> dict:
    out = io.StringIO()
    call_command("annual_report", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_seed_sentences_reproduced_exactly(seeded):
    data = command_json("VN", "2023")
    assert data["unit"] == "VN" and data["year"] == 2023 and data["boundaries"] == "historical"
    assert data["figures"]["dvk.registered"] == 183_676
    assert data["figures"]["dvk.recognised"] == 120_622
    text = "\n".join(data["narrative"])
    assert SEED_DVK in text and SEED_CONF in text and SEED_OTHER in text
    assert "công tác dân vận (CTDV)" in text and text.index("công tác dân vận (CTDV)") < text.index("về CTDV")
    assert "số mô hình đăng ký tăng 23.676 mô hình (14,8%) so với năm 2022" in text  # 183.676 / 160.000
    # no figure for conferences in 2022: no change is computed from it
    assert "số hội nghị chưa có số liệu so sánh với năm 2022" in text
    by_child = {child["unit"]: child for child in data["by_child"]}
    assert len([k for k in by_child if k.startswith("VN-") and len(k) == 5]) == 63  # 63 provinces in 2023
    assert by_child["VN-01"]["figures"]["dvk.registered"] == 600
    assert data["by_level"]["dvk.registered"] == {"central": 183_000, "province": 676, "district": 0,
                                                  "commune": 0}
    assert data["previous_year"]["dvk.registered"] == 160_000


def test_hau_giang_dialogues_by_level(seeded):
    data = command_json("VN-93", "2023")
    assert data["by_level"]["dialogue"] == {"central": 0, "province": 5, "district": 23, "commune": 115}
    sentence = next(p for p in data["narrative"] if "toàn tỉnh tổ chức" in p)
    assert SEED_HG + ", tăng 13 cuộc (10,0%) so với năm 2022." in sentence
    assert {child["unit"] for child in data["by_child"]} >= {"VN-93-930", "VN-93-934"}


def test_current_boundaries_cantho_includes_hau_giang(seeded):
    data = command_json("VN-92", "2023", "--boundaries", "current")
    assert data["boundaries"] == "current"
    assert data["figures"]["dialogue"] == 143
    assert "Năm 2023, toàn thành phố tổ chức 143 cuộc" in "\n".join(data["narrative"])
    assert command_json("VN-92", "2023")["figures"]["dialogue"] is None  # no data is not 0


def test_command_docx_xlsx_html(seeded, tmp_path, capsys):
    docx_path, xlsx_path = tmp_path / "r.docx", tmp_path / "r.xlsx"
    call_command("annual_report", "VN-93", "2023", "--format", "docx", "--output", str(docx_path))
    document = Document(str(docx_path))
    assert any(SEED_HG in p.text for p in document.paragraphs)
    call_command("annual_report", "VN-93", "2023", "--format", "xlsx", "--output", str(xlsx_path))
    book = load_workbook(str(xlsx_path))
    figures = {row[1]: row[3] for row in book["1. Kết quả chủ yếu"].iter_rows(min_row=3, values_only=True)}
    assert figures["Hội nghị tiếp xúc, đối thoại giữa lãnh đạo và Nhân dân"] == 143
    out = io.StringIO()
    call_command("annual_report", "VN-93", "2023", "--format", "html", stdout=out)
    assert SEED_HG in out.getvalue() and "<!DOCTYPE html>" in out.getvalue()


def test_command_bad_input():
    for args, message in [(("VN-XX", "2023"), "Không có đơn vị"), (("VN", "20x3"), "Không đọc được kỳ"),
                          (("VN", "1800"), "nằm ngoài"), (("VN-93", "2026"), "không tồn tại trong kỳ"),
                          (("VN", "2023S3"), "Không đọc được kỳ"),
                          (("VN", "Quý 3/2023"), "quý III năm 2023"),
                          (("VN", "2023", "--date", "27/12/2023"), "YYYY-MM-DD"),
                          (("VN", "2023", "--boundaries", "nowhere"), "Địa giới")]:
        with pytest.raises(CommandError, match=message):
            call_command("annual_report", *args, stdout=io.StringIO())


def test_command_docx_without_output_uses_default_name(seeded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    call_command("annual_report", "VN-93", "2023", "--format", "docx", stderr=err)
    assert (tmp_path / "tong-ket-VN-93-2023.docx").exists()
    assert "tong-ket-VN-93-2023.docx" in err.getvalue()


# --- web ---------------------------------------------------------------------------------------------

def test_page_and_downloads(seeded, make_user, client_for):
    client = client_for(make_user("VN-93", "viewer"))
    page = client.get("/tong-ket/VN-93/2023/")
    assert page.status_code == 200
    html = page.content.decode()
    assert SEED_HG in html and "tai-ve.docx" in html and "tai-ve.xlsx" in html and "/in/" in html
    assert "Soạn nội dung mục này" not in html  # a viewer cannot edit
    docx = client.get("/tong-ket/VN-93/2023/tai-ve.docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert any(SEED_HG in p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    xlsx = client.get("/tong-ket/VN-93/2023/tai-ve.xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == [
        "1. Kết quả chủ yếu", "2. Phân theo cấp", "3. Phân theo đơn vị trực thuộc", "Nội dung"]
    assert SEED_HG in client.get("/tong-ket/VN-93/2023/in/").content.decode()
    assert json.loads(client.get("/tong-ket/VN-93/2023/tai-ve.json").content)["figures"]["dialogue"] == 143


def test_bad_urls_are_404_and_scope_is_enforced(seeded, make_user, client_for):
    client = client_for(make_user("VN-92", "officer"))
    for url in ["/tong-ket/VN-XX/2023/", "/tong-ket/VN-92/2023/tai-ve.pdf",
                "/tong-ket/VN-01/2023/", "/tong-ket/VN-01/2023/tai-ve.docx", "/api/v1/annual/VN-01/2023/",
                "/tong-ket/VN/2023/"]:
        assert client.get(url).status_code == 404, url
    # A period or boundaries value that cannot be used is the user's input: a Vietnamese message (400), never a
    # 404 that reads like a missing permission (issue 10).
    for url in ["/tong-ket/VN-92/abcd/", "/tong-ket/VN-92/1800/", "/tong-ket/VN-92/2023/?boundaries=moon",
                "/tong-ket/VN-92/2023Q3/", "/api/v1/annual/VN-92/abcd/"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "kỳ" in response.content.decode() or "Địa giới" in response.content.decode(), url
    # Hậu Giang's territory is inside Cần Thơ today: readable
    assert client.get("/tong-ket/VN-93/2023/").status_code == 200
    assert client.post("/tong-ket/VN-01/2023/muc/situation/", {"text": "x"}).status_code == 404
    assert not AnnualReport.objects.exists()


def test_edit_sections_versions_and_finalise(seeded, unit, make_user, client_for):
    officer, approver, viewer = make_user("VN-93", "officer"), make_user("VN-93", "approver"), \
        make_user("VN-93", "viewer")
    client = client_for(viewer)
    assert client.post("/tong-ket/VN-93/2023/muc/situation/", {"text": "x"}).status_code == 403
    client = client_for(officer)
    assert client.post("/tong-ket/VN-93/2023/muc/situation/", {"text": "Kinh tế tăng trưởng khá."}).status_code == 302
    report = AnnualReport.objects.get(unit__key="VN-93", year=2023)
    assert report.number == "-BC/BDVTU" and report.superior_body == "TỈNH ỦY HẬU GIANG"
    assert report.signer_title == "TRƯỞNG BAN" and report.signing_formula == "head"  # a Ban is signed by its head
    first = AnnualReportSectionVersion.objects.get(report=report)
    client.post("/tong-ket/VN-93/2023/muc/situation/", {"text": "Kinh tế tăng trưởng 7%.",
                                                         "base_version_id": first.pk})
    assert AnnualReportSectionVersion.objects.filter(report=report, section="situation").count() == 2
    history = client.get("/tong-ket/VN-93/2023/muc/situation/lich-su/").content.decode()
    assert "Kinh tế tăng trưởng khá." in history and "Kinh tế tăng trưởng 7%." in history
    # a stale editor (still on the first version) is refused
    with pytest.raises(StaleRecordError):
        services.save_section(actor=officer, report=report, section="situation", text="cũ",
                              base_version_id=first.pk)
    client.post("/tong-ket/VN-93/2023/van-ban/", {
        "superior_body": "TỈNH ỦY HẬU GIANG", "issuing_body": "BAN DÂN VẬN", "number": "07-BC/BDVTU",
        "place": "Hậu Giang", "report_date": "2023-12-27", "title": "tổng kết công tác dân vận năm 2023",
        "signer_title": "T/M BAN THƯỜNG VỤ", "signer_position": "PHÓ BÍ THƯ", "signer": "Nguyễn Văn A",
        "recipients": "Ban Dân vận Trung ương,\nLưu.", "version": report.version})
    report.refresh_from_db()
    assert report.number == "07-BC/BDVTU"
    page = client.get("/tong-ket/VN-93/2023/").content.decode()
    assert "Kinh tế tăng trưởng 7%." in page and "Số 07-BC/BDVTU" in page
    # officers cannot finalise
    assert client.post("/tong-ket/VN-93/2023/hoan-thanh/").status_code == 403
    client = client_for(approver)
    client.post("/tong-ket/VN-93/2023/hoan-thanh/", {"report_date": "2023-12-28", "signing_formula": "deputy",
                                                      "signer_position": "PHÓ TRƯỞNG BAN", "signer": "Trần Thị B"})
    report.refresh_from_db()
    assert report.report_date.isoformat() == "2023-12-28" and report.signer_title == "K/T TRƯỞNG BAN"
    assert report.snapshot["document"]["signature_lines"] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert report.snapshot["document"]["draft_mark"] == ""
    assert report.status == "final" and report.snapshot["figures"]["dialogue"] == 143
    assert AuditEvent.objects.filter(action="annual.report.finalised", target_id=str(report.pk)).exists()
    # figures change afterwards: the final report keeps its snapshot
    import_datavalues(actor=None, data=b"unit,period,indicator,value\nVN-93,2023,dialogue,50\n", file_name="x.csv")
    data = command_json("VN-93", "2023")
    assert data["figures"]["dialogue"] == 188 - 45 and data["status"] == "final"
    page = client.get("/tong-ket/VN-93/2023/").content.decode()
    assert "Số liệu đã chốt đến" in page
    docx = Document(io.BytesIO(client.get("/tong-ket/VN-93/2023/tai-ve.docx").content))
    body = [p.text for p in docx.paragraphs] + [p.text for t in docx.tables for r in t.rows for c in r.cells
                                                 for p in c.paragraphs]
    assert "Số 07-BC/BDVTU" in body and "Hậu Giang, ngày 28 tháng 12 năm 2023" in body
    assert "DỰ THẢO" not in body and "Trần Thị B" in body
    assert any("Kèm theo Báo cáo số 07-BC/BDVTU, ngày 28/12/2023 của Ban Dân vận Tỉnh ủy Hậu Giang" in text
               and "số liệu chốt đến" in text for text in body)
    assert "- Ban Dân vận Trung ương," in body
    # a final report cannot be edited; reopening needs a reason and brings live figures back
    with pytest.raises(Exception, match="hoàn thành"):
        services.save_section(actor=officer, report=report, section="situation", text="sửa")
    client.post("/tong-ket/VN-93/2023/mo-lai/", {"reason": ""})
    report.refresh_from_db()
    assert report.status == "final"
    client.post("/tong-ket/VN-93/2023/mo-lai/", {"reason": "Bổ sung số liệu đối thoại"})
    report.refresh_from_db()
    assert report.status == "draft" and report.snapshot is None
    assert command_json("VN-93", "2023")["figures"]["dialogue"] == 188
    assert AuditEvent.objects.filter(action="annual.report.reopened", note="Bổ sung số liệu đối thoại").exists()


def test_api(seeded, make_user, client_for):
    client = client_for(make_user("VN-93", "approver"))
    data = client.get("/api/v1/annual/VN-93/2023/").json()
    assert data["figures"]["dialogue"] == 143 and any(SEED_HG in p for p in data["narrative"])
    saved = client.post("/api/v1/annual/VN-93/2023/sections/tasks_missing/", {"text": "x"})
    assert saved.status_code == 404
    saved = client.post("/api/v1/annual/VN-93/2023/sections/part2/", {"text": "Nhiệm vụ 1."}).json()
    assert saved["saved"] is True
    stale = client.post("/api/v1/annual/VN-93/2023/sections/part2/", {"text": "Nhiệm vụ 2.", "base_version_id": 0})
    assert stale.status_code == 409
    refused = client.post("/api/v1/annual/VN-93/2023/finalise/")  # no issue date chosen yet
    assert refused.status_code == 422 and "ngày ban hành" in refused.content.decode()
    assert client.post("/api/v1/annual/VN-93/2023/finalise/", {"report_date": "2023-12-27", "signer": "Nguyễn Văn A"}
                       ).json()["status"] == "final"
    assert client.get("/api/v1/annual/reports/").json()["results"][0]["status"] == "final"
    assert client.post("/api/v1/annual/VN-93/2023/reopen/", {"reason": ""}).status_code == 422
    other = client_for(make_user("VN-01", "approver"))
    assert other.post("/api/v1/annual/VN-93/2023/finalise/").status_code == 404


def test_unit_in_year_check(unit):
    with pytest.raises(selectors.BadRequest):
        selectors.check_unit_in_year(unit("VN-93"), 2025 + 1)
    selectors.check_unit_in_year(unit("VN-93"), 2025)  # existed until 30/6/2025
    selectors.check_unit_in_year(unit("VN-93"), 2025, half=1)
    # ended before the next year: no "phương hướng năm sau"
    assert not selectors.has_next_part(unit("VN-93"), 2025) and selectors.has_next_part(unit("VN-93"), 2024)
    assert selectors.has_next_part(unit("VN-92"), 2025)


def test_index_and_home_panel(make_user, client_for):
    client = client_for(make_user("VN-92", "officer"))
    page = client.get("/tong-ket/")
    assert page.status_code == 200 and 'value="Thành phố Cần Thơ (VN-92)"' in page.content.decode()
    assert client.get("/tong-ket/?unit=VN-92&year=2024&boundaries=current")["Location"] == \
        "/tong-ket/VN-92/2024/?boundaries=current"
    home = client.get("/").content.decode()
    assert "Báo cáo tổng kết công tác dân vận năm 2025 – Thành phố Cần Thơ" in home and "Việc cần làm" in home


def test_years_are_not_grouped(seeded, make_user, client_for):
    client = client_for(make_user("VN-93", "officer"))
    for url in ["/tong-ket/VN-93/2023/", "/tong-ket/VN-93/2023/in/", "/tong-ket/"]:
        assert "2.023" not in client.get(url).content.decode() and "2.022" not in client.get(url).content.decode()


def test_on_behalf_edit_is_logged(seeded, make_user, client_for):
    # Cần Thơ's officer writes Hậu Giang's (now inside Cần Thơ) report only on behalf
    client = client_for(make_user("VN-92", "officer"))
    page = client.get("/tong-ket/VN-93/2023/").content.decode()
    assert "Bạn đang soạn thay cho đơn vị cấp dưới" in page
    client.post("/tong-ket/VN-93/2023/muc/limitations/", {"text": "Còn hạn chế."})
    event = AuditEvent.objects.get(action="annual.section.saved")
    assert event.on_behalf and event.unit.key == "VN-93"
    assert AuditEvent.objects.get(action="annual.report.created").on_behalf


def test_unit_administrator_sets_the_issuing_body(unit, make_user, client_for):
    url = "/tong-ket/don-vi/TW-DUK/"
    officer = client_for(make_user("TW-DUK", "officer"))
    assert "ĐẢNG ỦY KHỐI" in officer.get(url).content.decode()
    assert officer.post(url, {"doc_symbol": "X"}).status_code == 403
    admin = client_for(make_user("TW-DUK", "unit_admin"))
    response = admin.post(url, {"doc_superior_body": "", "doc_issuing_body": "", "doc_symbol": "ĐUK",
                                "doc_place": "Hà Nội", "doc_signing_formula": "tm_btv",
                                "doc_signer_position": "PHÓ BÍ THƯ", "doc_signer_name": "Nguyễn Văn C"})
    assert response.status_code == 302
    duk = unit("TW-DUK")
    assert duk.doc_signer_name == "Nguyễn Văn C" and duk.doc_superior_body == ""
    assert AuditEvent.objects.filter(action="orgunits.issuing_body.updated", target_id=str(duk.pk)).exists()
    document = command_json("TW-DUK", "2022")["document"]
    assert document["signature_lines"] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"] and document["signer"] == "Nguyễn Văn C"
    assert document["superior_body"] == "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG" and document["number"] == "-BC/ĐUK"
    # a bad choice is refused with the form's message, nothing saved
    assert admin.post(url, {"doc_signing_formula": "king"}).status_code == 200
    assert unit("TW-DUK").doc_signing_formula == "tm_btv"


def test_six_month_review_and_date_option(seeded, tmp_path):
    import_datavalues(actor=None, data=b"unit,period,indicator,value\nVN-92,2026S1,dialogue,40\n"
                                        b"VN-92,2025S1,dialogue,32\n", file_name="s1.csv")
    data = command_json("VN-92", "2026S1")
    assert data["period"] == "2026S1" and data["figures"]["dialogue"] == 40
    text = "\n".join(data["narrative"])
    assert "6 tháng đầu năm 2026, toàn thành phố tổ chức 40 cuộc, tăng 8 cuộc (25,0%) so với cùng kỳ năm 2025." in text
    assert "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2026" in text
    assert data["document"]["title"].startswith("sơ kết công tác dân vận 6 tháng đầu năm 2026")
    path = tmp_path / "s1.docx"
    call_command("annual_report", "VN-92", "2026S1", "--format", "docx", "--output", str(path), "--date",
                 "2026-07-10", stderr=io.StringIO())
    body = [p.text for t in Document(str(path)).tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert "Cần Thơ, ngày 10 tháng 7 năm 2026" in body
    assert command_json("VN-92", "2023", "--date", "2023-12-27")["document"]["date"] == "2023-12-27"
    assert command_json("VN-92", "2023")["document"]["date"] is None  # --date saved nothing


def test_hau_giang_2025_has_no_part_two(seeded):
    data = command_json("VN-93", "2025")
    assert not any("PHƯƠNG HƯỚNG" in p for p in data["narrative"])
    assert data["document"]["title"] == "tổng kết công tác dân vận năm 2025"


def test_duk_campaign_is_credited_to_the_dang_uy_khoi(make_user):
    from danvan.campaigns.demo import _duk_campaign

    _duk_campaign(make_user(superuser=True))
    data = command_json("TW-DUK", "2022")
    text = "\n".join(data["narrative"])
    assert ("Đảng ủy Khối các cơ quan Trung ương tổ chức cuộc vận động “Vận động xây dựng 150 nhà tình nghĩa kỷ niệm "
            "15 năm thành lập Đảng bộ Khối các cơ quan Trung ương”: vận động được 17,6 tỷ đồng, vượt kế hoạch 7,5 tỷ "
            "đồng; xây dựng 150 căn nhà, đã hoàn thành và bàn giao sử dụng toàn bộ.") in text
    assert "Mặt trận Tổ quốc (MTTQ)" not in text
    assert data["campaigns"][0]["organiser_key"] == "TW-DUK"


def test_registers_feed_the_text(unit, seeded):
    import datetime

    from danvan.activities.models import Document, Project
    from danvan.petitions.models import Hotspot

    hg = unit("VN-93")
    for number, doc_type in enumerate(["NQ", "KH", "HD"], start=1):
        Document.objects.create(unit=hg, family="party", symbol=f"{number:02d}-{doc_type}/TU", number=number,
                                doc_type=doc_type, issuer_code="TU", issuing_body="Tỉnh ủy Hậu Giang",
                                issued_on=datetime.date(2023, 3, number), title="Về công tác dân vận")
    Project.objects.create(unit=hg, name="Đề án 1", assigned_by="Ban Thường vụ Tỉnh ủy",
                           assigned_on=datetime.date(2023, 1, 5), status="approved",
                           completed_on=datetime.date(2023, 10, 1))
    Hotspot.objects.create(unit=unit("VN-93-930"), title="Tranh chấp đất", kind="dong_nguoi", risk_level=2,
                           flagged_on=datetime.date(2023, 5, 1))
    text = "\n".join(command_json("VN-93", "2023")["narrative"])
    assert "Cấp ủy đã ban hành 01 nghị quyết và 02 văn bản lãnh đạo, chỉ đạo về công tác dân vận (CTDV)." in text
    assert "Ban Dân vận chủ trì tham mưu xây dựng 01 đề án; đã hoàn thành 01 đề án." in text
    assert "01 vụ khiếu kiện đông người, 01 vụ việc phát sinh trong năm 2023" in text
