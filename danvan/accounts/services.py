"""Account management: creating users and granting or revoking memberships, audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.audit import audit
from danvan.orgunits.models import OrgUnit

from .models import Membership, User
from .permissions import MANAGE_ACCOUNTS, ensure_can, ensure_can_grant_membership, ensure_not_self, forget_grants


@transaction.atomic
def user_create(*, actor, username: str, password: str, full_name: str = "", position: str = "",
                email: str = "", unit: OrgUnit, role: str) -> User:
    ensure_can(actor, MANAGE_ACCOUNTS, unit)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập “%(u)s” đã có người dùng.") % {"u": username}})
    user = User(username=username, full_name=full_name, position=position, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit(actor=actor, action="accounts.user.created", target=user, unit=unit,
          changes={"username": [None, username], "full_name": [None, full_name]})
    membership_grant(actor=actor, user=user, unit=unit, role=role)
    return user


@transaction.atomic
def membership_grant(*, actor, user: User, unit: OrgUnit, role: str) -> Membership:
    """Give `user` a role at `unit`: a unit administrator of the unit (or above), never for their own account."""
    ensure_can_grant_membership(actor, user, unit)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        audit(actor=actor, action="accounts.membership.granted", target=membership, unit=unit,
              changes={"user": [None, user.username], "unit": [None, unit.key], "role": [None, role]})
    forget_grants(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    ensure_can(actor, MANAGE_ACCOUNTS, membership.unit)
    audit(actor=actor, action="accounts.membership.revoked", target=membership, unit=membership.unit,
          changes={"user": [membership.user.username, None], "unit": [membership.unit.key, None],
                   "role": [membership.role, None]})
    membership.delete()
    forget_grants(membership.user)


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Deactivating also ends the user's sessions (they are checked on every request)."""
    ensure_not_self(actor, user)
    units = [m.unit for m in user.memberships.select_related("unit")]
    if not units or not all(_can_manage(actor, u) for u in units):
        raise ValidationError(_("Chỉ quản trị của mọi đơn vị của người dùng này mới được khóa hoặc mở khóa."))
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit(actor=actor, action="accounts.user.activated" if active else "accounts.user.deactivated",
              target=user, unit=units[0], changes={"is_active": [not active, active]})
        if not active:
            _end_sessions(user)
    return user


def _can_manage(actor, unit) -> bool:
    from .permissions import can

    return can(actor, MANAGE_ACCOUNTS, unit)


def _end_sessions(user: User) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
