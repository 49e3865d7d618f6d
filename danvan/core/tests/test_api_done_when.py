"""Issue 11, "done when": a client that knows only the committed OpenAPI schema and a token registers a
model, imports a month of data values through dataValueSets, reads them back, and fetches the annual
report JSON of its unit. Every request is built from the schema (operation ids, paths, parameters);
every answer must be a status the schema documents for that operation."""

import io
import json
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"


class SchemaClient:
    """Calls operations by operationId over HTTP (here Django's test client), with a Bearer token only."""

    def __init__(self, schema: dict, token: str, http):
        self.operations = {op["operationId"]: (method, path, op) for path, item in schema["paths"].items()
                           for method, op in item.items() if isinstance(op, dict) and "operationId" in op}
        self.token, self.http = token, http
        assert "bearerToken" in schema["components"]["securitySchemes"]

    def call(self, operation_id: str, *, path: dict | None = None, query: dict | None = None, body=None):
        method, template, op = self.operations[operation_id]
        url = template.format(**(path or {}))
        names = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        assert set(query or {}) <= names, f"{operation_id}: {set(query or {}) - names} not in the schema"
        kwargs = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        if body is not None:
            assert "requestBody" in op
            kwargs.update(data=json.dumps(body), content_type="application/json")
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        response = getattr(self.http, method)(url, **kwargs)
        assert str(response.status_code) in op["responses"], (operation_id, response.status_code)
        return response


@pytest.mark.django_db
def test_a_schema_only_client_registers_imports_reads_back_and_gets_the_annual_report(client, make_user,
                                                                                     commune_cantho):
    make_user(commune_cantho.key, "officer", username="xa-ninh-kieu")
    out = io.StringIO()
    call_command("create_api_token", "xa-ninh-kieu", "--name", "máy khách", stdout=out, stderr=io.StringIO())
    api = SchemaClient(yaml.safe_load(SCHEMA.read_text(encoding="utf-8")), out.getvalue().strip(), client)
    unit = commune_cantho.key

    model = api.call("registry_models_create", body={
        "unit": unit, "kind": "mo_hinh", "subject": "tap_the", "name": "Dân vận khéo trong chuyển đổi số",
        "field": "kinh_te", "year": 2025, "register": True, "registered_on": "2025-10-02"})
    assert model.status_code == 201, model.content

    month = {"dataSet": "bao-cao-thang", "period": "202510", "orgUnit": unit, "dataValues": [
        {"dataElement": "conference.dissemination", "value": "3"},
        {"dataElement": "conference.dissemination.attendees", "value": "240"},
        {"dataElement": "dialogue", "value": "2", "comment": "đối thoại với thanh niên"},
        {"dataElement": "media", "value": "11"}]}
    summary = api.call("dataValueSets_create", body=month)
    assert summary.status_code == 200, summary.content
    assert summary.json()["status"] == "SUCCESS" and summary.json()["importCount"]["imported"] == 4

    read = api.call("dataValueSets_read", query={"orgUnit": unit, "period": "202510"})
    assert read.status_code == 200
    assert {(v["dataElement"], v["period"], v["orgUnit"], v["value"]) for v in read.json()["dataValues"]} == {
        (v["dataElement"], "202510", unit, v["value"]) for v in month["dataValues"]}

    annual = api.call("reports_annual_retrieve", path={"key": unit, "year": 2025})
    assert annual.status_code == 200
    figures = annual.json()["figures"]
    assert figures["dvk.registered"] in (1, "1")
    assert str(figures["media"]) == "11" and str(figures["dialogue"]) == "2"
