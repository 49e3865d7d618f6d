"""DHIS2 dataValueSets: POST imports through the CSV import's service, GET reads back the same shape."""

import pytest

from danvan.accounts.tokens import api_token_create
from danvan.core.models import AuditEvent
from danvan.reports import selectors
from danvan.reports.models import DataValue, RollupValue

pytestmark = pytest.mark.django_db
URL = "/api/v1/dataValueSets"


@pytest.fixture
def officer(make_user):
    return make_user("VN-92", "officer")


@pytest.fixture
def api(client, officer):
    _token, raw = api_token_create(actor=officer, user=officer, name="dhis2")

    def call(method, url=URL, body=None, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        target = f"{url}?{query}" if query else url
        if method == "get":
            return client.get(target, HTTP_AUTHORIZATION=f"Bearer {raw}")
        import json

        return client.post(target, json.dumps(body), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")

    return call


def payload(*values, **top):
    return {"dataSet": "danvan", **top, "dataValues": [
        {"dataElement": code, "value": value, **extra} for code, value, extra in values]}


def test_post_imports_with_summary_audit_and_rollups(api, unit):
    body = payload(("dialogue", "7", {}), ("media", 12, {"comment": "tin bài"}),
                   ("commendation.collective", "3", {"categoryOptionCombo": "default"}),
                   period="2023", orgUnit="VN-92")
    response = api("post", body=body)
    assert response.status_code == 200, response.content
    summary = response.json()
    assert summary["status"] == "SUCCESS"
    assert summary["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    assert summary["conflicts"] == []
    assert DataValue.objects.get(unit__key="VN-92", period="2023", indicator_id="dialogue").value == 7
    # Roll-ups are maintained: the nation's figure includes the new aggregate.
    assert selectors.annual_figures(unit=unit("VN"), year=2023)["figures"]["dialogue"] == 7
    assert RollupValue.objects.filter(year=2023, indicator="dialogue").exists()
    assert AuditEvent.objects.filter(action="reports.datavalue.imported").count() == 1
    # Re-sending is safe: every value unchanged is ignored; a changed one is an audited update.
    again = api("post", body=body, url=URL + "/").json()
    assert again["importCount"] == {"imported": 0, "updated": 0, "ignored": 3, "deleted": 0}
    body["dataValues"][0]["value"] = "9"
    changed = api("post", body=body).json()
    assert changed["importCount"] == {"imported": 0, "updated": 1, "ignored": 2, "deleted": 0}
    assert AuditEvent.objects.filter(action="reports.datavalue.updated").count() == 1


def test_any_conflict_imports_nothing(api):
    body = payload(("dialogue", "7", {}), ("no.such.code", "1", {}), ("media", "-3", {}),
                   ("media", "4", {"orgUnit": "VN-01"}), ("competition", "2", {"period": "2023X9"}),
                   period="2023", orgUnit="VN-92")
    response = api("post", body=body)
    assert response.status_code == 422
    summary = response.json()
    assert summary["status"] == "ERROR"
    assert summary["importCount"]["imported"] == 0 and summary["importCount"]["ignored"] == 5
    by_property = {c["property"]: c for c in summary["conflicts"]}
    assert by_property["dataElement"]["object"] == "no.such.code" and by_property["dataElement"]["indexes"] == [1]
    assert by_property["value"]["indexes"] == [2]
    assert by_property["orgUnit"]["object"] == "VN-01" and by_property["orgUnit"]["errorCode"] == "E7612"
    assert by_property["period"]["indexes"] == [4]
    assert {e["field"] for e in summary["errors"]} >= {"dataElement", "orgUnit", "value", "period"}
    assert all(e["message_vi"] and e["message_en"] for e in summary["errors"])
    assert not DataValue.objects.exists()


def test_dry_run_and_strategies(api):
    base = payload(("dialogue", "7", {}), ("media", "2", {}), period="2023", orgUnit="VN-92")
    dry = api("post", body=base, dryRun="true").json()
    assert dry["importCount"]["imported"] == 2 and dry["dryRun"] is True
    assert not DataValue.objects.exists()
    api("post", body=payload(("dialogue", "7", {}), period="2023", orgUnit="VN-92"))
    changed = payload(("dialogue", "8", {}), ("media", "2", {}), period="2023", orgUnit="VN-92")
    create_only = api("post", body=changed, importStrategy="CREATE").json()
    assert create_only["importCount"] == {"imported": 1, "updated": 0, "ignored": 1, "deleted": 0}
    assert DataValue.objects.get(indicator_id="dialogue").value == 7
    update_only = api("post", body=payload(("dialogue", "8", {}), ("competition", "1", {}), period="2023",
                                           orgUnit="VN-92"), importStrategy="UPDATE").json()
    assert update_only["importCount"] == {"imported": 0, "updated": 1, "ignored": 1, "deleted": 0}
    assert not DataValue.objects.filter(indicator_id="competition").exists()
    deleted = api("post", body=payload(("dialogue", "", {}), ("competition", None, {}), period="2023",
                                       orgUnit="VN-92"), importStrategy="DELETE").json()
    assert deleted["importCount"] == {"imported": 0, "updated": 0, "ignored": 1, "deleted": 1}
    assert set(DataValue.objects.values_list("indicator_id", flat=True)) == {"media"}
    assert AuditEvent.objects.filter(action="reports.datavalue.deleted").count() == 1
    bad = api("post", body=base, importStrategy="MERGE")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "importStrategy"


def test_malformed_bodies_are_400_never_500(api, client):
    assert api("post", body=[1, 2]).status_code == 400
    assert api("post", body={"dataValues": "x"}).json()["errors"][0]["field"] == "dataValues"
    assert api("post", body={"dataValues": [1]}).status_code == 400
    assert api("post", body={"dataValues": [{"dataElement": {"a": 1}, "value": [1]}]}).status_code == 422


def test_get_returns_entered_aggregates_in_the_same_shape(api, unit, commune_cantho):
    api("post", body=payload(("dialogue", "7", {}), ("media", "2.50", {}), period="2025", orgUnit="VN-92"))
    into_commune = api("post", body=payload(("dialogue", "3", {}), period="2025", orgUnit=commune_cantho.key))
    assert into_commune.status_code == 200, into_commune.content
    own = api("get", orgUnit="VN-92", period="2025")
    assert own.status_code == 200
    values = own.json()["dataValues"]
    assert {(v["orgUnit"], v["dataElement"], v["value"]) for v in values} == {("VN-92", "dialogue", "7"),
                                                                             ("VN-92", "media", "2.5")}
    subtree = api("get", url=URL + "/", orgUnit="VN-92", period="2025", children="true", dataElement="dialogue")
    assert {(v["orgUnit"], v["value"]) for v in subtree.json()["dataValues"]} == {("VN-92", "7"),
                                                                                 (commune_cantho.key, "3")}
    assert api("get", orgUnit="VN-01", period="2025").status_code == 404
    missing = api("get", orgUnit="VN-92")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "period"
