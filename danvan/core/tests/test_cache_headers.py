"""Nothing private stays in a shared or browser cache: signed-in pages, the API and exports are no-store."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_signed_in_pages_api_and_exports_are_private_and_not_stored(client_for, make_user):
    client = client_for(make_user("VN-92", "approver"))
    for url in (reverse("home"), "/api/v1/reports/indicators/", reverse("petitions:case_list") + "?export=csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
