"""The UI and the API drive the same services: intake, steps, edits, documents, API create."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.core.testing import error_fields
from danvan.petitions import services
from danvan.petitions.models import Case, CaseDocument

D = datetime.date
INTAKE = {
    "unit": "VN-92", "kind": "khieu_nai_1", "channel": "walk_in", "received_on": "2025-09-01",
    "subject": "Khiếu nại chậm cấp sổ đỏ", "field": "dat_dai", "petitioner_type": "one", "headcount": 1,
    "name": "Đoàn Văn Dân", "phone": "0901000200", "submission_key": "form-key-1",
}


def test_intake_form_and_double_submit(people, client_for):
    client = client_for(people["officer"])
    assert client.get(reverse("petitions:case_create")).status_code == 200
    first = client.post(reverse("petitions:case_create"), INTAKE)
    second = client.post(reverse("petitions:case_create"), INTAKE)  # the same form sent twice
    assert first.status_code == second.status_code == 302
    case = Case.objects.get()
    assert first["Location"] == second["Location"] == case.get_absolute_url()
    assert case.petitioners.get().name == "Đoàn Văn Dân" and case.accept_due == D(2025, 9, 11)
    page = client.get(case.get_absolute_url()).content.decode()
    assert case.tracking_code in page and "Luật Khiếu nại 2011, Điều 27" in page


def test_intake_form_errors_in_vietnamese(people, client_for):
    client = client_for(people["officer"])
    data = dict(INTAKE, petitioner_type="mass", headcount=2, submission_key="k2")
    response = client.post(reverse("petitions:case_create"), data)
    assert response.status_code == 200 and "từ 5 người trở lên" in response.content.decode()
    response = client.post(reverse("petitions:case_create"), dict(INTAKE, unit="VN-XX", submission_key="k3"))
    assert "Không có đơn vị với mã" in response.content.decode()
    assert not Case.objects.exists()


def test_steps_through_the_ui(people, new_case, client_for):
    client = client_for(people["officer"])
    case = new_case()
    step = lambda slug, **data: client.post(reverse("petitions:case_step", args=[case.pk, slug]), data,  # noqa: E731
                                            follow=True)
    response = step("quyet-dinh", on="2025-09-05", decision_number="1", outcome="upheld")
    assert "Không thể chuyển từ trạng thái" in response.content.decode()
    response = step("khong-thu-ly", on="2025-09-05", reason="")
    assert "Hãy nêu lý do không thụ lý" in response.content.decode()
    step("thu-ly", on="2025-09-05", version=1)
    step("xac-minh", on="2025-09-06")
    response = step("quyet-dinh", on="2025-08-01", decision_number="5/QĐ", outcome="upheld")
    assert "không được trước" in response.content.decode()
    step("quyet-dinh", on="2025-09-30", decision_number="5/QĐ", outcome="upheld")
    step("ket-thuc", on="2025-10-02")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.decision_number == "5/QĐ"
    response = client.get(reverse("petitions:case_edit", args=[case.pk]), follow=True)
    assert "không thể sửa" in response.content.decode()


def test_stale_step_refused(people, new_case, client_for):
    client = client_for(people["officer"])
    case = new_case()
    services.case_update(actor=people["officer"], case=case, expected_version=1, subject="Đổi")
    response = client.post(reverse("petitions:case_step", args=[case.pk, "thu-ly"]),
                           {"on": "2025-09-05", "version": 1}, follow=True)
    assert "vừa được người khác sửa" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED


def test_edit_form_with_version(people, new_case, client_for):
    client = client_for(people["officer"])
    case = new_case()
    data = {"version": 1, "channel": "letter", "received_on": "2025-09-01", "subject": "Tóm tắt mới",
            "content": "", "field": "dat_dai", "petitioner_type": "one", "headcount": 1, "is_complex": "on"}
    assert client.post(reverse("petitions:case_edit", args=[case.pk]), data).status_code == 302
    response = client.post(reverse("petitions:case_edit", args=[case.pk]), dict(data, subject="Lần hai"))
    assert "vừa được người khác sửa" in response.content.decode()
    case.refresh_from_db()
    assert case.subject == "Tóm tắt mới" and case.is_complex


def test_transfer_and_merge_through_the_ui(people, new_case, client_for, commune_cantho):
    client = client_for(people["officer"])
    original, duplicate = new_case(), new_case()
    client.post(reverse("petitions:case_step", args=[duplicate.pk, "gop"]),
                {"on": "2025-09-02", "duplicate_of": original.tracking_code.lower()})
    duplicate.refresh_from_db()
    assert duplicate.status == Case.Status.MERGED and duplicate.duplicate_of_id == original.pk
    client.post(reverse("petitions:case_step", args=[original.pk, "chuyen"]),
                {"on": "2025-09-03", "to_unit": commune_cantho.key})
    original.refresh_from_db()
    assert original.status == Case.Status.TRANSFERRED and original.transferred_case.unit == commune_cantho


def test_document_upload_checks(people, new_case, client_for):
    client = client_for(people["officer"])
    case = new_case()
    url = reverse("petitions:document_add", args=[case.pk])
    fake = SimpleUploadedFile("scan.pdf", b"<html><script>alert(1)</script>")
    response = client.post(url, {"file": fake})
    assert "nội dung tệp không đúng với đuôi .pdf" in response.content.decode()
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00")
    assert "Chỉ nhận tệp" in client.post(url, {"file": exe}).content.decode()
    with override_settings(ATTACHMENT_MAX_BYTES=10):
        big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 20)
        assert "Tệp quá lớn" in client.post(url, {"file": big}).content.decode()
    assert not CaseDocument.objects.exists()
    png = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)
    assert client.post(url, {"file": png, "description": "Ảnh hiện trường"}).status_code == 302
    document = CaseDocument.objects.get()
    assert document.extension == "png" and "anh" not in document.file.name
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="anh.png"'
    assert AuditEvent.objects.filter(action="petitions.document.added").exists()
    client.post(reverse("petitions:document_delete", args=[document.pk]))
    assert not CaseDocument.objects.exists()


def test_api_create_and_steps(people, client_for):
    client = client_for(people["officer"])
    payload = {"unit": "VN-92", "kind": "to_cao", "channel": "portal", "subject": "Tố cáo qua cổng",
               "field": "can_bo", "received_on": "2025-09-01", "submission_key": "api-1",
               "petitioners": [{"name": "Người Tố Cáo API", "phone": "0900000000"}]}
    first = client.post("/api/v1/petitions/cases/", payload, content_type="application/json")
    assert first.status_code == 201 and first.json()["petitioners"][0]["name"] == "Người Tố Cáo API"
    again = client.post("/api/v1/petitions/cases/", payload, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    pk = first.json()["id"]
    response = client.post(f"/api/v1/petitions/cases/{pk}/decide/", {"on": "2025-09-05", "decision_number": "1",
                                                                      "outcome": "upheld"})
    assert response.status_code == 422 and "Không thể chuyển" in response.content.decode()
    assert client.post(f"/api/v1/petitions/cases/{pk}/accept/", {"on": "2025-09-05"}).json()["resolve_due"] == \
        "2025-10-05"
    assert client.post(f"/api/v1/petitions/cases/{pk}/accept/", {"on": "bad"}).status_code == 422
    extended = client.post(f"/api/v1/petitions/cases/{pk}/extend/", {"on": "2025-10-01", "decision_number": "9/GH"})
    assert extended.json()["resolve_due"] == "2025-11-04" and extended.json()["extensions"][0]["days"] == 30
    bad = client.post("/api/v1/petitions/cases/", dict(payload, submission_key="api-2", received_on="2099-01-01"),
                      content_type="application/json")
    assert bad.status_code == 422 and "received_on" in error_fields(bad)
    assert Case.objects.count() == 1


@pytest.mark.parametrize("name", ["case_list", "overdue_board", "hotspot_board", "statistics", "sentiment_list",
                                  "top_issues", "deadline_rules", "case_create", "hotspot_create", "sentiment_create"])
def test_pages_render(people, new_case, client_for, name):
    new_case()
    assert client_for(people["officer"]).get(reverse(f"petitions:{name}")).status_code == 200


def test_home_panel_shows_overdue(people, new_case, client_for):
    new_case(received_on=D(2025, 9, 1))  # never accepted: overdue since 11/9/2025
    page = client_for(people["officer"]).get("/").content.decode()
    assert "Đơn thư quá hạn giải quyết theo luật" in page and "?overdue=1" in page


def test_api_patch_and_petitioners(people, new_case, denunciation, client_for):
    case = new_case()
    client = client_for(people["officer"])
    url = f"/api/v1/petitions/cases/{case.pk}/"
    response = client.patch(url, {"subject": "Tóm tắt qua API", "is_complex": True, "version": 1},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["subject"] == "Tóm tắt qua API"
    stale = client.patch(url, {"subject": "Cũ", "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and "vừa được người khác sửa" in stale.content.decode()
    added = client.post(f"{url}petitioners/", {"name": "Người thứ hai", "id_number": "123"})
    assert added.status_code == 422 and "CCCD" in added.content.decode()
    added = client.post(f"{url}petitioners/", {"name": "Người thứ hai"})
    assert [p["name"] for p in added.json()["petitioners"]] == ["Trần Văn Khiếu", "Người thứ hai"]
    assert client_for(people["viewer"]).patch(url, {"subject": "x"}, content_type="application/json"
                                              ).status_code == 403
    assert client_for(people["hanoi"]).patch(url, {"subject": "x"}, content_type="application/json"
                                             ).status_code == 404
    # an approver without the identity right cannot add to (and so read) a denunciation's petitioners
    response = client_for(people["approver"]).post(f"/api/v1/petitions/cases/{denunciation.pk}/petitioners/",
                                                   {"name": "Ai đó"})
    assert response.status_code == 403 and denunciation.petitioners.count() == 1
    case.refresh_from_db()
    assert case.subject == "Tóm tắt qua API" and case.is_complex and case.petitioners.count() == 2
