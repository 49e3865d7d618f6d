"""The API reads numbers like the forms and the import files (issue 14): JSON numbers as they are, strings
with Vietnamese separators by the one parser — "4.200" is four thousand two hundred, never 4,2."""

import datetime

import pytest
from rest_framework import serializers

from danvan.core.api_numbers import VnNumbersMixin, read_number

pytestmark = pytest.mark.django_db


class Sample(VnNumbersMixin, serializers.Serializer):
    attendees = serializers.IntegerField(min_value=0)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)


@pytest.mark.parametrize(("attendees", "amount", "expected"), [
    (4200, 17.6, (4200, "17.60")),  # JSON numbers
    ("4.200", "1.250.000", (4200, "1250000.00")),  # grouped thousands, as in the forms
    ("4200", "17,6", (4200, "17.60")),  # decimal comma
    (" 4 200 ", "1.234,5", (4200, "1234.50")),
    ("4200", "1234.5", (4200, "1234.50")),  # a decimal point with other than three digits after it
])
def test_numbers_are_read_as_the_forms_read_them(attendees, amount, expected):
    data = Sample(data={"attendees": attendees, "amount": amount})
    assert data.is_valid(), data.errors
    assert (data.validated_data["attendees"], str(data.validated_data["amount"])) == expected


def test_what_is_not_a_whole_number_is_refused_with_the_fields_message():
    data = Sample(data={"attendees": "4,5", "amount": "abc"})
    assert not data.is_valid()
    assert set(data.errors) == {"attendees", "amount"}
    assert read_number(serializers.CharField(), "4.200") == "4.200"  # other fields keep their text


def test_activity_and_ledger_entry_accept_vietnamese_numbers(make_user, unit, client_for):
    from danvan.campaigns import services as campaigns

    officer = make_user("VN-92", "officer")
    client = client_for(officer)
    response = client.post("/api/v1/activities/activities/", {
        "kind": "hoi_nghi", "title": "Hội nghị quán triệt", "purpose": "trien_khai", "start_date": "2025-03-01",
        "attendees": "4.200", "participants": "1.250"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert (response.json()["attendees"], response.json()["participants"]) == (4200, 1250)
    campaign = campaigns.campaign_create(actor=officer, unit=unit("VN-92"), name="Mái ấm",
                                         start_date=datetime.date(2025, 1, 1))
    response = client.post("/api/v1/campaigns/ledger-entries/", {
        "campaign": campaign.pk, "unit": "VN-92", "kind": "receipt", "amount": "50.000.000", "day": "2025-08-01",
        "donor_kind": "organisation", "donor_name": "Công ty F"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "50000000"
