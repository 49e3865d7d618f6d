"""The API: read, create entries and houses, workflow POST actions; no update or delete of ledger entries."""

import datetime
from decimal import Decimal

from danvan.campaigns import services
from danvan.campaigns.models import House, LedgerEntry
from danvan.core.testing import error_fields

D = datetime.date
BASE = "/api/v1/campaigns/"


def test_ledger_api_create_reverse_and_no_update_or_delete(cantho_campaign, unit, client_for):
    client = client_for(cantho_campaign.organiser)
    payload = {"campaign": cantho_campaign.pk, "unit": "VN-92", "kind": "receipt", "amount": "25000000",
               "day": "2025-08-01", "donor_kind": "organisation", "donor_name": "Công ty F"}
    response = client.post(BASE + "ledger-entries/", payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    entry_id = response.json()["id"]
    assert response.json()["amount"] == "25000000"
    for bad, field in [({"amount": "-1"}, "amount"), ({"amount": 10.5}, "amount"), ({"unit": "VN-01"}, "unit")]:
        response = client.post(BASE + "ledger-entries/", payload | bad, content_type="application/json")
        assert response.status_code in (422, 403), response.content
        if response.status_code == 422:
            assert field in error_fields(response)
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(f"{BASE}ledger-entries/{entry_id}/", payload,
                                           content_type="application/json")
        assert response.status_code == 405
    response = client.post(f"{BASE}ledger-entries/{entry_id}/reverse/", {"reason": "Hoàn trả", "day": "2025-08-02"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["amount"] == "-25000000"
    assert LedgerEntry.objects.count() == 2
    progress = client.get(f"{BASE}campaigns/{cantho_campaign.pk}/progress/").json()
    assert progress["money"]["received"] == "0"


def test_house_api_workflow(cantho_campaign, commune_cantho, client_for):
    client = client_for(cantho_campaign.organiser)
    response = client.post(BASE + "houses/", {
        "campaign": cantho_campaign.pk, "unit": commune_cantho.key, "beneficiary_name": "Hộ Tám",
        "beneficiary_category": "ho_ngheo", "kind": "dai_doan_ket", "unit_cost": "60000000", "on_behalf": True},
        content_type="application/json")
    assert response.status_code == 201, response.json()
    house_id = response.json()["id"]
    response = client.post(f"{BASE}houses/{house_id}/hand-over/", {"day": "2025-08-01", "on_behalf": True},
                           content_type="application/json")
    assert response.status_code == 422 and "status" in error_fields(response)
    for step, day in [("start", "2025-08-01"), ("complete", "2025-09-01"), ("hand-over", "2025-09-05")]:
        response = client.post(f"{BASE}houses/{house_id}/{step}/", {"day": day, "on_behalf": True},
                               content_type="application/json")
        assert response.status_code == 200, response.json()
    assert response.json()["status"] == "handed_over"
    progress = client.get(f"{BASE}campaigns/{cantho_campaign.pk}/progress/?unit={commune_cantho.key}").json()
    assert progress["houses_by_status"]["handed_over"] == 1 and progress["houses_done"] == 1
    assert client.delete(f"{BASE}houses/{house_id}/").status_code == 405


def test_api_scope(cantho_campaign, commune_cantho, unit, make_user, client_for):
    services.ledger_record(actor=cantho_campaign.organiser, campaign=cantho_campaign, unit=unit("VN-92"),
                           kind="receipt", amount="1000", day=D(2025, 8, 1), donor_name="A")
    house = services.house_create(actor=cantho_campaign.organiser, campaign=cantho_campaign, unit=commune_cantho,
                                  beneficiary_name="Hộ Chín", unit_cost="1000", on_behalf=True)
    hanoi = client_for(make_user("VN-01", "officer"))
    assert hanoi.get(BASE + "campaigns/").json()["count"] == 0
    assert hanoi.get(BASE + "ledger-entries/").json()["count"] == 0
    assert hanoi.get(f"{BASE}campaigns/{cantho_campaign.pk}/").status_code == 404
    assert hanoi.get(f"{BASE}houses/{house.pk}/").status_code == 404
    assert hanoi.post(f"{BASE}houses/{house.pk}/start/", {"day": "2025-08-01"},
                      content_type="application/json").status_code == 404
    response = hanoi.post(BASE + "houses/", {"campaign": cantho_campaign.pk, "unit": commune_cantho.key,
                                             "beneficiary_name": "X", "unit_cost": "1000", "on_behalf": True},
                          content_type="application/json")
    assert response.status_code == 422 and "campaign" in error_fields(response)
    viewer = client_for(make_user("VN-92", "viewer"))
    assert viewer.get(BASE + "ledger-entries/").json()["count"] == 1
    response = viewer.post(f"{BASE}houses/{house.pk}/start/", {"day": "2025-08-01", "on_behalf": True},
                           content_type="application/json")
    assert response.status_code == 403
    assert House.objects.get(pk=house.pk).status == "planned"
    assert LedgerEntry.objects.get().amount == Decimal(1000)
