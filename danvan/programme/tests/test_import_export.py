import io

import pytest
from openpyxl import Workbook, load_workbook

from danvan.core.imports import ImportFailed
from danvan.core.models import AuditEvent
from danvan.programme import importers, services
from danvan.programme.models import Programme, ProgrammeItem

pytestmark = pytest.mark.django_db

HEADER = ["don_vi", "nam", "chu_de", "loai", "ten", "co_quan_giao", "don_vi_chu_tri", "don_vi_phoi_hop", "thoi_han",
          "san_pham"]


def as_xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def good_rows(commune):
    return [
        ["Thành phố Cần Thơ (VN-92)", 2026, "Năm dân vận khéo", "Nhiệm vụ trọng tâm",
         "Sơ kết 5 năm thực hiện Quy chế công tác dân vận", "Cấp ủy", "", "", "30/06/2026", "Báo cáo sơ kết"],
        ["VN-92", "2026", "", "Đề án", "Đề án tổng kết Kết luận số 114-KL/TW", "Bộ Chính trị, Ban Bí thư",
         f"{commune.name} ({commune.key})", "TW-MTTQ; VN-92", "2026-09-30", "Đề án trình Ban Bí thư"],
        ["VN-92", 2026, "", "de an", "Đề án cộng tác viên dư luận xã hội", "", "", "", "", ""],
    ]


def test_import_creates_a_draft_programme_with_its_items_then_is_idempotent(make_user, unit, commune_cantho):
    officer = make_user("VN-92", "officer")
    result = importers.import_items(actor=officer, data=as_xlsx(good_rows(commune_cantho)))
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    programme = Programme.objects.get(unit=unit("VN-92"), year=2026)
    assert programme.status == "draft" and programme.theme == "Năm dân vận khéo"
    project = programme.items.get(title__startswith="Đề án tổng kết")
    assert project.kind == "project" and project.assigned_by == "bct_bbt" and project.owner_unit == commune_cantho
    assert {u.key for u in project.cooperating_units.all()} == {"TW-MTTQ", "VN-92"}
    assert [i.number for i in programme.items.filter(kind="project").order_by("number")] == [1, 2]
    assert programme.items.get(title__startswith="Đề án cộng tác").assigned_by == "don_vi"
    assert AuditEvent.objects.filter(action="programme.item.imported").count() == 3
    assert AuditEvent.objects.filter(action="programme.programme.created").count() == 1
    again = importers.import_items(actor=officer, data=as_xlsx(good_rows(commune_cantho)))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    # a changed row updates its item (matched by kind and title), audited
    rows = good_rows(commune_cantho)
    rows[0][9] = "Báo cáo sơ kết và kết luận"
    changed = importers.import_items(actor=officer, data=as_xlsx(rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    assert programme.items.get(title__startswith="Sơ kết").expected_output == "Báo cáo sơ kết và kết luận"


def test_every_error_by_row_and_column_and_nothing_written(make_user, unit, commune_cantho):
    officer = make_user("VN-92", "officer")
    rows = good_rows(commune_cantho) + [
        ["Không có đơn vị này", 2026, "", "Nhiệm vụ trọng tâm", "X", "", "", "", "", ""],
        ["VN-92", 2026, "", "Việc vặt", "Y", "Trời giao", "", "Ở đâu đó", "31/02/2026", ""],
        ["VN-01", 2026, "", "Nhiệm vụ trọng tâm", "Z", "", "", "", "", ""],
        ["VN-92", 2026, "", "Nhiệm vụ trọng tâm", "", "", "", "", "01/01/2020", ""],
        ["VN-92", 2026, "", "Nhiệm vụ trọng tâm", "Sơ kết 5 năm thực hiện Quy chế công tác dân vận", "", "", "", "",
         ""],
    ]
    with pytest.raises(ImportFailed) as failure:
        importers.import_items(actor=officer, data=as_xlsx(rows))
    messages = [str(e) for e in failure.value.errors]
    assert "Dòng 5, cột “don_vi”: không tìm thấy đơn vị “Không có đơn vị này”" in messages[0]
    found = {(e.line, e.column) for e in failure.value.errors}
    assert {(6, "loai"), (6, "co_quan_giao"), (6, "don_vi_phoi_hop"), (6, "thoi_han"), (7, "don_vi"), (8, "ten"),
            (9, "ten")} <= found
    assert any("bạn không có quyền nhập dữ liệu cho đơn vị" in m for m in messages)
    assert any("trùng với dòng 2" in m for m in messages)
    assert not Programme.objects.exists() and not ProgrammeItem.objects.exists()
    with pytest.raises(ImportFailed) as failure:
        importers.import_items(actor=officer, data=as_xlsx([], header=["don_vi", "ten", "cot_la"]))
    assert {(e.line, e.column) for e in failure.value.errors} == {(1, "nam"), (1, "loai"), (1, "cot_la")}


def test_export_reimports_as_no_change_and_an_approved_programme_is_not_changed_from_a_file(
        make_user, unit, commune_cantho, client_for, root):
    officer = make_user("VN-92", "officer")
    importers.import_items(actor=officer, data=as_xlsx(good_rows(commune_cantho)))
    programme = Programme.objects.get(unit=unit("VN-92"), year=2026)
    services.programme_approve(actor=root, programme=programme)
    response = client_for(officer).get(f"/chuong-trinh/{programme.pk}/xuat.xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header == importers.EXPORT_HEADER
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["don_vi"] == "Thành phố Cần Thơ (VN-92)" and first["trang_thai_chuong_trinh"] == "Đã phê duyệt"
    again = importers.import_items(actor=officer, data=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    rows = good_rows(commune_cantho)
    rows.append(["VN-92", 2026, "", "Nhiệm vụ trọng tâm", "Nhiệm vụ mới", "", "", "", "", ""])
    with pytest.raises(ImportFailed, match="đã được phê duyệt"):
        importers.import_items(actor=officer, data=as_xlsx(rows))


def test_import_page_and_api_report_errors(make_user, client_for, commune_cantho):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.core.testing import error_fields

    client = client_for(make_user("VN-92", "officer"))
    bad = as_xlsx([["VN-92", 2026, "", "Nhiệm vụ trọng tâm", "", "", "", "", "", ""]])
    page = client.post("/chuong-trinh/nhap/", {"file": SimpleUploadedFile("ct.xlsx", bad)})
    assert page.status_code == 200 and "Dòng 2, cột “ten”" in page.content.decode()
    api = client.post("/api/v1/programme/programmes/import/", {"file": SimpleUploadedFile("ct.xlsx", bad)})
    assert api.status_code == 422 and error_fields(api)
    ok = client.post("/api/v1/programme/programmes/import/",
                     {"file": SimpleUploadedFile("ct.xlsx", as_xlsx(good_rows(commune_cantho)))})
    assert ok.json() == {"created": 3, "updated": 0, "unchanged": 0}
    template = client.get("/chuong-trinh/mau-nhap.xlsx")
    assert template.status_code == 200


def test_command_line_import_export_and_part_two(make_user, unit, commune_cantho, tmp_path):
    from django.core.management import CommandError, call_command

    from danvan.annual import outline
    from danvan.annual import services as annual

    officer = make_user("VN-92", "officer", username="ct-officer")
    source = tmp_path / "ct.xlsx"
    source.write_bytes(as_xlsx(good_rows(commune_cantho)))
    out = io.StringIO()
    call_command("import_programme", str(source), "--user", "ct-officer", stdout=out)
    assert "3 mới" in out.getvalue()
    target = tmp_path / "xuat.xlsx"
    call_command("export_programme", "VN-92", "2026", "--output", str(target), stdout=out)
    assert load_workbook(target).active.max_row == 4
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(as_xlsx([["VN-92", 2026, "", "?", "X", "", "", "", "", ""]]))
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_programme", str(bad), "--user", "ct-officer", stdout=out, stderr=io.StringIO())
    with pytest.raises(CommandError, match="Chưa có báo cáo tổng kết năm 2025"):
        call_command("programme_from_part_two", "VN-92", "2026", "--user", "ct-officer", stdout=out)
    report = annual.get_or_create_report(actor=officer, unit=unit("VN-92"), year=2025)
    annual.save_section(actor=officer, report=report, section=outline.PART_TWO, text="1. Một việc\n2. Hai việc")
    call_command("programme_from_part_two", "VN-92", "2026", "--user", "ct-officer", stdout=out)
    assert "Đã tạo 2 nhiệm vụ" in out.getvalue()
