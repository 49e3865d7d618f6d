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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def approve_above_q(user, prefix: str = "unit__") -> Q | None:
    """Rows whose unit (at `prefix`) lies strictly below one of the user's approver units; None = all."""
    if _superuser(user):
        return None
    condition = Q(pk__in=[])
    for grant in grants(user):
        if APPROVE in grant.actions:
            condition |= (Q(**{f"{prefix}path__startswith": grant.path}) & ~Q(**{f"{prefix}id": grant.unit_id})) | (
                Q(**{f"{prefix}current_path__startswith": grant.path}) & ~Q(**{f"{prefix}current_path": grant.path}))
    return condition


# --- recognition levels (Dân vận khéo) ------------------------------------------------------------------

LEVEL_RANK = {"commune": 1, "district": 2, "province": 3, "central": 4}


def can_recognise(user, unit: OrgUnit, level: str) -> bool:
    """Recognition at `level` needs an approver membership at exactly that level whose subtree holds the unit."""
    if _superuser(user):
        return True
    return any(APPROVE in g.actions and g.level == level and _inside(unit, g.path) for g in grants(user))


def can_record_recognition(user, unit: OrgUnit, level: str) -> bool:
    """Imports record past decisions: an approver at that level or above, whose subtree holds the unit."""
    if _superuser(user):
        return True
    rank = LEVEL_RANK.get(level, 99)
    return any(APPROVE in g.actions and LEVEL_RANK.get(g.level, 0) >= rank and _inside(unit, g.path)
               for g in grants(user))


def can_assess(user, unit: OrgUnit) -> bool:
    """Score a model under assessment: an approver of its unit or above, or an officer of a unit above it
    (the assessing council sits above the registering unit)."""
    return can(user, APPROVE, unit) or (can(user, WRITE, unit, on_behalf=True) and not can(user, WRITE, unit))


# --- across units: campaigns and documents -------------------------------------------------------------

def path_prefixes(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def campaign_visibility_q(user) -> Q | None:
    """Campaigns a user may read: organised inside their scope, or with a participating root or listed unit
    inside their scope or at/above one of their units. None = all. (Evaluate over `Campaign`.)"""
    organised = scope_q(user, VIEW, prefix="unit__")
    if organised is None:
        return None
    condition = organised
    for prefix in ("participant_root__", "participant_units__"):
        condition |= scope_q(user, VIEW, prefix=prefix) or Q()
    above = {p for g in grants(user) if VIEW in g.actions for p in path_prefixes(g.path)}
    if above:
        condition |= Q(participant_root__path__in=above) | Q(participant_units__path__in=above)
    return condition


def can_view_campaign_unit(user, campaign, unit: OrgUnit) -> bool:
    """May the user see a campaign's progress restricted to `unit`? Units they may read, and the campaign's
    participants (a commune compares itself with the others taking part)."""
    return can(user, VIEW, unit) or campaign.includes_unit(unit)


def can_act_on_campaign(user, campaign) -> bool:
    """Edit a campaign, its targets and links: its organiser, or a unit above it on behalf."""
    return can(user, WRITE, campaign.unit, on_behalf=True)


def document_visibility_q(user) -> Q | None:
    """Documents a user may read: those registered in their subtree, plus those of every unit above their
    units (a commune implements the central and provincial documents, not another province's). None = all."""
    inside = scope_q(user, VIEW, prefix="unit__")
    if inside is None:
        return None
    above = {key for g in grants(user) for key in g.path.split("/") if key}
    return inside | Q(unit__key__in=above)


def can_act_on_document(user, document, unit: OrgUnit) -> bool:
    """Record a requirement, plan, review or project of `unit` against `document`: the document is visible to
    the user and the user writes for `unit` (own unit, or below it on behalf)."""
    if not can(user, WRITE, unit, on_behalf=True):
        return False
    condition = document_visibility_q(user)
    return condition is None or type(document).objects.filter(condition, pk=document.pk).exists()


def can_update_commitment(user, commitment) -> bool:
    """A dialogue commitment's progress: the dialogue's unit (own or on behalf) or the responsible unit."""
    return (can(user, WRITE, commitment.activity.unit, on_behalf=True)
            or can(user, WRITE, commitment.owner_unit, on_behalf=True))


# --- identity of a denouncer (petitions) ---------------------------------------------------------------

def can_see_identity(user, case) -> bool:
    """Petitioners of a tố cáo case: only with an explicit IdentityGrant (superusers included).
    Other kinds: whoever may read the case."""
    if not can(user, VIEW, case):
        return False
    if not case.is_denunciation:
        return True
    return case.identity_grants.filter(user=user).exists()


def ensure_can_see_identity(user, case) -> None:
    if not can_see_identity(user, case):
        raise PermissionDenied(_("Bạn không có quyền xem, sửa thông tin người tố cáo của vụ việc này."))


def can_grant_identity(user, case) -> bool:
    """Give or take back the right to see a case's petitioners: an approver of the case's unit or above."""
    return can(user, APPROVE, case)


def ensure_can_grant_identity(user, case) -> None:
    if not can_grant_identity(user, case):
        raise PermissionDenied(_("Chỉ lãnh đạo có quyền duyệt ở đơn vị của vụ việc hoặc cấp trên mới được cấp "
                                 "hoặc thu hồi quyền xem danh tính."))


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


# --- public portal (issue 17) -------------------------------------------------------------------------------
# Portal sections belong to a unit. Editors (role "editor") write in the sections of their own unit; approvers
# review and publish in the sections of their unit's subtree (as APPROVE reads the subtree). Wagtail enforces
# the decision through groups that danvan.portal.editors keeps in step with memberships.
PORTAL_EDIT, PORTAL_REVIEW, PORTAL_MODERATE = "portal_edit", "portal_review", "portal_moderate"


def portal_section_units(user, action: str) -> QuerySet:
    """The units whose portal sections `user` may edit (PORTAL_EDIT) or review and publish (PORTAL_REVIEW)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrgUnit.objects.none()
    if user.is_superuser:
        return OrgUnit.objects.all()
    condition = Q(pk__in=[])
    for unit_id, path, role in Membership.objects.filter(user=user).values_list("unit_id", "unit__path", "role"):
        if action == PORTAL_EDIT and role == Membership.Role.EDITOR:
            condition |= Q(pk=unit_id)
        elif action == PORTAL_REVIEW and role == Membership.Role.APPROVER:
            condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)


def can_moderate_feedback(user, section_unit: OrgUnit | None = None) -> bool:
    """Editors and reviewers of a section moderate its readers' feedback; without a unit: any section."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    units = portal_section_units(user, PORTAL_EDIT) | portal_section_units(user, PORTAL_REVIEW)
    return units.exists() if section_unit is None else units.filter(pk=section_unit.pk).exists()


def moderated_sections_q(user, *, prefix: str = "page__") -> Q | None:
    """Feedback rows `user` may moderate, as a filter on the article's section unit; None: all."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    units = portal_section_units(user, PORTAL_EDIT) | portal_section_units(user, PORTAL_REVIEW)
    from danvan.portal.models import SectionPage

    sections = SectionPage.objects.filter(unit__in=units.values("pk"))
    condition = Q(pk__in=[])
    for path in sections.values_list("path", flat=True):
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def public_honour_q() -> Q:
    """Registry rows anyone may see on the portal: model-years recognised or honoured (only their public
    fields are shown: danvan.portal.honour.PUBLIC_FIELDS)."""
    return Q(status__in=("recognised", "honoured"), recognised_year__isnull=False)


# --- background jobs (issue 13) ----------------------------------------------------------------------------
# A job holds its owner's file, its rows' problems (cell values included) and runs with the owner's rights, so
# only the owner sees it, downloads its problems and runs it again; superusers see every job (support).


def can_view_job(user, job) -> bool:
    if not _active(user):
        return False
    return _superuser(user) or job.owner_id == user.pk


def can_retry_job(user, job) -> bool:
    return _active(user) and job.owner_id == user.pk


def ensure_can_retry_job(user, job) -> None:
    if not can_retry_job(user, job):
        raise PermissionDenied(_("Chỉ người tạo công việc được chạy lại công việc này."))


def jobs_visible(qs: QuerySet, user) -> QuerySet:
    """Jobs a user may open: their own (superusers: every job)."""
    if not _active(user):
        return qs.none()
    return qs if _superuser(user) else qs.filter(owner_id=user.pk)


# --- reminders (issue 18) ----------------------------------------------------------------------------
# A reminder names a record, in the bell and by e-mail. It goes only to an active user who may read that
# record: `can(VIEW)` on it (a unit's periodic report: the unit; a dialogue commitment: also its responsible
# unit), documents by the document rule. danvan.reminders asks this for every recipient, when it computes a
# reminder and again just before it e-mails it. What a reminder says about a petition never includes a
# petitioner (tố cáo: the case's code only).

def can_view_document(user, document) -> bool:
    """A document of the register: registered in the user's subtree or at a unit above the user's units."""
    if not _active(user):
        return False
    condition = document_visibility_q(user)
    return condition is None or type(document).objects.filter(condition, pk=document.pk).exists()


_REMINDER_VISIBILITY = {"activities.document": can_view_document}


def can_receive_reminder(user, record) -> bool:
    """May `user` be reminded of `record` (a model instance, or the OrgUnit a due item belongs to)?"""
    if not _active(user) or record is None:
        return False
    check = _REMINDER_VISIBILITY.get(record._meta.label_lower) if isinstance(record, Model) else None
    return check(user, record) if check is not None else can(user, VIEW, record)

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

# --- people of prestige (issue 18) ---------------------------------------------------------------------------
# The registry of people of prestige (người có uy tín) holds personal data, kept at the level that works with it:
# - names (and every other field of a person) are read only through a membership at province level or below
#   whose subtree holds the person's commune: national and central users see counts, never a list — superusers
#   included, unless they also hold such a membership;
# - the phone number is read (and written) only by the person's commune itself and by its province.
# Counts (the engine's indicators) follow the ordinary read rule.
PRESTIGE_NAMED_LEVELS = frozenset({"province", "district", "commune"})
PRESTIGE_PHONE_LEVELS = frozenset({"province", "commune"})


def prestige_names_q(user, *, prefix: str = "unit__") -> Q:
    """Rows (at `prefix`, the person's commune) whose names `user` may read: inside a membership at province level
    or below (today's or historical tree). Never None: no one is unrestricted."""
    condition = Q(pk__in=[])
    for grant in grants(user):
        if VIEW in grant.actions and grant.level in PRESTIGE_NAMED_LEVELS:
            condition |= Q(**{f"{prefix}path__startswith": grant.path}) | Q(
                **{f"{prefix}current_path__startswith": grant.path})
    return condition


def may_see_prestige_names(user) -> bool:
    """Does the user hold any membership from which names of people of prestige are read (province or below)?"""
    return any(VIEW in g.actions and g.level in PRESTIGE_NAMED_LEVELS for g in grants(user))


def can_see_prestige_names(user, person) -> bool:
    unit = unit_of(person)
    return unit is not None and any(
        VIEW in g.actions and g.level in PRESTIGE_NAMED_LEVELS and _inside(unit, g.path) for g in grants(user))


def may_see_prestige_phones(user) -> bool:
    """Does the user hold a commune or province membership (the only ones that see or write phones)?"""
    return any(VIEW in g.actions and g.level in PRESTIGE_PHONE_LEVELS for g in grants(user))


def can_see_prestige_phone(user, person) -> bool:
    """The phone of a person of prestige: a membership of the person's commune (or of the commune that holds a
    former commune today) or of its province."""
    unit = unit_of(person)
    return unit is not None and any(
        VIEW in g.actions and g.level in PRESTIGE_PHONE_LEVELS and _inside(unit, g.path) for g in grants(user))


def ensure_can_see_prestige_phone(user, person) -> None:
    if not can_see_prestige_phone(user, person):
        raise PermissionDenied(_("Chỉ xã của người có uy tín và tỉnh quản lý xã đó được xem, ghi số điện thoại."))


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
