"""Reads over the unit tree used by the whole system."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from danvan.core.clock import today as today  # re-exported: callers import it from here
from danvan.core.text import search_terms

from .models import OrgUnit, UnitSuccession


def unit_by_key(key: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(key=key).first()


class UnitsByKey:
    """Units looked up by key, each key once (an imported file names the same units on thousands of rows).
    `upper=True` also reads keys typed in lower case ("vn-92")."""

    def __init__(self, *, upper: bool = False) -> None:
        self.upper = upper
        self.cache: dict[str, OrgUnit | None] = {}

    def get(self, key: str) -> OrgUnit | None:
        key = key.strip().upper() if self.upper else key.strip()
        if key not in self.cache:
            self.cache[key] = OrgUnit.objects.filter(key=key).first()
        return self.cache[key]

    __call__ = get


def subtree(unit: OrgUnit, *, on: datetime.date | None = None, include_self: bool = True) -> QuerySet:
    """The unit and everything below it; only units valid `on` a date when given."""
    qs = OrgUnit.objects.filter(path__startswith=unit.path)
    if not include_self:
        qs = qs.exclude(pk=unit.pk)
    return qs.valid_on(on) if on else qs


def subtree_during(unit: OrgUnit, start: datetime.date, end: datetime.date) -> QuerySet:
    return OrgUnit.objects.filter(path__startswith=unit.path).valid_during(start, end)


def ancestors(unit: OrgUnit, *, include_self: bool = False) -> list[OrgUnit]:
    """From the root down to the unit's parent (or the unit itself)."""
    keys = [k for k in unit.path.split("/") if k]
    if not include_self:
        keys = keys[:-1]
    found = {u.key: u for u in OrgUnit.objects.filter(key__in=keys)}
    return [found[k] for k in keys if k in found]


def children_on(unit: OrgUnit, day: datetime.date | None) -> QuerySet:
    qs = OrgUnit.objects.filter(parent=unit)
    return (qs.valid_on(day) if day else qs).order_by("kind", "name")


def children_during(unit: OrgUnit, start: datetime.date, end: datetime.date) -> QuerySet:
    return OrgUnit.objects.filter(parent=unit).valid_during(start, end).order_by("kind", "name")


def current_successor(unit: OrgUnit) -> OrgUnit:
    """The unit that today holds the territory or role of `unit` (the unit itself if it still exists)."""
    return unit.current_unit or unit


def units_now_inside(unit: OrgUnit) -> QuerySet:
    """Every unit, current or historical, whose territory or role now lies inside `unit`.

    Cần Thơ (VN-92) includes the former provinces Hậu Giang (VN-93) and Sóc Trăng (VN-94) and
    all their districts and communes. A commune split by the reform follows its primary successor.
    """
    return OrgUnit.objects.filter(Q(current_path__startswith=unit.path) | Q(path__startswith=unit.path))


def predecessors(unit: OrgUnit) -> QuerySet:
    return UnitSuccession.objects.filter(successor=unit).select_related("predecessor").order_by(
        "predecessor__path")


def successors(unit: OrgUnit) -> QuerySet:
    return UnitSuccession.objects.filter(predecessor=unit).select_related("successor").order_by(
        "-is_primary", "successor__path")


def search(query: str, *, within: QuerySet | None = None, on: datetime.date | None = None) -> QuerySet:
    """Units whose name or key contains every word of `query`, with or without diacritics."""
    qs = within if within is not None else OrgUnit.objects.all()
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    if on:
        qs = qs.valid_on(on)
    return qs.order_by("depth", "-valid_to", "name")


def count_by_kind(on: datetime.date) -> dict[str, int]:
    from django.db.models import Count

    rows = OrgUnit.objects.valid_on(on).values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in rows}


# --- names over time (UnitName) ------------------------------------------------------------------------

@dataclass(frozen=True)
class NameAt:
    """The unit's name on a day, and since when it has had it (None: its whole life)."""

    name: str
    short_name: str
    type_name: str
    since: datetime.date | None  # the day after the previous name's last day
    current_name: str  # today's name, to say "(nay là …)"


def names_at(units, day: datetime.date) -> dict[str, NameAt]:
    """{key: NameAt} for several units at `day`, in one query (units without a former name included)."""
    from .models import UnitName

    units = list(units)
    former: dict[int, list] = {}
    for row in UnitName.objects.filter(unit__in=[u.pk for u in units]).order_by("unit_id", "valid_to"):
        former.setdefault(row.unit_id, []).append(row)
    result = {}
    for unit in units:
        rows = former.get(unit.pk, [])
        chosen = next((row for row in rows if day <= row.valid_to), None)
        earlier = [row.valid_to for row in rows if row.valid_to < day]
        since = (max(earlier) + datetime.timedelta(days=1)) if earlier else None
        if chosen is None:
            result[unit.key] = NameAt(unit.name, unit.short_name, unit.type_name, since, unit.name)
        else:
            result[unit.key] = NameAt(chosen.name, chosen.short_name, chosen.type_name, since, unit.name)
    return result


def name_at(unit: OrgUnit, day: datetime.date) -> NameAt:
    return names_at([unit], day)[unit.key]


def as_named_on(unit: OrgUnit, day: datetime.date) -> OrgUnit:
    """A copy of the unit carrying its name on `day` (for headers and titles; never saved)."""
    import copy

    found = name_at(unit, day)
    if found.name == unit.name:
        return unit
    named = copy.copy(unit)
    named.name, named.short_name, named.type_name = found.name, found.short_name, found.type_name
    return named
