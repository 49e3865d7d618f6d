"""Gatekeeper rules on units themselves and on lists across units: the issuing body's document data of a unit
(annual reports), the work queues of the level above (dashboards), the audit trail of a record shared across units.

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from danvan.orgunits.models import OrgUnit

from .permissions import APPROVE, MANAGE_ACCOUNTS, VIEW, can, grants, scope_q

# --- annual reports: the issuing body's document data on units (issue 12) ---------------------------

def can_edit_issuing_body(user, unit: OrgUnit) -> bool:
    """The header, symbol, place and signer of a unit's reports are unit data: its administrators (and
    superusers) set them, for the unit and the units below it."""
    return can(user, MANAGE_ACCOUNTS, unit)


def ensure_can_edit_issuing_body(user, unit: OrgUnit) -> None:
    if not can_edit_issuing_body(user, unit):
        raise PermissionDenied(str(_("Chỉ quản trị đơn vị được sửa thông tin cơ quan ban hành văn bản.")))


# --- dashboards (issue 15): work-queue scopes -------------------------------------------------------

def below_q(user, action: str = APPROVE, *, prefix: str = "unit__") -> Q | None:
    """Rows whose unit lies strictly below a unit where `user` may `action` (today's or historical tree).

    The level above decides on a unit's report or proposal, so an approver's queue holds the units
    below their own, never their own unit's. None means unrestricted (superusers).
    """
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    condition = Q(pk__in=[])
    for grant in grants(user):
        if action in grant.actions:
            condition |= (Q(**{f"{prefix}path__startswith": grant.path}) & ~Q(**{f"{prefix}id": grant.unit_id})) | (
                Q(**{f"{prefix}current_path__startswith": grant.path})
                & ~Q(**{f"{prefix}current_path": grant.path}))
    return condition


def scope_below(qs: QuerySet, user, action: str = APPROVE, *, field: str | None = None) -> QuerySet:
    """`qs` restricted by `below_q` on the model's SCOPE_UNIT_FIELD (or `field`)."""
    lookup = field or getattr(qs.model, "SCOPE_UNIT_FIELD", None)
    if lookup is None:
        raise TypeError(f"{qs.model.__name__} declares no SCOPE_UNIT_FIELD; it cannot be scoped")
    condition = below_q(user, action, prefix=f"{lookup}__")
    return qs if condition is None else qs.filter(condition)


# --- the audit trail of records shared across units (issue 13) -----------------------------------------------

def audit_visibility_q(user, record_unit: OrgUnit | None, *, prefix: str = "unit__") -> Q | None:
    """Audit events of a record that a reader of it may see: the record's own unit's events, events without a
    unit, and events of units inside the reader's scope. A national document read by every province must not show
    one province's requirement note, deadline or officer to another. None = all (superusers)."""
    condition = scope_q(user, VIEW, prefix=prefix)
    if condition is None:
        return None
    condition |= Q(**{f"{prefix}isnull": True})
    if record_unit is not None:
        condition |= Q(**{f"{prefix}id": record_unit.pk})
    return condition
