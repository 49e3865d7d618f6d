"""Gatekeeper rules of issue 13: separation of duties, and who must sign in with a second factor.

Re-exported by `danvan.accounts.permissions` (the one gatekeeper); import them from there.

- Nobody raises their own rights: a membership is never granted by its own user (unit administrators and
  superusers included), an account is never (de)activated by itself, and nobody requests the right to see a
  denouncer's identity for themselves.
- The identity right takes effect only with two people: an approver of the case's unit or above requests it
  for *another* user who may read the case, and a second approver — of the case's unit or a level above,
  neither the requester nor the grantee — confirms it. One approver alone never gives the right.
  (The officer who takes a denunciation holds the right from intake: they typed the identity in.)
- A second factor (TOTP) is needed by those who can change rights or publish: approvers, unit
  administrators, portal editors and superusers (`needs_second_factor`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .permissions import APPROVE, MANAGE_ACCOUNTS, can, can_grant_identity, grants


def _same(a: Any, b: Any) -> bool:
    return a is not None and b is not None and getattr(a, "pk", a) == getattr(b, "pk", b)


def ensure_not_self(actor, user, message: str | None = None) -> None:
    """Refuse any change of `user`'s rights made by `user` themselves."""
    if _same(actor, user):
        raise PermissionDenied(message or _("Không ai được tự cấp hoặc nâng quyền cho chính mình; "
                                            "hãy nhờ một quản trị khác."))


# --- memberships ---------------------------------------------------------------------------------------

def can_grant_membership(actor, user, unit) -> bool:
    """A unit administrator of `unit` (or above), or a superuser — never for their own account."""
    return not _same(actor, user) and can(actor, MANAGE_ACCOUNTS, unit)


def ensure_can_grant_membership(actor, user, unit) -> None:
    ensure_not_self(actor, user)
    if not can(actor, MANAGE_ACCOUNTS, unit):
        raise PermissionDenied(_("Bạn không có quyền quản lý tài khoản của đơn vị này."))


# --- the identity of a denouncer: two approvers ---------------------------------------------------------

def can_request_identity(actor, case, grantee=None) -> bool:
    """Ask for `grantee` to see the case's petitioners: an approver of the case's unit or above, for someone else."""
    return can_grant_identity(actor, case) and not _same(actor, grantee)


def ensure_can_request_identity(actor, case, grantee) -> None:
    ensure_not_self(actor, grantee, _("Không được đề nghị cấp quyền xem danh tính người tố cáo cho chính mình."))
    if not can_grant_identity(actor, case):
        raise PermissionDenied(_("Chỉ lãnh đạo có quyền duyệt ở đơn vị của vụ việc hoặc cấp trên mới được đề nghị "
                                 "cấp quyền xem danh tính."))


def can_decide_identity_request(actor, request) -> bool:
    """Confirm or refuse a pending request: a second approver of the case's unit or above — neither the one
    who asked nor the one who would get the right."""
    if _same(actor, request.requested_by_id) or _same(actor, request.user_id):
        return False
    return can_grant_identity(actor, request.case)


def ensure_can_decide_identity_request(actor, request) -> None:
    if _same(actor, request.requested_by_id):
        raise PermissionDenied(_("Người đề nghị không được tự xác nhận; cần một lãnh đạo khác của đơn vị hoặc "
                                 "cấp trên xác nhận."))
    if _same(actor, request.user_id):
        raise PermissionDenied(_("Không được tự xác nhận quyền xem danh tính cho chính mình."))
    if not can_grant_identity(actor, request.case):
        raise PermissionDenied(_("Chỉ lãnh đạo có quyền duyệt ở đơn vị của vụ việc hoặc cấp trên mới được xác "
                                 "nhận hoặc từ chối đề nghị cấp quyền xem danh tính."))


# --- second factor ---------------------------------------------------------------------------------------

def needs_second_factor(user) -> bool:
    """Approvers, unit administrators, portal editors and superusers sign in with a one-time code too."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # From the request's cached grants (no query of its own): approvers carry APPROVE, unit administrators
    # MANAGE_ACCOUNTS, and editors no application right at all (their rights are the portal's).
    return any(APPROVE in g.actions or MANAGE_ACCOUNTS in g.actions or not g.actions for g in grants(user))
