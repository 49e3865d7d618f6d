"""Gatekeeper rules for lists: which rows of a queryset a user may see or act on (scope), as Q objects and
filtered querysets.

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from danvan.orgunits.models import OrgUnit

from .permissions import APPROVE, VIEW, WRITE, _superuser, grants


def _is_whole_tree(user, path: str) -> bool:
    """`path` is the one root of the unit tree (asked once per request, and only for a top-level grant)."""
    if path.count("/") > 1:
        return False
    roots = getattr(user, "_danvan_roots", None)
    if roots is None:
        roots = list(OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)[:2])
        user._danvan_roots = roots
    return roots == [path]


def scope_q(user, action: str = VIEW, *, prefix: str = "unit__") -> Q | None:
    """A Q object restricting rows to what `user` may `action`; None means unrestricted."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    condition = Q(pk__in=[])
    for grant in grants(user):
        if action not in grant.actions:
            continue
        if action != WRITE and _is_whole_tree(user, grant.path):
            # Every unit lies inside: no scan of the unit tree for a filter that keeps every row (issue 16).
            return Q(**{f"{prefix}id__isnull": False}) if prefix else None
        if action == WRITE:
            condition |= Q(**{f"{prefix}id": grant.unit_id}) if prefix else Q(id=grant.unit_id)
        else:
            condition |= Q(**{f"{prefix}path__startswith": grant.path}) | Q(
                **{f"{prefix}current_path__startswith": grant.path})
    return condition


def visible_unit_ids(user, action: str = VIEW) -> QuerySet | None:
    """The ids of the units `user` may `action` as a sub-select for `unit_id__in`, or None when that is every
    unit (a superuser, or a grant on the tree's one root): then a list needs no unit filter at all."""
    units = scope(OrgUnit.objects.all(), user, action)
    return None if not units.query.where else units.values("pk")


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


def object_or_404_scoped(qs: QuerySet, user, action: str = VIEW, **lookup) -> Model:
    """Fetch one object inside the user's scope; objects outside it look like they do not exist."""
    from django.http import Http404

    try:
        return scope(qs, user, action if action == VIEW else VIEW).get(**lookup)
    except qs.model.DoesNotExist:
        raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem.")) from None



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


def named_unit_q(unit: OrgUnit, fields: tuple[str, ...], *, boundaries_current: bool = True) -> Q:
    """Rows whose named unit (any of `fields`) lies in `unit`'s subtree (today's boundaries by default)."""
    condition = Q(pk__in=[])
    for field in fields:
        condition |= Q(**{f"{field}__path__startswith": unit.path})
        if boundaries_current:
            condition |= Q(**{f"{field}__current_path__startswith": unit.path})
    return condition
