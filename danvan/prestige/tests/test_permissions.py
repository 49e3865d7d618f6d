"""The gatekeeper's rules for people of prestige: the phone (commune and its province only) and names (never
above the province), on the pages, the exports and the API."""

import datetime

import pytest
from django.urls import reverse

from danvan.accounts.permissions import (
    can_see_prestige_names,
    can_see_prestige_phone,
    may_see_prestige_names,
    may_see_prestige_phones,
)
from danvan.prestige import selectors

pytestmark = pytest.mark.django_db
PHONE = "0912345678"


@pytest.fixture
def person(commune_officer, make_person):
    return make_person(commune_officer, full_name="Thạch Văn Sô", phone=PHONE)


@pytest.fixture
def legacy_person(province_officer, make_person, former):
    """A person who left the list before the reform, kept on the former commune of Sóc Trăng."""
    from danvan.prestige import services

    p = make_person(province_officer, unit=former, full_name="Lâm Văn Cũ", phone="0987000111",
                    decision_date=datetime.date(2020, 5, 4))
    return services.person_set_status(actor=province_officer, person=p, status="deceased",
                                      day=datetime.date(2022, 1, 9), on_behalf=True)


def test_phone_is_visible_to_the_commune_and_its_province_only(person, commune_officer, province_officer,
                                                               make_user, central_officer, commune_cantho):
    assert can_see_prestige_phone(commune_officer, person)
    assert can_see_prestige_phone(province_officer, person)
    assert can_see_prestige_phone(make_user("VN-92", "viewer"), person)
    assert not can_see_prestige_phone(central_officer, person)
    assert not can_see_prestige_phone(make_user(superuser=True), person)
    assert not can_see_prestige_phone(make_user(commune_cantho.key, "officer"), person)  # another commune
    assert not can_see_prestige_phone(make_user("VN-01", "officer"), person)  # another province
    assert may_see_prestige_phones(commune_officer) and not may_see_prestige_phones(central_officer)


def test_the_commune_that_holds_a_former_commune_today_sees_its_phone(legacy_person, commune_officer,
                                                                      make_user):
    assert can_see_prestige_phone(commune_officer, legacy_person)
    assert can_see_prestige_phone(make_user("VN-92", "viewer"), legacy_person)
    # a membership of the former district of Trần Đề reads names but is neither commune nor province
    district = make_user("VN-94-951", "viewer")
    assert can_see_prestige_names(district, legacy_person)
    assert not can_see_prestige_phone(district, legacy_person)


def test_names_are_never_read_above_the_province(person, central_officer, make_user, province_officer):
    superuser = make_user(superuser=True)
    assert not may_see_prestige_names(central_officer) and not may_see_prestige_names(superuser)
    assert not can_see_prestige_names(central_officer, person)
    assert not selectors.named(central_officer).exists()
    assert not selectors.named(superuser).exists()
    assert list(selectors.named(province_officer)) == [person]
    assert not selectors.named(make_user("VN-01", "officer")).exists()
    both = make_user("VN", "viewer")
    from danvan.accounts.models import Membership
    from danvan.orgunits.models import OrgUnit

    Membership.objects.create(user=both, unit=OrgUnit.objects.get(key="VN-92"), role="viewer")
    assert list(selectors.named(both)) == [person]


def test_detail_page_shows_the_phone_only_to_commune_and_province(client, person, commune_officer,
                                                                  province_officer, make_user):
    url = reverse("prestige:detail", args=[person.pk])
    for user in (commune_officer, province_officer):
        client.force_login(user)
        body = client.get(url).content.decode()
        assert "Thạch Văn Sô" in body and PHONE in body
    client.force_login(make_user("VN-92", "viewer"))
    assert PHONE in client.get(url).content.decode()


def test_history_on_the_page_never_shows_the_phone(client, person, commune_officer):
    from danvan.prestige import services

    services.person_update(actor=commune_officer, person=person, expected_version=None, phone="0987654321")
    client.force_login(commune_officer)
    body = client.get(reverse("prestige:detail", args=[person.pk])).content.decode()
    assert "0987654321" in body  # the current phone, in the facts
    history = body.split("Lịch sử thay đổi", 1)[1]
    assert PHONE not in history and "0987654321" not in history
    assert "Số điện thoại đã thay đổi" in history


def test_national_users_get_counts_only_on_pages(client, person, central_officer):
    client.force_login(central_officer)
    response = client.get(reverse("prestige:list"))
    body = response.content.decode()
    assert response.status_code == 200 and "Thạch Văn Sô" not in body and "cấp trung ương xem số liệu" in body
    assert client.get(reverse("prestige:detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("prestige:export_xlsx")).status_code == 403
    assert client.get(reverse("prestige:export_csv")).status_code == 403
    assert client.get(reverse("prestige:support_export_xlsx")).status_code == 403
    stats = client.get(reverse("prestige:statistics"), {"don_vi": "VN-92", "nam": person.decision_date.year})
    assert stats.status_code == 200
    text = stats.content.decode()
    assert "Thạch Văn Sô" not in text and "Khmer" in text


def test_national_users_get_403_on_the_api_list_and_404_on_a_person(client, person, central_officer):
    client.force_login(central_officer)
    response = client.get("/api/v1/prestige/people/")
    assert response.status_code == 403
    assert response.json()["errors"][0]["message_vi"].startswith("Danh sách người có uy tín")
    assert client.get(f"/api/v1/prestige/people/{person.pk}/").status_code == 404
    counts = client.get("/api/v1/prestige/counts/", {"unit": "VN", "year": person.decision_date.year})
    assert counts.status_code == 200 and counts.json()["people"] == 1
    assert counts.json()["by_ethnic_group"] == {"05": 1}


def test_api_hides_the_phone_from_a_district_but_not_from_the_province(client, legacy_person, make_user,
                                                                       province_officer):
    client.force_login(make_user("VN-94-951", "viewer"))
    data = client.get(f"/api/v1/prestige/people/{legacy_person.pk}/").json()
    assert data["full_name"] == "Lâm Văn Cũ" and data["phone"] is None
    client.force_login(province_officer)
    assert client.get(f"/api/v1/prestige/people/{legacy_person.pk}/").json()["phone"] == "0987000111"


def test_export_leaves_the_phone_column_empty_where_it_may_not_be_seen(client, legacy_person, make_user):
    from danvan.core.imports import read_table
    from danvan.prestige import importers

    client.force_login(make_user("VN-94-951", "viewer"))
    response = client.get(reverse("prestige:export_csv"), {"trang_thai": ""})
    rows = read_table(b"".join(response.streaming_content), required=["external_ref"],
                      optional=importers.EXPORT_HEADER)
    assert [(row["full_name"], row["phone"]) for _line, row in rows] == [("Lâm Văn Cũ", "")]
