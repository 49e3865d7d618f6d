"""The gatekeeper's work-programme rules (danvan/accounts/permissions.py, section "work programme")."""

import pytest

from danvan.accounts import permissions
from danvan.programme import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_item(root, unit, commune_cantho):
    programme = services.programme_create(actor=root, unit=unit("VN-92"), year=2026)
    item = services.item_create(actor=root, programme=programme, title="Đối thoại", owner_unit=commune_cantho)
    return programme, item


def test_who_edits_approves_and_reports(make_user, city_item, commune_cantho):
    programme, item = city_item
    cases = {
        # (unit, role): (edit the programme, approve it, report the item's status, read the item)
        ("VN-92", "officer"): (True, False, True, True),
        ("VN-92", "approver"): (True, True, True, True),
        ("VN", "approver"): (True, True, True, True),  # a unit above: on behalf, and approves from above
        (commune_cantho.key, "officer"): (False, False, True, True),  # the owner unit reports and reads
        (commune_cantho.key, "approver"): (False, False, True, True),  # ... but never approves the city's
        ("VN-92", "viewer"): (False, False, False, True),
        ("VN-01", "approver"): (False, False, False, False),
    }
    for (key, role), expected in cases.items():
        user = make_user(key, role)
        got = (permissions.can_edit_programme(user, programme), permissions.can_approve_programme(user, programme),
               permissions.can_report_programme_item(user, item), permissions.can(user, "view", item))
        assert got == expected, (key, role, got)
        assert selectors.visible_items(user).filter(pk=item.pk).exists() == expected[3], (key, role)


def test_reporting_on_behalf_only_when_neither_unit_is_ones_own(make_user, city_item, commune_cantho):
    _programme, item = city_item
    assert not permissions.programme_item_reporting_on_behalf(make_user("VN-92", "officer"), item)
    assert not permissions.programme_item_reporting_on_behalf(make_user(commune_cantho.key, "officer"), item)
    assert permissions.programme_item_reporting_on_behalf(make_user("VN", "officer"), item)
