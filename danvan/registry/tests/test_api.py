import datetime
import uuid

import pytest

from danvan.core.testing import error_fields
from danvan.registry.models import DvkModel, DvkYear

D = datetime.date


@pytest.fixture
def api(client_for):
    def make(user):
        return client_for(user)

    return make


def create_payload(unit_key, **extra):
    return {"unit": unit_key, "year": 2025, "name": "Mô hình qua API", "field": "kinh_te", "subject": "tap_the",
            "register": True, "registered_on": "2025-05-01", **extra}


def test_create_list_detail(api, commune_officer, commune_cantho, hanoi_officer):
    client = api(commune_officer)
    response = client.post("/api/v1/registry/models/", create_payload(commune_cantho.key),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["years"][0]["status"] == "registered" and body["unit"] == commune_cantho.key
    listing = client.get("/api/v1/registry/years/", {"year": 2025, "q": "mo hinh qua api"}).json()
    assert [r["name"] for r in listing["results"]] == ["Mô hình qua API"] and listing["has_next"] is False
    assert client.get(f"/api/v1/registry/models/{body['id']}/").status_code == 200
    other = api(hanoi_officer)
    assert other.get(f"/api/v1/registry/models/{body['id']}/").status_code == 404
    assert other.get("/api/v1/registry/years/").json()["results"] == []


def test_api_bad_input_in_vietnamese(api, commune_officer, commune_cantho):
    client = api(commune_officer)
    response = client.post("/api/v1/registry/models/", create_payload(
        commune_cantho.key, subject="ca_nhan", person_name=""), content_type="application/json")
    assert response.status_code == 422
    assert error_fields(response)["person_name"] == ["Họ và tên cá nhân: bắt buộc với điển hình cá nhân."]
    response = client.post("/api/v1/registry/models/", create_payload("VN-01"), content_type="application/json")
    assert response.status_code == 403
    response = client.post("/api/v1/registry/models/", create_payload("KHONG-CO"), content_type="application/json")
    assert response.status_code == 422 and "unit" in error_fields(response)
    assert DvkModel.objects.count() == 0


def test_api_idempotent_create(api, commune_officer, commune_cantho):
    client = api(commune_officer)
    key = str(uuid.uuid4())
    first = client.post("/api/v1/registry/models/", create_payload(commune_cantho.key),
                        content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    second = client.post("/api/v1/registry/models/", create_payload(commune_cantho.key),
                         content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.json()["id"] == second.json()["id"] and DvkModel.objects.count() == 1


def test_api_workflow_and_counts(api, commune_officer, commune_cantho, province_approver, hanoi_officer):
    model_id = api(commune_officer).post("/api/v1/registry/models/", create_payload(commune_cantho.key),
                                         content_type="application/json").json()["id"]
    year = DvkYear.objects.get(model_id=model_id)
    client = api(province_approver)
    assert client.post(f"/api/v1/registry/years/{year.pk}/start-assessment/").status_code == 200
    response = client.post(f"/api/v1/registry/years/{year.pk}/recognise/", {
        "level": "province", "decision_number": "", "decision_date": "2025-10-01"}, content_type="application/json")
    assert response.status_code == 422
    assert error_fields(response)["decision_number"] == ["Số quyết định: bắt buộc khi công nhận."]
    response = client.post(f"/api/v1/registry/years/{year.pk}/recognise/", {
        "level": "province", "decision_number": "3-QĐ/TU", "decision_date": "2025-04-01"},
        content_type="application/json")
    assert response.status_code == 422 and "decision_date" in error_fields(response)
    response = client.post(f"/api/v1/registry/years/{year.pk}/recognise/", {
        "level": "commune", "decision_number": "3-QĐ/TU", "decision_date": "2025-10-01"},
        content_type="application/json")
    assert response.status_code == 403
    response = client.post(f"/api/v1/registry/years/{year.pk}/recognise/", {
        "level": "province", "decision_number": "3-QĐ/TU", "decision_date": "2025-10-01", "version": 1},
        content_type="application/json")
    assert response.status_code == 409  # stale version
    year.refresh_from_db()
    response = client.post(f"/api/v1/registry/years/{year.pk}/recognise/", {
        "level": "province", "decision_number": "3-QĐ/TU", "decision_date": "2025-10-01", "version": year.version},
        content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "recognised"
    counts = client.get("/api/v1/registry/counts/", {"unit": "VN-92", "year": 2025}).json()
    assert counts["registered"] == 1 and counts["recognised_collective"] == 1
    assert api(hanoi_officer).get("/api/v1/registry/counts/", {"unit": "VN-92", "year": 2025}).status_code == 404
    assert api(hanoi_officer).post(f"/api/v1/registry/years/{year.pk}/honour/", {}).status_code == 404


def test_api_commune_officer_cannot_approve(api, commune_officer, commune_cantho):
    model_id = api(commune_officer).post("/api/v1/registry/models/", create_payload(commune_cantho.key),
                                         content_type="application/json").json()["id"]
    year = DvkYear.objects.get(model_id=model_id)
    assert api(commune_officer).post(f"/api/v1/registry/years/{year.pk}/start-assessment/").status_code == 403
    year.refresh_from_db()
    assert year.status == "registered"


def test_api_patch_with_version(api, commune_officer, commune_cantho):
    client = api(commune_officer)
    body = client.post("/api/v1/registry/models/", create_payload(commune_cantho.key),
                       content_type="application/json").json()
    url = f"/api/v1/registry/models/{body['id']}/"
    ok = client.patch(url, {"name": "Tên mới", "version": body["version"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["name"] == "Tên mới"
    stale = client.patch(url, {"name": "Tên cũ hơn", "version": body["version"]}, content_type="application/json")
    assert stale.status_code == 409 and "vừa được người khác sửa" in str(stale.json())
    assert DvkModel.objects.get(pk=body["id"]).name == "Tên mới"


def test_api_requires_login(client):
    assert client.get("/api/v1/registry/years/").status_code == 401
