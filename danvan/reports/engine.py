"""The counting core: effective own values of units and their roll-up, computed from the raw tables.

This is the reference computation ("from scratch"). Year figures are normally served from the
pre-aggregated tables kept by `rollups.py`; those are built from exactly these functions, and the
tests compare the two.

Precedence: for a (unit, period, indicator) with entered aggregates, the unit's own record facts
do not count. Aggregates inside a period are those entered for the period itself or for periods
within it; when several period types were entered (a year value and quarter values, say) only the
coarsest type counts, so nothing is counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from danvan.orgunits.models import OrgUnit

from .indicators import expression_codes, parse_expression
from .models import DataValue, Indicator, RecordFact
from .periods import TYPES, Period

HISTORICAL, CURRENT = "historical", "current"
BOUNDARIES = (HISTORICAL, CURRENT)
LEVELS = ("central", "province", "district", "commune")
ZERO = Decimal(0)


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name: str
    unit_of_measure: str
    source: str
    formula: str
    is_money: bool
    categories: dict


_INDICATORS: dict[str, IndicatorInfo] | None = None


def forget_indicators() -> None:
    global _INDICATORS
    _INDICATORS = None


def indicators() -> dict[str, IndicatorInfo]:
    """Every indicator by code (cached per process; `sync_indicators` clears the cache)."""
    global _INDICATORS
    if _INDICATORS is None:
        _INDICATORS = {
            i.code: IndicatorInfo(i.code, i.name, i.unit_of_measure, i.source, i.formula, i.is_money,
                                  dict(i.categories or {}))
            for i in Indicator.objects.filter(is_active=True).order_by("order", "code")
        }
    return _INDICATORS


def all_codes() -> list[str]:
    return list(indicators())


def base_codes(codes: Iterable[str]) -> set[str]:
    """The stored (non-formula) indicators needed to compute `codes`."""
    known = indicators()
    result: set[str] = set()
    stack = list(codes)
    seen: set[str] = set()
    while stack:
        code = stack.pop()
        if code in seen:
            continue
        seen.add(code)
        info = known.get(code)
        if info is not None and info.source == Indicator.Source.FORMULA and info.formula:
            stack.extend(expression_codes(info.formula))
        else:
            result.add(code)
    return result


def with_formulas(values: dict[str, Decimal], codes: Iterable[str]) -> dict[str, Decimal]:
    """Values for `codes`, computing formula indicators from the stored ones; missing -> 0."""
    known = indicators()
    cache: dict[str, Decimal] = {}

    def value_of(code: str, depth: int = 0) -> Decimal:
        if code in cache:
            return cache[code]
        info = known.get(code)
        if info is not None and info.source == Indicator.Source.FORMULA and info.formula and depth < 10:
            total = ZERO
            for sign, term in parse_expression(info.formula):
                total += sign * (Decimal(term) if term[0].isdigit() else value_of(term, depth + 1))
        else:
            total = values.get(code, ZERO)
        cache[code] = total
        return total

    return {code: value_of(code) for code in codes}


# --- which units -----------------------------------------------------------------------------

def subtree_q(unit: OrgUnit, boundaries: str, prefix: str = "") -> Q:
    """Units at or below `unit`; on current boundaries also those whose territory is now inside it."""
    q = Q(**{f"{prefix}path__startswith": unit.path})
    if boundaries == CURRENT:
        q |= Q(**{f"{prefix}current_path__startswith": unit.path})
    return q


def units_in(unit: OrgUnit, period: Period, boundaries: str) -> QuerySet:
    """Ids of the units counted in `unit`'s figures for `period`: below it and existing in the period."""
    return OrgUnit.objects.filter(subtree_q(unit, boundaries)).valid_during(period.start, period.end).values("id")


def children_for(unit: OrgUnit, period: Period, boundaries: str) -> list[OrgUnit]:
    """The child units a figure is broken down by: those of the period, or today's on current boundaries."""
    qs = OrgUnit.objects.filter(parent=unit)
    if boundaries == CURRENT and unit.valid_to is None:
        qs = qs.filter(valid_to__isnull=True)
    else:
        qs = qs.valid_during(period.start, period.end)
    return list(qs.order_by("kind", "path"))


# --- effective own values ----------------------------------------------------------------------

def choose_aggregates(rows: Iterable[tuple]) -> dict[tuple, list[tuple]]:
    """rows of (unit_id, indicator, period_type, *dims, value) -> {(unit_id, indicator): [(dims..., value)]}.

    Keeps only the coarsest period type entered for each (unit, indicator).
    """
    by_key: dict[tuple, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_key[(row[0], row[1])][row[2]].append(row[3:])
    chosen = {}
    for key, by_type in by_key.items():
        for kind in TYPES:
            if kind in by_type:
                chosen[key] = by_type[kind]
                break
    return chosen


def effective_values(units: QuerySet | list[int], period: Period, codes: Iterable[str],
                     dim: str = "level") -> dict[tuple[int, str, str], Decimal]:
    """{(unit_id, indicator, dim value): value} for every unit in `units`, applying the precedence rule.

    `dim` is "level" (of the producing unit; a fact may override it), "sector", "category" or "" (none).
    """
    codes = sorted(base_codes(codes))
    if not codes:
        return {}
    sub_codes = [p.code for p in period.subperiods()]
    dv_dim = {"level": None, "sector": "sector", "category": "category", "": None}[dim]
    dv_fields = ["unit_id", "indicator_id", "period_type"] + ([dv_dim] if dv_dim else [])
    dv_rows = (DataValue.objects.filter(unit_id__in=units, period__in=sub_codes, indicator_id__in=codes)
               .values_list(*dv_fields).annotate(total=Sum("value")).order_by())
    chosen = choose_aggregates(dv_rows)
    fact_dim = {"level": "level", "sector": "sector", "category": "category", "": None}[dim]
    fact_fields = ["unit_id", "indicator"] + ([fact_dim] if fact_dim else [])
    fact_rows = (RecordFact.objects.filter(unit_id__in=units, indicator__in=codes,
                                           day__gte=period.start, day__lte=period.end)
                 .values_list(*fact_fields).annotate(total=Sum("value")).order_by())
    result: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    needs_level = dim == "level"
    unit_levels: dict[int, str] = {}
    if needs_level:
        ids = {key[0] for key in chosen} | {row[0] for row in fact_rows}
        unit_levels = _levels(ids)
    for (unit_id, code), entries in chosen.items():
        for entry in entries:
            label = unit_levels.get(unit_id, "") if needs_level else (entry[0] if dv_dim else "")
            result[(unit_id, code, label)] += entry[-1]
    for row in fact_rows:
        unit_id, code = row[0], row[1]
        if (unit_id, code) in chosen:
            continue  # the entered aggregate replaces this unit's own records
        if needs_level:
            label = row[2] or unit_levels.get(unit_id, "")
        else:
            label = row[2] if fact_dim else ""
        result[(unit_id, code, label)] += row[-1]
    return dict(result)


def _levels(ids: Iterable[int]) -> dict[int, str]:
    ids = list(ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), 2000):
        found.update(OrgUnit.objects.filter(pk__in=ids[start:start + 2000]).values_list("id", "level"))
    return found


def own_records(unit: OrgUnit, period: Period, codes: Iterable[str]) -> dict[str, Decimal]:
    rows = (RecordFact.objects.filter(unit=unit, indicator__in=list(codes), day__gte=period.start,
                                      day__lte=period.end)
            .values_list("indicator").annotate(total=Sum("value")).order_by())
    return dict(rows)


def own_aggregates(unit: OrgUnit, period: Period, codes: Iterable[str]) -> dict[str, Decimal]:
    sub_codes = [p.code for p in period.subperiods()]
    rows = (DataValue.objects.filter(unit=unit, period__in=sub_codes, indicator_id__in=list(codes))
            .values_list("unit_id", "indicator_id", "period_type").annotate(total=Sum("value")).order_by())
    chosen = choose_aggregates(rows)
    return {code: sum((entry[-1] for entry in entries), ZERO) for (_unit, code), entries in chosen.items()}


# --- live roll-ups -------------------------------------------------------------------------------

def live_totals(unit: OrgUnit, period: Period, codes: Iterable[str], boundaries: str,
                dim: str = "level") -> dict[tuple[str, str], Decimal]:
    """{(indicator, dim value): value} summed over the unit's subtree, from the raw tables."""
    return live_child_totals(unit, period, codes, boundaries, [], dim=dim)[0]


def live_child_totals(unit: OrgUnit, period: Period, codes: Iterable[str], boundaries: str,
                      children: list[OrgUnit], dim: str = "level") -> tuple[dict, dict[int, dict]]:
    """({(indicator, label): value} for the unit, {child id: {(indicator, label): value}}) in one pass."""
    values = effective_values(units_in(unit, period, boundaries), period, codes, dim=dim)
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for (_unit_id, code, label), value in values.items():
        totals[(code, label)] += value
    result: dict[int, dict] = {child.pk: defaultdict(lambda: ZERO) for child in children}
    if children and values:
        by_path = {child.path: child.pk for child in children}
        ids = list({key[0] for key in values})
        paths: dict[int, tuple[str, str]] = {}
        for start in range(0, len(ids), 2000):
            for pk, path, current_path in OrgUnit.objects.filter(pk__in=ids[start:start + 2000]).values_list(
                    "id", "path", "current_path"):
                paths[pk] = (path, current_path)
        for (unit_id, code, label), value in values.items():
            path, current_path = paths[unit_id]
            targets = set()
            for candidate in (path, current_path) if boundaries == CURRENT else (path,):
                if candidate.startswith(unit.path) and len(candidate) > len(unit.path):
                    segment = candidate[len(unit.path):].split("/", 1)[0]
                    child_id = by_path.get(f"{unit.path}{segment}/")
                    if child_id is not None:
                        targets.add(child_id)
            for child_id in targets:
                result[child_id][(code, label)] += value
    return dict(totals), {pk: dict(v) for pk, v in result.items()}
