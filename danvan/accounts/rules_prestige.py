"""Gatekeeper rules for people of prestige: names at province level and below, the phone at the commune and
its province.

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .permissions import (
    VIEW,
    _inside,
    grants,
    unit_of,
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
