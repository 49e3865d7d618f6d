"""The one gatekeeper: every view, API endpoint, importer and command asks here.

Rules
- Read ("view"): the subtree of a membership's unit, plus historical units whose territory is
  now inside it (their `current_path` lies under the unit).
- Write ("write"): the membership's own unit. A strict descendant (or a historical unit now
  inside it) only with explicit on-behalf entry, which services log as such.
- Approve ("approve"): the approver's unit and everything it may read.
- Manage accounts ("manage_accounts"): unit administrators, within their subtree.
- Superusers may do everything.
Models tell the gatekeeper where their unit is: `SCOPE_UNIT_FIELD` (a lookup path to an OrgUnit
foreign key, used to filter querysets) and a `scope_unit` property (used for single objects).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.orgunits.models import OrgUnit

from .models import Membership

VIEW, WRITE, APPROVE, MANAGE_ACCOUNTS = "view", "write", "approve", "manage_accounts"

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Membership.Role.VIEWER: frozenset({VIEW}),
    Membership.Role.OFFICER: frozenset({VIEW, WRITE}),
    Membership.Role.APPROVER: frozenset({VIEW, WRITE, APPROVE}),
    Membership.Role.UNIT_ADMIN: frozenset({VIEW, MANAGE_ACCOUNTS}),
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
            for unit_id, path, level, role in Membership.objects.filter(user=user).values_list(
                "unit_id", "unit__path", "unit__level", "role")
        ]
        user._danvan_grants = cached
    return cached


def forget_grants(user) -> None:
    if hasattr(user, "_danvan_grants"):
        del user._danvan_grants


def unit_of(obj) -> OrgUnit | None:
    if isinstance(obj, OrgUnit):
        return obj
    return getattr(obj, "scope_unit", None)


def _inside(unit: OrgUnit, path: str) -> bool:
    return unit.path.startswith(path) or (unit.current_path or "").startswith(path)


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


def is_write_on_behalf(user, obj) -> bool:
    """True when the user may write `obj` only through on-behalf entry (not their own unit)."""
    return not can(user, WRITE, obj) and can(user, WRITE, obj, on_behalf=True)


def scope_q(user, action: str = VIEW, *, prefix: str = "unit__") -> Q | None:
    """A Q object restricting rows to what `user` may `action`; None means unrestricted."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    condition = Q(pk__in=[])
    for grant in grants(user):
        if action not in grant.actions:
            continue
        if action == WRITE:
            condition |= Q(**{f"{prefix}id": grant.unit_id}) if prefix else Q(id=grant.unit_id)
        else:
            condition |= Q(**{f"{prefix}path__startswith": grant.path}) | Q(
                **{f"{prefix}current_path__startswith": grant.path})
    return condition


def scope(qs: QuerySet, user, action: str = VIEW) -> QuerySet:
    """Filter any queryset whose model declares SCOPE_UNIT_FIELD (or OrgUnit itself)."""
    model = qs.model
    if model is OrgUnit:
        prefix = ""
    else:
        field = getattr(model, "SCOPE_UNIT_FIELD", None)
        if field is None:
            raise TypeError(f"{model.__name__} declares no SCOPE_UNIT_FIELD; it cannot be scoped")
        prefix = f"{field}__"
    condition = scope_q(user, action, prefix=prefix)
    condition = _also_visible_q(model, user, action, condition)
    return qs if condition is None else qs.filter(condition)


def writable_units(user) -> QuerySet:
    """Units the user may enter records for directly."""
    return scope(OrgUnit.objects.all(), user, WRITE)


def on_behalf_units(user) -> QuerySet:
    """Units the user may enter records for on behalf (descendants of their write units)."""
    if user.is_superuser:
        return OrgUnit.objects.all()
    condition = Q(pk__in=[])
    for grant in grants(user):
        if WRITE in grant.actions:
            condition |= Q(path__startswith=grant.path) | Q(current_path__startswith=grant.path)
    return OrgUnit.objects.filter(condition)


def home_unit(user) -> OrgUnit | None:
    """The unit a user's home page shows: the highest of their memberships."""
    if not getattr(user, "is_authenticated", False):
        return None
    unit_ids = [g.unit_id for g in grants(user)]
    if not unit_ids:
        return OrgUnit.objects.filter(key="VN").first() if user.is_superuser else None
    return OrgUnit.objects.filter(pk__in=unit_ids).order_by("depth", "path").first()


def object_or_404_scoped(qs: QuerySet, user, action: str = VIEW, **lookup) -> Model:
    """Fetch one object inside the user's scope; objects outside it look like they do not exist."""
    from django.http import Http404

    try:
        return scope(qs, user, action if action == VIEW else VIEW).get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem.")) from None


# --- records also seen by the unit they name (issue 10) ----------------------------------------------------
# A model may declare `SCOPE_ALSO_VISIBLE_TO = ("owner_unit",)`: the units in those fields may *view* the
# record too, whoever recorded it (a commune named as the responsible unit of a dialogue commitment sees
# it in its list and on its home page). Writing still follows the record's own unit (SCOPE_UNIT_FIELD).

def _also_visible_q(model, user, action: str, condition: Q | None) -> Q | None:
    fields = getattr(model, "SCOPE_ALSO_VISIBLE_TO", ())
    if action != VIEW or not fields or condition is None:
        return condition
    for field in fields:
        extra = scope_q(user, VIEW, prefix=f"{field}__")
        if extra is None:
            return None
        condition |= extra
    return condition


def _also_visible(user, obj) -> bool:
    for field in getattr(type(obj), "SCOPE_ALSO_VISIBLE_TO", ()):
        unit = getattr(obj, field, None)
        if isinstance(unit, OrgUnit) and any(VIEW in g.actions and _inside(unit, g.path) for g in grants(user)):
            return True
    return False


def named_unit_q(unit: OrgUnit, fields: tuple[str, ...], *, boundaries_current: bool = True) -> Q:
    """Rows whose named unit (any of `fields`) lies in `unit`'s subtree (today's boundaries by default)."""
    condition = Q(pk__in=[])
    for field in fields:
        condition |= Q(**{f"{field}__path__startswith": unit.path})
        if boundaries_current:
            condition |= Q(**{f"{field}__current_path__startswith": unit.path})
    return condition


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


# --- API tokens (issue 11) ---------------------------------------------------------------------------
# A token carries exactly its owner's rights, so only the owner creates, lists and revokes their tokens;
# superusers may revoke anyone's (a leaked token). `actor=None` is the system (the create_api_token
# command run by the operator).
MANAGE_TOKEN = "manage_token"


def can_manage_token(actor, owner) -> bool:
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return actor.is_superuser or actor.pk == owner.pk


def ensure_can_manage_token(actor, owner) -> None:
    if not can_manage_token(actor, owner):
        raise PermissionDenied(_("Bạn chỉ quản lý được mã truy cập API của chính mình."))
