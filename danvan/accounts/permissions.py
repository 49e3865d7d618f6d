"""The one gatekeeper: every view, API endpoint, importer and command asks here.

Rules
- Read ("view"): the subtree of a membership's unit, plus historical units whose territory is
  now inside it (their `current_path` lies under the unit).
- Write ("write"): the membership's own unit. A strict descendant (or a historical unit now
  inside it) only with explicit on-behalf entry, which services log as such.
- Approve ("approve"): the approver's unit and everything it may read.
- Manage accounts ("manage_accounts"): unit administrators, within their subtree.
- Approve from above: an approver of a unit strictly above a record's unit (nominations, periodic reports).
- Recognise at a level: an approver membership at exactly that level whose subtree holds the unit
  (recording a past recognition: that level or above).
- Across units: a campaign is read by its organiser's subtree and by the units taking part; a document by
  its unit's subtree and by every unit below it; a commitment also by its responsible unit.
- Identity of a denouncer: only with an explicit grant, given by an approver of the case's unit or above.
- Superusers may do everything (except seeing a denouncer without a grant).
Models tell the gatekeeper where their unit is: `SCOPE_UNIT_FIELD` (a lookup path to an OrgUnit
foreign key, used to filter querysets) and a `scope_unit` property (used for single objects).

This module holds the core (grants, read/write/approve, approve from above) and re-exports the rules kept in
their own modules beside it: `rules_scope` (lists: `scope`, `scope_q`, `visible_unit_ids`, …),
`rules_registry`, `rules_across_units`, `rules_identity`, `rules_owner` (API tokens, jobs), `rules_portal`,
`rules_reminders`, `rules_prestige`, `rules_programme`, `rules_units` (issuing body, work queues below, audit
trail across units) and `separation`.
Everyone imports them from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.orgunits.models import OrgUnit

from .models import Membership

VIEW: str = "view"
WRITE: str = "write"
APPROVE: str = "approve"
MANAGE_ACCOUNTS: str = "manage_accounts"

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Membership.Role.VIEWER: frozenset({VIEW}),
    Membership.Role.OFFICER: frozenset({VIEW, WRITE}),
    Membership.Role.APPROVER: frozenset({VIEW, WRITE, APPROVE}),
    Membership.Role.UNIT_ADMIN: frozenset({VIEW, MANAGE_ACCOUNTS}),
    Membership.Role.EDITOR: frozenset(),  # portal news only: see the portal section below
}


@dataclass(frozen=True)
class Grant:
    unit_id: int
    path: str
    level: str
    actions: frozenset[str]


def grants(user) -> list[Grant]:
    """The user's memberships as grants, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_danvan_grants", None)
    if cached is None:
        cached = [
            Grant(unit_id, path, level, ROLE_ACTIONS[role])
            # Ordered as Membership's Meta ordering orders one user's rows, without joining the user's table.
            for unit_id, path, level, role in Membership.objects.filter(user=user).order_by(
                "unit__path", "role").values_list("unit_id", "unit__path", "unit__level", "role")
        ]
        user._danvan_grants = cached
    return cached


def forget_grants(user) -> None:
    if hasattr(user, "_danvan_grants"):
        del user._danvan_grants
    if hasattr(user, "_danvan_roots"):
        del user._danvan_roots


def unit_of(obj) -> OrgUnit | None:
    if isinstance(obj, OrgUnit):
        return obj
    return getattr(obj, "scope_unit", None)


def _inside(unit: OrgUnit, path: str) -> bool:
    return unit.path.startswith(path) or (unit.current_path or "").startswith(path)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _superuser(user: Any) -> bool:
    return _active(user) and bool(user.is_superuser)


def is_inside(unit: OrgUnit, outer: OrgUnit) -> bool:
    """`unit` is `outer` or lies in its subtree (historically or on today's boundaries)."""
    return unit.pk == outer.pk or _inside(unit, outer.path)


def can(user, action: str, obj, *, on_behalf: bool = False) -> bool:
    """May `user` do `action` on `obj` (a unit or a record with a `scope_unit`)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    unit = unit_of(obj)
    if unit is None:
        return False
    for grant in grants(user):
        if action not in grant.actions:
            continue
        if action == WRITE:
            if unit.pk == grant.unit_id:
                return True
            if on_behalf and _inside(unit, grant.path):
                return True
            continue
        if _inside(unit, grant.path):
            return True
    return action == VIEW and _also_visible(user, obj)


def ensure_can(user, action: str, obj, *, on_behalf: bool = False) -> None:
    if not can(user, action, obj, on_behalf=on_behalf):
        raise PermissionDenied(str(_MESSAGES.get(action, _("Bạn không có quyền thực hiện thao tác này."))))


_MESSAGES = {
    VIEW: gettext_lazy("Bạn không có quyền xem dữ liệu của đơn vị này."),
    WRITE: gettext_lazy("Bạn không có quyền nhập hoặc sửa dữ liệu của đơn vị này."),
    APPROVE: gettext_lazy("Bạn không có quyền duyệt, công nhận hoặc trả lại ở đơn vị này."),
    MANAGE_ACCOUNTS: gettext_lazy("Bạn không có quyền quản lý tài khoản của đơn vị này."),
}


def may_act_somewhere(user, action: str) -> bool:
    """Does any of the user's memberships carry `action`? A viewer POSTing anything is refused up front."""
    if not _active(user):
        return False
    return bool(user.is_superuser) or any(action in g.actions for g in grants(user))


def may_write_anything(user) -> bool:
    """Does the user hold any right beyond reading? Users who only read get 403 on every write (POST/PUT/
    PATCH/DELETE) before a view or API endpoint parses anything (`core.middleware.ReadersDoNotWriteMiddleware`,
    `core.api.ReadersDoNotWrite`); views a reader may post to are marked with `readers_may_post`."""
    if not _active(user):
        return False
    if user.is_superuser or any(g.actions - {VIEW} for g in grants(user)):
        return True
    # Portal editors write news and moderate reader feedback (the portal section below decides where).
    return Membership.objects.filter(user=user, role=Membership.Role.EDITOR).exists()


def readers_may_post(view):
    """Mark a view whose POST changes only the caller's own session or account (sign out, password, language)."""
    view.readers_may_post = True
    return view


def is_write_on_behalf(user, obj) -> bool:
    """True when the user may write `obj` only through on-behalf entry (not their own unit)."""
    return not can(user, WRITE, obj) and can(user, WRITE, obj, on_behalf=True)


def write_mode(user, obj) -> bool | None:
    """How `user` writes for `obj` (a record or a unit): False = as its own unit, True = only on behalf (a unit
    below), None = not at all."""
    if can(user, WRITE, obj):
        return False
    return True if can(user, WRITE, obj, on_behalf=True) else None


def write_modes(user) -> Callable[[Any], bool | None]:
    """`write_mode` for the many units of one imported file, each unit asked once."""
    known: dict[int, bool | None] = {}

    def mode(unit) -> bool | None:
        if unit.pk not in known:
            known[unit.pk] = write_mode(user, unit)
        return known[unit.pk]
    return mode


def on_behalf_for(user, obj, requested: bool | None = None) -> bool:
    """The on-behalf flag a write on `obj` carries.

    Writing for one's own unit is never on behalf. Writing for a unit below is on behalf, and only when the
    caller asked for it: an explicit `requested=False` (a form or API body that says "not on behalf") is
    refused rather than silently turned into on-behalf entry. `None` means the caller offers no choice (a
    page that already shows the on-behalf banner), so the flag follows the gatekeeper."""
    if can(user, WRITE, obj):
        return False
    if not can(user, WRITE, obj, on_behalf=True):
        ensure_can(user, WRITE, obj)
    if requested is False:
        unit = unit_of(obj)
        raise PermissionDenied(_("“%(u)s” là đơn vị cấp dưới; hãy chọn “Nhập thay đơn vị cấp dưới” để nhập thay.")
                               % {"u": unit.name if unit else ""})
    return True


def home_unit(user) -> OrgUnit | None:
    """The unit a user's home page shows: the highest of their memberships."""
    if not getattr(user, "is_authenticated", False):
        return None
    unit_ids = [g.unit_id for g in grants(user)]
    if not unit_ids:
        return OrgUnit.objects.filter(key="VN").first() if user.is_superuser else None
    return OrgUnit.objects.filter(pk__in=unit_ids).order_by("depth", "path").first()


# --- approve from above ------------------------------------------------------------------------------

def can_approve_above(user, unit: OrgUnit) -> bool:
    """An approver of a unit strictly above `unit` (today's or historical tree): accepts nominations and
    periodic reports that `unit` sends up."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    for grant in grants(user):
        if APPROVE not in grant.actions or grant.unit_id == unit.pk:
            continue
        for path in (unit.path, unit.current_path or ""):
            if path.startswith(grant.path) and path != grant.path:
                return True
    return False


def ensure_can_approve_above(user, unit: OrgUnit, message: str | None = None) -> None:
    if not can_approve_above(user, unit):
        raise PermissionDenied(message or _("Chỉ lãnh đạo có quyền duyệt ở đơn vị cấp trên của “%(u)s” mới được "
                                            "duyệt, trả lại hoặc mở lại.") % {"u": unit.name})


# --- records also seen by the unit they name (issue 10) ----------------------------------------------------
# A model may declare `SCOPE_ALSO_VISIBLE_TO = ("owner_unit",)`: the units in those fields may *view* the
# record too, whoever recorded it (a commune named as the responsible unit of a dialogue commitment sees
# it in its list and on its home page). Writing still follows the record's own unit (SCOPE_UNIT_FIELD).

def _also_visible(user, obj) -> bool:
    for field in getattr(type(obj), "SCOPE_ALSO_VISIBLE_TO", ()):
        unit = getattr(obj, field, None)
        if isinstance(unit, OrgUnit) and any(VIEW in g.actions and _inside(unit, g.path) for g in grants(user)):
            return True
    return False


# --- domain rules, each in its own module and re-exported here (the one entry point) ------------------------
# rules_scope first: the other rule modules import scope_q from here.
from .rules_scope import (  # noqa: E402, F401
    approve_above_q,
    named_unit_q,
    object_or_404_scoped,
    on_behalf_units,
    scope,
    scope_q,
    visible_unit_ids,
    writable_units,
)

# isort: split
from .rules_across_units import (  # noqa: E402, F401
    campaign_visibility_q,
    can_act_on_campaign,
    can_act_on_document,
    can_update_commitment,
    can_view_campaign_unit,
    document_visibility_q,
    path_prefixes,
)
from .rules_identity import (  # noqa: E402, F401
    can_grant_identity,
    can_see_identity,
    ensure_can_grant_identity,
    ensure_can_see_identity,
)
from .rules_owner import (  # noqa: E402, F401
    MANAGE_TOKEN,
    can_manage_token,
    can_retry_job,
    can_view_job,
    ensure_can_manage_token,
    ensure_can_retry_job,
    jobs_visible,
)
from .rules_portal import (  # noqa: E402, F401
    PORTAL_EDIT,
    PORTAL_MODERATE,
    PORTAL_REVIEW,
    can_moderate_feedback,
    moderated_sections_q,
    portal_section_units,
    public_honour_q,
)
from .rules_prestige import (  # noqa: E402, F401
    PRESTIGE_NAMED_LEVELS,
    PRESTIGE_PHONE_LEVELS,
    can_see_prestige_names,
    can_see_prestige_phone,
    ensure_can_see_prestige_phone,
    may_see_prestige_names,
    may_see_prestige_phones,
    prestige_names_q,
)
from .rules_programme import (  # noqa: E402, F401
    can_approve_programme,
    can_edit_programme,
    can_report_programme_item,
    ensure_can_approve_programme,
    ensure_can_report_programme_item,
    owned_items_q,
    programme_item_reporting_on_behalf,
)
from .rules_registry import LEVEL_RANK, can_assess, can_recognise, can_record_recognition  # noqa: E402, F401
from .rules_reminders import can_receive_reminder, can_view_document  # noqa: E402, F401
from .rules_units import (  # noqa: E402, F401
    audit_visibility_q,
    below_q,
    can_edit_issuing_body,
    ensure_can_edit_issuing_body,
    scope_below,
)

# --- separation of duties (issue 13) -----------------------------------------------------------------
# Nobody raises their own rights: no membership granted to oneself (unit administrators and superusers
# included), no identity right requested for oneself. The identity right takes effect only when a second
# approver — of the case's unit or a level above, neither the requester nor the grantee — confirms.
from .separation import (  # noqa: E402, F401  (its own module, re-exported by the gatekeeper)
    can_decide_identity_request,
    can_grant_membership,
    can_request_identity,
    ensure_can_decide_identity_request,
    ensure_can_grant_membership,
    ensure_can_request_identity,
    ensure_not_self,
    needs_second_factor,
)
