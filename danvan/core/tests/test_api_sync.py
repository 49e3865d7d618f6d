"""Incremental sync on API lists: changed_since + cursor pages + tombstones, ETag/304, Idempotency-Key."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from danvan.accounts.tokens import api_token_create
from danvan.core.models import IdempotencyRecord, Tombstone
from danvan.reports.models import DataValue

URL = "/api/v1/reports/datavalues/"


def _post(client, value, key=None, indicator="dialogue", **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(URL, {"unit": "VN-92", "period": "2023", "indicator": indicator, "value": value},
                       content_type="application/json", **headers, **extra)


@pytest.mark.django_db
def test_changed_since_pages_by_cursor_and_reports_deletions(client_for, make_user):
    client = client_for(make_user("VN-92", "officer"))
    before = timezone.now()
    codes = ["dialogue", "media", "competition"]
    ids = [_post(client, "1", indicator=code).json()["id"] for code in codes]
    assert client.delete(f"{URL}{ids[1]}/").status_code == 204
    assert Tombstone.objects.filter(model="reports.datavalue", object_id=str(ids[1])).exists()
    since = (before - datetime.timedelta(seconds=1)).isoformat()
    first = client.get(URL, {"changed_since": since, "page_size": 1})
    assert first.status_code == 200
    body = first.json()
    assert [row["id"] for row in body["results"]] == [ids[0]]
    assert body["deleted"] == [{"id": str(ids[1]), "deleted_at": body["deleted"][0]["deleted_at"]}]
    second = client.get(body["next"])
    assert [row["id"] for row in second.json()["results"]] == [ids[2]] and "deleted" not in second.json()
    assert second.json()["next"] is None
    later = client.get(URL, {"changed_since": timezone.now().isoformat()}).json()
    assert later["results"] == [] and later["deleted"] == []
    # Without changed_since the list keeps its page numbers and count.
    assert client.get(URL).json()["count"] == 2
    bad = client.get(URL, {"changed_since": "hôm qua"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "changed_since"


@pytest.mark.django_db
def test_tombstones_stay_in_scope(client_for, make_user):
    cantho = client_for(make_user("VN-92", "officer"))
    pk = _post(cantho, "4").json()["id"]
    cantho.delete(f"{URL}{pk}/")
    hanoi = Client()
    hanoi.force_login(make_user("VN-01", "officer"))
    body = hanoi.get(URL, {"changed_since": "2000-01-01"}).json()
    assert body["deleted"] == []


@pytest.mark.django_db
def test_etag_and_if_none_match(client, make_user):
    user = make_user("VN-92", "viewer")
    _token, raw = api_token_create(actor=user, user=user, name="sync")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    first = client.get("/api/v1/reports/indicators/", **auth)
    assert first.status_code == 200 and first["ETag"]
    assert "Authorization" in first["Vary"]
    again = client.get("/api/v1/reports/indicators/", HTTP_IF_NONE_MATCH=first["ETag"], **auth)
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/v1/reports/indicators/", HTTP_IF_NONE_MATCH='"stale"', **auth)
    assert other.status_code == 200


@pytest.mark.django_db
def test_idempotency_key_replays_and_refuses_reuse(client_for, make_user):
    client = client_for(make_user("VN-92", "officer"))
    first = _post(client, "5", key="k-1")
    assert first.status_code == 201
    retry = _post(client, "5", key="k-1")
    assert retry.status_code == 201 and retry.json()["id"] == first.json()["id"]
    assert retry["Idempotent-Replayed"] == "true"
    assert DataValue.objects.count() == 1
    reused = _post(client, "6", key="k-1")
    assert reused.status_code == 422 and reused.json()["errors"][0]["code"] == "idempotency_key_reused"
    assert DataValue.objects.get().value == 5
    IdempotencyRecord.objects.create(user=first.wsgi_request.user, key="k-2", request_hash="x")
    assert _post(client, "7", key="k-2").status_code in (409, 422)


@pytest.mark.django_db
def test_identical_post_arriving_while_the_first_runs_gets_409_and_one_record(make_user, monkeypatch):
    """The second of two simultaneous identical POSTs, made to arrive while the first is inside the service."""
    from danvan.reports import api as reports_api

    user = make_user("VN-92", "officer")
    _token, raw = api_token_create(actor=user, user=user, name="dup")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    real = reports_api.datavalue_set
    seen: list[int] = []

    def racing(**kwargs):
        if not seen:
            seen.append(_post(Client(), "9", key="same", **auth).status_code)
        return real(**kwargs)

    monkeypatch.setattr(reports_api, "datavalue_set", racing)
    first = _post(Client(), "9", key="same", **auth)
    assert first.status_code == 201 and seen == [409]
    assert DataValue.objects.filter(indicator_id="dialogue").count() == 1
    replay = _post(Client(), "9", key="same", **auth)
    assert replay.status_code == 201 and replay.json()["id"] == first.json()["id"]


@pytest.mark.django_db
def test_lists_without_counts_sync_too(client_for, make_user, commune_cantho):
    client = client_for(make_user(commune_cantho.key, "officer"))
    created = client.post("/api/v1/registry/models/", {
        "unit": commune_cantho.key, "kind": "mo_hinh", "subject": "tap_the", "name": "Mô hình đồng bộ",
        "field": "kinh_te", "year": 2025, "register": True, "registered_on": "2025-10-02"},
        content_type="application/json")
    assert created.status_code == 201, created.content
    body = client.get("/api/v1/registry/models/", {"changed_since": "2025-01-01T00:00:00+07:00"}).json()
    assert [row["id"] for row in body["results"]] == [created.json()["id"]]
    assert body["next"] is None and body["deleted"] == []
    assert client.get("/api/v1/registry/models/").json()["page"] == 1


@pytest.mark.django_db
def test_page_numbers_never_count_the_whole_list(client_for, make_user, monkeypatch, django_assert_max_num_queries):
    """Issue 16: a page fetches one row more than it shows; `count` is exact on the last page, null before it."""
    monkeypatch.setattr("danvan.core.sync.SyncPageNumberPagination.page_size", 2)
    client = client_for(make_user("VN-92", "officer"))
    for code in ["dialogue", "media", "competition"]:
        assert _post(client, "1", indicator=code).status_code == 201
    with django_assert_max_num_queries(10) as queries:
        first = client.get(URL).json()
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert first["count"] is None and len(first["results"]) == 2 and first["previous"] is None
    last = client.get(first["next"]).json()
    assert last["count"] == 3 and len(last["results"]) == 1 and last["next"] is None
    assert client.get(last["previous"]).json()["results"] == first["results"]
    assert client.get(URL, {"page": 3}).status_code == 404
    assert client.get(URL, {"page": "abc"}).status_code == 404
