"""Tables sort by their headers on the server; the order is in the URL and unknown names fall back."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


def test_activity_list_sorts_by_header_and_flips(client, make_user):
    from danvan.activities.models import Activity, ActivityKind
    from danvan.orgunits.models import OrgUnit

    user = make_user("VN-92", "officer")
    client.force_login(user)
    unit, kind = OrgUnit.objects.get(key="VN-92"), ActivityKind.objects.first()
    for title, day in (("Bê tông hóa", 3), ("An sinh", 1), ("Cầu nông thôn", 2)):
        Activity.objects.create(unit=unit, kind=kind, title=title, start_date=datetime.date(2025, 5, day),
                                level=unit.level)
    page = client.get("/hoat-dong/", {"sap_xep": "ten"}).content.decode()
    assert page.index("An sinh") < page.index("Bê tông hóa") < page.index("Cầu nông thôn")
    assert 'aria-sort="ascending"' in page and "sap_xep=-ten" in page  # the header link flips the order
    page = client.get("/hoat-dong/", {"sap_xep": "-ten"}).content.decode()
    assert page.index("Cầu nông thôn") < page.index("Bê tông hóa") < page.index("An sinh")
    page = client.get("/hoat-dong/", {"sap_xep": "-ngay"}).content.decode()
    assert page.index("Bê tông hóa") < page.index("Cầu nông thôn") < page.index("An sinh")
    assert client.get("/hoat-dong/", {"sap_xep": "khong-co'"}).status_code == 200
