"""Gatekeeper rules for the work programme: edit, approve or reopen, report an item's status.

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .permissions import (
    APPROVE,
    WRITE,
    can,
    scope_q,
)

# --- work programme (issue 18) -------------------------------------------------------------------------------
# A unit's programme is written by the unit (or a unit above it, on behalf) while it is a draft, and approved
# or reopened by an approver of the unit or of a unit above it. Each item's monthly status is reported by its
# owner unit (or by the programme's unit); the owner unit also reads the item (SCOPE_ALSO_VISIBLE_TO).

def can_edit_programme(user, programme) -> bool:
    """Theme, items, import, draft from Part Two: the programme's unit, or a unit above it on behalf."""
    return can(user, WRITE, programme.unit, on_behalf=True)


def can_approve_programme(user, programme) -> bool:
    """Approve or reopen a unit's programme: an approver of that unit or of a unit above it."""
    return can(user, APPROVE, programme.unit)


def ensure_can_approve_programme(user, programme) -> None:
    if not can_approve_programme(user, programme):
        raise PermissionDenied(_("Chỉ lãnh đạo có quyền duyệt của “%(u)s” hoặc đơn vị cấp trên mới được phê duyệt "
                                 "hoặc mở lại chương trình công tác.") % {"u": programme.unit.name})


def can_report_programme_item(user, item) -> bool:
    """Record an item's monthly status: its owner unit or the programme's unit (own, or below on behalf)."""
    return (can(user, WRITE, item.owner_unit, on_behalf=True)
            or can(user, WRITE, item.programme.unit, on_behalf=True))


def ensure_can_report_programme_item(user, item) -> None:
    if not can_report_programme_item(user, item):
        raise PermissionDenied(_("Chỉ đơn vị chủ trì hoặc đơn vị lập chương trình mới được ghi tình trạng thực "
                                 "hiện nhiệm vụ này."))


def programme_item_reporting_on_behalf(user, item) -> bool:
    """Whether a status report on `item` is on-behalf entry (neither the owner unit nor the programme's unit
    is one of the user's own units)."""
    return not (can(user, WRITE, item.owner_unit) or can(user, WRITE, item.programme.unit))


def owned_items_q(user, *, prefix: str = "owner_unit__") -> Q | None:
    """Items whose owner unit is one of the user's own write units (their work queue); None = all."""
    return scope_q(user, WRITE, prefix=prefix)
