import datetime

import pytest

from danvan.core.models import AuditEvent
from danvan.core.testing import error_fields
from danvan.programme.models import Programme, ProgrammeItem

pytestmark = pytest.mark.django_db
BASE = "/api/v1/programme/"
JSON = "application/json"


def test_api_requires_login(client):
    assert client.get(BASE + "programmes/").status_code == 401
    assert client.post(BASE + "items/", {}, content_type=JSON).status_code == 401


def test_api_whole_job_draft_approve_track(make_user, login, commune_cantho, fixed_today):
    fixed_today(datetime.date(2026, 11, 25))
    officer = login(make_user("VN-92", "officer"))
    created = officer.post(BASE + "programmes/", {"unit": "VN-92", "year": 2026, "theme": "Năm dân vận khéo"},
                           content_type=JSON)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["unit"] == "VN-92"
    duplicate = officer.post(BASE + "programmes/", {"unit": "VN-92", "year": 2026}, content_type=JSON)
    assert duplicate.status_code == 422 and "đã có chương trình" in error_fields(duplicate)["year"][0]
    item = officer.post(BASE + "items/", {
        "programme": pk, "kind": "project", "title": "Đề án tổng kết Kết luận 114", "assigned_by": "bct_bbt",
        "owner_unit": commune_cantho.key, "cooperating_units": ["TW-MTTQ"], "deadline": "2026-10-31"},
        content_type=JSON)
    assert item.status_code == 201, item.content
    item_id = item.json()["id"]
    assert item.json()["owner_unit"] == commune_cantho.key and item.json()["cooperating_units"] == ["TW-MTTQ"]
    bad = officer.post(BASE + "items/", {"programme": pk, "title": "X", "deadline": "2020-01-01"}, content_type=JSON)
    assert bad.status_code == 422 and "Thời hạn" in error_fields(bad)["deadline"][0]
    patched = officer.patch(f"{BASE}items/{item_id}/", {"expected_output": "Tờ trình", "version": 1},
                            content_type=JSON)
    assert patched.status_code == 200 and patched.json()["expected_output"] == "Tờ trình"
    stale = officer.patch(f"{BASE}items/{item_id}/", {"title": "Cũ", "version": 1}, content_type=JSON)
    assert stale.status_code == 409
    # an officer does not approve
    assert officer.post(f"{BASE}programmes/{pk}/approve/", {}, content_type=JSON).status_code == 403
    leader = login(make_user("VN-92", "approver"))
    approved = leader.post(f"{BASE}programmes/{pk}/approve/", {}, content_type=JSON)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    # the owner commune reports the monthly status
    ward = login(make_user(commune_cantho.key, "officer"))
    listed = ward.get(BASE + "items/?state=overdue&mine=1").json()
    assert [row["id"] for row in listed["results"]] == [item_id] and listed["results"][0]["overdue"]
    update = ward.post(f"{BASE}items/{item_id}/status/", {
        "status": "done", "month": "2026-11", "note": "Đã trình", "evidence": ["https://example.vn/to-trinh"]},
        content_type=JSON)
    assert update.status_code == 201, update.content
    assert update.json()["status"] == "done" and update.json()["done_on"] == "2026-11-25"
    bad_month = ward.post(f"{BASE}items/{item_id}/status/", {"status": "done", "month": "tháng 11"},
                          content_type=JSON)
    assert bad_month.status_code == 422
    history = ward.get(f"{BASE}items/{item_id}/history/").json()
    assert [h["status"] for h in history] == ["done"]
    # the commune may not edit the province's programme
    assert ward.patch(f"{BASE}items/{item_id}/", {"title": "X"}, content_type=JSON).status_code == 403
    counts = ward.get(BASE + "counts/?unit=VN-92&year=2026")
    assert counts.status_code == 404  # the province is outside the commune's scope
    counts = leader.get(BASE + "counts/?unit=VN-92&year=2026")
    assert counts.status_code == 200, counts.content
    counts = counts.json()
    assert counts["projects"] == 1 and counts["projects_done"] == 1 and counts["by_assigned_by"]["bct_bbt"][
        "projects_done"] == 1
    assert AuditEvent.objects.filter(target_type="programme.programmeitem", target_id=str(item_id)).count() >= 3


def test_api_links_draft_from_part_two_reopen_and_scope(make_user, login, unit, root):
    from danvan.activities.models import Document
    from danvan.programme import services

    programme = services.programme_create(actor=root, unit=unit("VN-92"), year=2026)
    item = services.item_create(actor=root, programme=programme, title="Quán triệt Kết luận 114")
    officer = login(make_user("VN-92", "officer"))
    empty = officer.post(f"{BASE}programmes/{programme.pk}/draft-from-part-two/", {}, content_type=JSON)
    assert empty.status_code == 422 and "Chưa có báo cáo tổng kết năm 2025" in str(empty.json())
    doc = Document.objects.create(unit=unit("VN-92"), family="party", symbol="05-KH/TU", number=5, doc_type="KH",
                                  issuer_code="TU", issuing_body="Thành ủy", issued_on=datetime.date(2026, 2, 1),
                                  title="Kế hoạch quán triệt")
    linked = officer.post(f"{BASE}items/{item.pk}/links/", {"field": "documents", "add": [doc.pk]},
                          content_type=JSON)
    assert linked.status_code == 200 and linked.json()["documents"] == [doc.pk]
    missing = officer.post(f"{BASE}items/{item.pk}/links/", {"field": "documents", "add": [999999]},
                           content_type=JSON)
    assert missing.status_code == 422
    other = login(make_user("VN-01", "officer"))
    assert other.get(f"{BASE}programmes/{programme.pk}/").status_code == 404
    assert other.get(f"{BASE}items/{item.pk}/").status_code == 404
    assert other.post(f"{BASE}items/{item.pk}/status/", {"status": "done"}, content_type=JSON).status_code == 404
    assert programme.pk not in [row["id"] for row in other.get(BASE + "programmes/").json()["results"]]
    viewer = login(make_user("VN-92", "viewer"))
    assert viewer.get(f"{BASE}programmes/{programme.pk}/").status_code == 200
    assert viewer.post(BASE + "programmes/", {"unit": "VN-92", "year": 2025}, content_type=JSON).status_code == 403
    leader = login(make_user("VN-92", "approver"))
    leader.post(f"{BASE}programmes/{programme.pk}/approve/", {}, content_type=JSON)
    no_reason = leader.post(f"{BASE}programmes/{programme.pk}/reopen/", {}, content_type=JSON)
    assert no_reason.status_code == 422 and "reason" in error_fields(no_reason)
    reopened = leader.post(f"{BASE}programmes/{programme.pk}/reopen/", {"reason": "Bổ sung đề án"},
                           content_type=JSON)
    assert reopened.json()["status"] == "draft"
    assert officer.delete(f"{BASE}items/{item.pk}/").status_code == 204
    assert officer.delete(f"{BASE}programmes/{programme.pk}/").status_code == 204
    assert not Programme.objects.filter(pk=programme.pk).exists() and not ProgrammeItem.objects.exists()
