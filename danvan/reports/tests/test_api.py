import pytest

from danvan.core.testing import error_fields
from danvan.reports.models import DataValue
from danvan.reports.services import datavalue_set

pytestmark = pytest.mark.django_db


def test_figures_api_current_boundaries(unit, make_user, client_for):
    datavalue_set(actor=None, unit=unit("VN-93"), period="2023", indicator="dialogue", value=143)
    datavalue_set(actor=None, unit=unit("VN-92"), period="2023", indicator="dialogue", value=7)
    client = client_for(make_user("VN-92", "viewer"))
    body = client.get("/api/v1/reports/figures/?unit=VN-92&period=2023&boundaries=current").json()
    assert body["figures"]["dialogue"] == 150 and body["as_of"]
    body = client.get("/api/v1/reports/figures/?unit=VN-92&period=2023&indicators=dialogue").json()
    assert body["figures"] == {"dialogue": 7}
    body = client.get("/api/v1/reports/figures/?unit=VN-93&period=2023&indicators=dialogue&by=level").json()
    assert body["breakdown"]["values"]["dialogue"]["province"] == 143
    bad = client.get("/api/v1/reports/figures/?unit=VN-92&period=2023x")
    assert bad.status_code == 400 and "Quý 3/2026" in bad.content.decode()
    assert client.get("/api/v1/reports/figures/?unit=VN-92&period=Quý 3/2023").json()["period"] == "2023Q3"
    assert client.get("/api/v1/reports/figures/?unit=VN-ZZ&period=2023").status_code == 404
    assert client.get("/api/v1/reports/figures/?unit=VN-01&period=2023").status_code == 404
    assert client.get("/api/v1/reports/figures/?unit=VN-92&period=2023&boundaries=x").status_code == 400
    assert client.get("/api/v1/reports/figures/?unit=VN-92&period=2023&indicators=nope").status_code == 400
    annual = client.get("/api/v1/reports/annual/VN-92/2023/?boundaries=current").json()
    assert annual["figures"]["dialogue"] == 150 and annual["unit"] == "VN-92"
    assert client.get("/api/v1/reports/annual/VN-01/2023/").status_code == 404


def test_indicator_list(make_user, client_for):
    client = client_for(make_user("VN-92", "viewer"))
    codes = [i["code"] for i in client.get("/api/v1/reports/indicators/").json()]
    assert "dvk.registered" in codes and "campaign.money.received" in codes
    assert client.get("/api/v1/reports/indicators/dvk.recognised/").json()["source"] == "formula"


def test_datavalue_crud_through_services(unit, make_user, client_for):
    officer = make_user("VN-93", "officer")
    client = client_for(officer)
    created = client.post("/api/v1/reports/datavalues/", {"unit": "VN-93", "period": "2023",
                                                          "indicator": "media", "value": "12"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    bad = client.post("/api/v1/reports/datavalues/", {"unit": "VN-93", "period": "2023",
                                                      "indicator": "media", "value": "-1", "category": "x"})
    assert bad.status_code == 422 and "value" in error_fields(bad)
    assert client.post("/api/v1/reports/datavalues/", {"unit": "VN-01", "period": "2023", "indicator": "media",
                                                       "value": "1"}).status_code == 404
    changed = client.patch(f"/api/v1/reports/datavalues/{pk}/", {"value": "15", "version": 1},
                           content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.patch(f"/api/v1/reports/datavalues/{pk}/", {"value": "16", "version": 1},
                         content_type="application/json")
    assert stale.status_code == 409
    assert client.get("/api/v1/reports/datavalues/?unit=VN-93").json()["count"] == 1
    other = client_for(make_user("VN-01", "officer"))
    assert other.get(f"/api/v1/reports/datavalues/{pk}/").status_code == 404
    assert other.delete(f"/api/v1/reports/datavalues/{pk}/").status_code == 404
    viewer = client_for(make_user("VN-93", "viewer"))
    assert viewer.delete(f"/api/v1/reports/datavalues/{pk}/").status_code == 403
    assert client_for(officer).delete(f"/api/v1/reports/datavalues/{pk}/").status_code == 204
    assert not DataValue.objects.exists()
