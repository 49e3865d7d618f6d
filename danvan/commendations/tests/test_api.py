import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.commendations.models import Commendation
from danvan.core.models import AuditEvent
from danvan.core.testing import error_fields

pytestmark = pytest.mark.django_db
BASE = "/api/v1/commendations/commendations/"


def payload(**overrides):
    data = {"unit": "VN-92", "recipient_type": "individual", "recipient_name": "Mai Văn Chín",
            "form": "bang_khen_tinh", "period_start_year": 2025}
    data.update(overrides)
    return data


def test_api_requires_login(client):
    assert client.get(BASE).status_code == 401
    assert client.post(BASE, payload(), content_type="application/json").status_code == 401


def test_api_create_list_and_workflow(make_user, client_for, commune_cantho):
    officer = make_user(commune_cantho.key, "officer")
    client = client_for(officer)
    response = client.post(BASE, payload(unit=commune_cantho.key), content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "draft" and response.json()["unit"] == commune_cantho.key
    listed = client.get(BASE + "?q=mai+van+chin").json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert client.post(f"{BASE}{pk}/propose/", {}, content_type="application/json").json()["status"] == "proposed"
    # the proposing commune cannot approve itself
    assert client.post(f"{BASE}{pk}/approve/", {}, content_type="application/json").status_code == 403
    approver = client_for(make_user("VN-92", "approver"))
    assert approver.post(f"{BASE}{pk}/approve/", {}, content_type="application/json").json()["status"] == "approved"
    bad = approver.post(f"{BASE}{pk}/decide/", {"decision_number": "", "decision_date": "2025-12-01"},
                        content_type="application/json")
    assert bad.status_code == 422 and "Số quyết định" in error_fields(bad)["decision_number"][0]
    future = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    bad = approver.post(f"{BASE}{pk}/decide/", {"decision_number": "1/QĐ", "decision_date": future},
                        content_type="application/json")
    assert bad.status_code == 422 and "tương lai" in error_fields(bad)["decision_date"][0]
    ok = approver.post(f"{BASE}{pk}/decide/", {"decision_number": "1/QĐ", "decision_date": "2025-12-01"},
                       content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "decided"
    counts = approver.get("/api/v1/commendations/counts/?unit=VN-92&year=2025").json()
    assert counts["individual"] == 1 and counts["collective"] is None  # no collective commended: no data, not 0
    assert counts["by_form"] == {"bang_khen_tinh": {"collective": 0, "individual": 1}}


def test_api_return_needs_note(make_user, client_for, draft):
    officer = make_user("VN-92", "officer")
    obj = draft(officer)
    client_for(officer).post(f"{BASE}{obj.pk}/propose/", {}, content_type="application/json")
    approver = client_for(make_user("VN", "approver"))
    response = approver.post(f"{BASE}{obj.pk}/return/", {"note": ""}, content_type="application/json")
    assert response.status_code == 422 and "Lý do trả lại" in error_fields(response)["note"][0]
    response = approver.post(f"{BASE}{obj.pk}/return/", {"note": "Thiếu tóm tắt thành tích"},
                             content_type="application/json")
    assert response.json()["status"] == "returned"


@pytest.mark.parametrize("overrides,field", [
    ({"unit": "KHONG-CO"}, "unit"),
    ({"unit": "VN-01"}, "proposing_unit"),
    ({"recipient_name": ""}, "recipient_name"),
    ({"period_start_year": 2024, "period_end_year": 2023}, "period_end_year"),
])
def test_api_bad_input(make_user, client_for, overrides, field):
    client = client_for(make_user("VN-92", "officer"))
    response = client.post(BASE, payload(**overrides), content_type="application/json")
    assert response.status_code == 422
    assert field in error_fields(response)
    assert Commendation.objects.count() == 0


def test_api_scope_and_viewer(make_user, client_for, draft, superuser):
    obj = draft(superuser, "VN-92")
    other = client_for(make_user("VN-01", "approver"))
    assert other.get(f"{BASE}{obj.pk}/").status_code == 404
    assert other.patch(f"{BASE}{obj.pk}/", {"reason": "x"}, content_type="application/json").status_code == 404
    assert other.post(f"{BASE}{obj.pk}/propose/", {}, content_type="application/json").status_code == 404
    assert other.delete(f"{BASE}{obj.pk}/").status_code == 404
    assert other.get(BASE).json()["count"] == 0
    assert other.get("/api/v1/commendations/counts/?unit=VN-92&year=2025").status_code == 404
    viewer = client_for(make_user("VN-92", "viewer"))
    assert viewer.get(f"{BASE}{obj.pk}/").status_code == 200
    assert viewer.patch(f"{BASE}{obj.pk}/", {"reason": "x"}, content_type="application/json").status_code == 403
    assert viewer.post(f"{BASE}{obj.pk}/propose/", {}, content_type="application/json").status_code == 403
    assert viewer.delete(f"{BASE}{obj.pk}/").status_code == 403
    assert viewer.post(BASE, payload(), content_type="application/json").status_code == 403  # refused before parsing
    assert Commendation.objects.get(pk=obj.pk).status == "draft"


def test_api_patch_with_version_and_delete(make_user, client_for, draft):
    officer = make_user("VN-92", "officer")
    obj = draft(officer)
    client = client_for(officer)
    ok = client.patch(f"{BASE}{obj.pk}/", {"reason": "Mới", "version": obj.version}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["reason"] == "Mới"
    stale = client.patch(f"{BASE}{obj.pk}/", {"reason": "Cũ", "version": obj.version},
                         content_type="application/json")
    assert stale.status_code == 409
    assert Commendation.objects.get(pk=obj.pk).reason == "Mới"
    assert client.delete(f"{BASE}{obj.pk}/").status_code == 204
    assert AuditEvent.objects.filter(target_id=str(obj.pk), action="commendations.commendation.deleted").exists()


def test_api_import_and_award_forms(make_user, client_for):
    client = client_for(make_user("VN-92", "officer"))
    forms = client.get("/api/v1/commendations/award-forms/").json()
    assert "huan_chuong_lao_dong" in {f["code"] for f in forms}
    data = ("external_ref,unit_key,recipient_type,recipient_name,form,period_start_year\n"
            "a-1,VN-92,tập thể,Đoàn Thanh niên phường,giay_khen,2025\n").encode()
    response = client.post(f"{BASE}import/", {"file": SimpleUploadedFile("x.csv", data)})
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 0}
    bad = data.replace(b"2025", b"20x5")
    response = client.post(f"{BASE}import/", {"file": SimpleUploadedFile("x.csv", bad)})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "period_start_year"


def test_api_list_filters_boundaries(make_user, client_for, decided):
    decided("VN-93", datetime.date(2023, 6, 1), recipient_name="Người Hậu Giang")
    decided("VN-92", datetime.date(2023, 6, 2), recipient_name="Người Cần Thơ", recipient_type="collective")
    client = client_for(make_user("VN-92", "viewer"))
    current = client.get(BASE + "?unit=VN-92&year=2023").json()
    assert {r["recipient_name"] for r in current["results"]} == {"Người Hậu Giang", "Người Cần Thơ"}
    historical = client.get(BASE + "?unit=VN-92&year=2023&boundaries=historical").json()
    assert [r["recipient_name"] for r in historical["results"]] == ["Người Cần Thơ"]
    only_individuals = client.get(BASE + "?unit=VN-92&recipient_type=individual&boundaries=bogus").json()
    assert [r["recipient_name"] for r in only_individuals["results"]] == ["Người Hậu Giang"]
