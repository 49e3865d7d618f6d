"""/api/v1/prestige/: the same services, the one error shape, scope and the names rule."""

import pytest

from danvan.prestige.models import Person

pytestmark = pytest.mark.django_db
BASE = "/api/v1/prestige/people/"


def _body(**overrides) -> dict:
    body = {"unit": "VN-92-31679", "full_name": "Sơn Văn Hùng", "birth_year": 1972, "sex": "nam",
            "ethnic_group": "05", "village": "Ấp Tố Mỹ", "role": "san_xuat_gioi", "phone": "0912345675",
            "decision_number": "58/QĐ-UBND", "decision_date": "2025-09-10"}
    body.update(overrides)
    return body


def test_create_read_update_and_list_with_filters(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(BASE, _body(), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["unit"] == "VN-92-31679" and data["ethnic_group"] == "05" and data["ethnic_group_name"] == "Khmer"
    assert data["authority"] == "commune_chairman" and data["phone"] == "0912345675"
    pk, version = data["id"], data["version"]
    response = client.patch(f"{BASE}{pk}/", {"village": "Ấp Bưng Sa", "version": version},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["village"] == "Ấp Bưng Sa"
    stale = client.patch(f"{BASE}{pk}/", {"village": "Ấp 3", "version": version}, content_type="application/json")
    assert stale.status_code == 409 and "errors" in stale.json()
    listed = client.get(BASE, {"ethnic_group": "05", "role": "san_xuat_gioi"}).json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert client.get(BASE, {"ethnic_group": "01"}).json()["results"] == []


def test_validation_errors_use_the_one_error_shape(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(BASE, _body(decision_date="2023-03-15", authority="commune_chairman"),
                           content_type="application/json")
    assert response.status_code in (400, 422)
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"former_unit", "authority"} <= fields
    assert all(error["message_vi"] for error in response.json()["errors"])


def test_status_support_and_links_actions(client, commune_officer, commune):
    import datetime

    from danvan.activities.models import Activity, ActivityKind

    client.force_login(commune_officer)
    pk = client.post(BASE, _body(), content_type="application/json").json()["id"]
    response = client.post(f"{BASE}{pk}/support/", {"day": "2026-02-10", "kind": "gift", "amount": 500000},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["amount"] == "500000"
    grouped = client.post(f"{BASE}{pk}/support/", {"day": "2026-02-11", "kind": "gift", "amount": "1.250.000"},
                          content_type="application/json")  # "1.250.000" as officials write it, never 1,25
    assert grouped.status_code == 201 and grouped.json()["amount"] == "1250000"
    activity = Activity.objects.create(unit=commune, kind=ActivityKind.objects.get(code="hoi_nghi"),
                                       title="Hội nghị", start_date=datetime.date(2026, 3, 1), status="held")
    response = client.post(f"{BASE}{pk}/links/", {"kind": "activity", "id": activity.pk},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["activities"] == [activity.pk]
    response = client.delete(f"{BASE}{pk}/links/?kind=activity&id={activity.pk}")
    assert response.status_code == 200 and response.json()["activities"] == []
    response = client.post(f"{BASE}{pk}/status/", {"status": "removed", "date": "2026-03-01"},
                           content_type="application/json")
    assert response.status_code in (400, 422) and response.json()["errors"][0]["field"] == "status_reason"
    response = client.post(f"{BASE}{pk}/status/", {"status": "removed", "date": "2026-03-01",
                                                   "reason": "Không còn đủ tiêu chí."},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "removed"
    assert len(response.json()["support"]) == 2


def test_other_province_404_viewer_403_and_sync(client, commune_officer, make_user, make_person):
    person = make_person(commune_officer)
    client.force_login(make_user("VN-01", "officer"))
    assert client.get(f"{BASE}{person.pk}/").status_code == 404
    assert client.get(BASE).json()["results"] == []
    client.force_login(make_user("VN-92", "viewer"))
    assert client.post(BASE, _body(), content_type="application/json").status_code == 403
    assert client.get(BASE, {"changed_since": "2020-01-01T00:00:00+07:00"}).json()["results"][0]["id"] == person.pk
    client.force_login(commune_officer)
    assert client.delete(f"{BASE}{person.pk}/").status_code == 204
    assert not Person.objects.exists()


def test_counts_and_ethnic_groups_are_for_everyone_who_reads_the_unit(client, commune_officer, make_person,
                                                                      make_user):
    make_person(commune_officer)
    client.force_login(make_user("VN", "viewer"))
    groups = client.get("/api/v1/prestige/ethnic-groups/").json()
    assert len(groups) == 54 and groups[4] == {"code": "05", "name": "Khmer",
                                               "other_names": "Khơ-me; Khơ Me; Khơme", "is_minority": True}
    counts = client.get("/api/v1/prestige/counts/", {"unit": "VN-92", "year": 2025, "boundaries": "current"}).json()
    assert counts["people"] == 1 and counts["by_role"] == {"chuc_sac": 1}
    client.force_login(make_user("VN-01", "officer"))
    assert client.get("/api/v1/prestige/counts/", {"unit": "VN-92", "year": 2025}).status_code == 404
