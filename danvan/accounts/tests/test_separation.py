"""Separation of duties (issue 13, finding 6): nobody raises their own role or grants rights to themselves."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from danvan.accounts import services
from danvan.accounts.models import Membership
from danvan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_unit_admin_cannot_raise_itself_to_approver(make_user, unit, client_for):
    admin = make_user("VN-92", "unit_admin", username="ct-quantri")
    with pytest.raises(PermissionDenied):
        services.membership_grant(actor=admin, user=admin, unit=unit("VN-92"), role="approver")
    response = client_for(admin).post(reverse("accounts:user_detail", args=[admin.pk]),
                                      {"unit_key": "VN-92", "role": "approver"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=admin, role="approver").exists()
    assert not AuditEvent.objects.filter(action="accounts.membership.granted").exists()


def test_no_self_grant_of_any_role_even_below_or_for_superusers(make_user, unit, commune_cantho):
    admin = make_user("VN-92", "unit_admin")
    for role in ("officer", "viewer", "editor", "unit_admin"):
        with pytest.raises(PermissionDenied):
            services.membership_grant(actor=admin, user=admin, unit=commune_cantho, role=role)
    root = make_user(None, superuser=True)
    with pytest.raises(PermissionDenied):
        services.membership_grant(actor=root, user=root, unit=unit("VN"), role="approver")
    assert Membership.objects.filter(user__in=[admin, root]).count() == 1  # only the admin's own, given above


def test_unit_admin_grants_another_user(make_user, unit, client_for):
    admin = make_user("VN-92", "unit_admin")
    other = make_user("VN-92", "officer", username="ct-other")
    response = client_for(admin).post(reverse("accounts:user_detail", args=[other.pk]),
                                      {"unit_key": "VN-92", "role": "approver"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=other, role="approver").exists()
    assert AuditEvent.objects.filter(action="accounts.membership.granted", actor=admin).exists()


def test_own_account_page_offers_no_grant_and_no_lock(make_user, client_for):
    admin = make_user("VN-92", "unit_admin")
    page = client_for(admin).get(reverse("accounts:user_detail", args=[admin.pk])).content.decode()
    assert "Cấp thêm quyền" not in page and "Khóa tài khoản" not in page
    assert "Không ai tự cấp hoặc nâng quyền" in page
    response = client_for(admin).post(reverse("accounts:user_toggle_active", args=[admin.pk]))
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.is_active
