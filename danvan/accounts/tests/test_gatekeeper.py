"""The gatekeeper's cross-unit rules: approve from above, on-behalf entry, campaign units, memberships."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from danvan.accounts import permissions as p
from danvan.accounts.models import Membership
from danvan.campaigns import services as campaign_services
from danvan.campaigns.models import Campaign
from danvan.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_approve_from_above_needs_an_approver_strictly_above(make_user, unit, commune_cantho):
    province_approver = make_user("VN-92", "approver")
    commune_approver = make_user(commune_cantho.key, "approver")
    province_officer = make_user("VN-92", "officer")
    hanoi_approver = make_user("VN-01", "approver")
    assert p.can_approve_above(province_approver, commune_cantho)
    assert not p.can_approve_above(province_approver, unit("VN-92"))  # its own unit is not "above"
    assert not p.can_approve_above(commune_approver, commune_cantho)
    assert not p.can_approve_above(province_officer, commune_cantho)
    assert not p.can_approve_above(hanoi_approver, commune_cantho)
    with pytest.raises(PermissionDenied):
        p.ensure_can_approve_above(commune_approver, commune_cantho)
    below = OrgUnit.objects.filter(p.approve_above_q(province_approver, prefix=""))
    assert below.filter(pk=commune_cantho.pk).exists() and not below.filter(key="VN-92").exists()
    assert not below.filter(key="VN-01").exists()


def test_explicit_not_on_behalf_is_refused_not_silently_turned_on(make_user, unit, commune_cantho):
    officer = make_user("VN-92", "officer")
    assert p.on_behalf_for(officer, unit("VN-92"), requested=True) is False  # own unit: never on behalf
    assert p.on_behalf_for(officer, commune_cantho, requested=None) is True
    assert p.on_behalf_for(officer, commune_cantho, requested=True) is True
    with pytest.raises(PermissionDenied):
        p.on_behalf_for(officer, commune_cantho, requested=False)
    with pytest.raises(PermissionDenied):
        p.on_behalf_for(officer, unit("VN-01"), requested=True)


def test_campaign_progress_of_a_unit_outside_scope_is_404_in_the_api_as_on_the_page(
        make_user, unit, commune_cantho, client_for):
    organiser = make_user("VN-92", "officer")
    campaign = campaign_services.campaign_create(
        actor=organiser, unit=unit("VN-92"), name="Mái ấm", kind=Campaign.Kind.CAMPAIGN,
        start_date=datetime.date(2025, 7, 1), participant_root=commune_cantho)
    client = client_for(make_user(commune_cantho.key, "viewer"))
    assert client.get(f"/api/v1/campaigns/campaigns/{campaign.pk}/progress/", {"unit": "VN-01"}).status_code == 404
    assert client.get(f"/van-dong/{campaign.pk}/", {"don_vi": "VN-01"}).status_code == 404
    ok = client.get(f"/api/v1/campaigns/campaigns/{campaign.pk}/progress/", {"unit": commune_cantho.key})
    assert ok.status_code == 200 and ok.json()["unit"] == commune_cantho.key


def test_a_membership_outside_the_managed_units_looks_like_it_does_not_exist(make_user, client_for):
    hanoi_member = make_user("VN-01", "officer")
    membership = Membership.objects.get(user=hanoi_member)
    client = client_for(make_user("VN-92", "unit_admin"))
    response = client.post(f"/tai-khoan/phan-quyen/{membership.pk}/thu-hoi/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
