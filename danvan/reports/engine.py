"""The counting core: effective own values of units and their roll-up, computed from the raw tables.

This is the reference computation ("from scratch"). Year figures are normally served from the
pre-aggregated tables kept by `rollups.py`; those are built from exactly these functions, and the
tests compare the two.

The counting rule: a unit's own value for an indicator and a period is the sum, over the finest
periods of the unit's reporting, of the entered aggregate for that sub-period where one exists,
else the unit's records dated inside it. An aggregate replaces records only inside the period it
was entered for (docs/reports.md has the worked Ninh Kiều example).
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
from .periods import TYPES, Period, parse_period

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

PRESENT = "#"  # the label of "this unit has data" rows (value 1 per unit) beside the value rows


def choose_aggregates(entered: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """{period code: [(dims..., value)]} of one (unit, indicator) -> the entries that count.

    An aggregate replaces everything inside the period it was entered for: the unit's records and
    any finer aggregate inside it. Entries of one type never overlap; when legacy data mixes types
    (a year value and quarter values), the coarser entry covers the finer ones (documented
    migration rule), so nothing is counted twice.
    """
    kept: dict[str, list[tuple]] = {}
    kept_periods: list[Period] = []
    for code in sorted(entered, key=lambda c: (TYPES.index(parse_period(c).type), c)):
        period = parse_period(code)
        if any(outer.contains(period) for outer in kept_periods):
            continue
        kept_periods.append(period)
        kept[code] = entered[code]
    return kept


def effective_values(units: QuerySet | list[int], period: Period, codes: Iterable[str],
                     dim: str = "level") -> dict[tuple[int, str, str], Decimal]:
    """{(unit_id, indicator, dim value): value} for every unit in `units` that has data, by the counting rule.

    A unit's own value = the sum, over the finest periods of its reporting inside `period`, of the
    entered aggregate for that sub-period where one exists, else the unit's records dated inside it.
    A unit with data whose value is 0 has a key with value 0 (no data = no key).
    `dim` is "level" (of the producing unit; a fact may override it), "sector", "category" or "" (none).
    """
    codes = sorted(base_codes(codes))
    if not codes:
        return {}
    sub_codes = [p.code for p in period.subperiods()]
    dv_dim = {"level": None, "sector": "sector", "category": "category", "": None}[dim]
    dv_fields = ["unit_id", "indicator_id", "period"] + ([dv_dim] if dv_dim else [])
    dv_rows = (DataValue.objects.filter(unit_id__in=units, period__in=sub_codes, indicator_id__in=codes)
               .values_list(*dv_fields).annotate(total=Sum("value")).order_by())
    entered: dict[tuple[int, str], dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for row in dv_rows:
        entered[(row[0], row[1])][row[2]].append(row[3:])
    chosen = {key: choose_aggregates(by_period) for key, by_period in entered.items()}
    # (unit, indicator) pairs whose aggregates cover only part of the period: their records outside
    # the aggregates' periods still count, so those inside must be taken out again.
    covered: dict[tuple[int, str], list[Period]] = {}
    for key, kept in chosen.items():
        if period.code not in kept:
            covered[key] = [parse_period(code) for code in kept]
    fact_dim = {"level": "level", "sector": "sector", "category": "category", "": None}[dim]
    fact_fields = ["unit_id", "indicator"] + ([fact_dim] if fact_dim else [])
    fact_rows = list(RecordFact.objects.filter(unit_id__in=units, indicator__in=codes,
                                               day__gte=period.start, day__lte=period.end)
                     .values_list(*fact_fields).annotate(total=Sum("value")).order_by())
    inside_rows = _records_inside(covered, period, fact_fields) if covered else []
    result: dict[tuple[int, str, str], Decimal] = defaultdict(lambda: ZERO)
    needs_level = dim == "level"
    unit_levels: dict[int, str] = {}
    if needs_level:
        ids = {key[0] for key in chosen} | {row[0] for row in fact_rows}
        unit_levels = _levels(ids)
    for (unit_id, code), kept in chosen.items():
        for entries in kept.values():
            for entry in entries:
                label = unit_levels.get(unit_id, "") if needs_level else (entry[0] if dv_dim else "")
                result[(unit_id, code, label)] += entry[-1]

    def label_of(row) -> str:
        if needs_level:
            return row[2] or unit_levels.get(row[0], "")
        return row[2] if fact_dim else ""

    for row in fact_rows:
        unit_id, code = row[0], row[1]
        if (unit_id, code) in chosen and (unit_id, code) not in covered:
            continue  # an aggregate for the whole period replaces this unit's own records
        result[(unit_id, code, label_of(row))] += row[-1]
    for row in inside_rows:
        result[(row[0], row[1], label_of(row))] -= row[-1]  # records an aggregate replaces
    return dict(result)


def _records_inside(covered: dict[tuple[int, str], list[Period]], period: Period, fields: list[str]) -> list:
    """Fact rows (grouped like the main query) of the covered pairs dated inside their aggregates' periods."""
    unit_ids = sorted({key[0] for key in covered})
    codes = sorted({key[1] for key in covered})
    found = []
    for start in range(0, len(unit_ids), 2000):
        rows = (RecordFact.objects.filter(unit_id__in=unit_ids[start:start + 2000], indicator__in=codes,
                                          day__gte=period.start, day__lte=period.end)
                .values_list(*fields, "day").annotate(total=Sum("value")).order_by())
        for row in rows:
            inside = covered.get((row[0], row[1]))
            if inside and any(p.contains_day(row[-2]) for p in inside):
                found.append(row[:-2] + (row[-1],))
    return found


def presence(values: dict[tuple[int, str, str], Decimal]) -> set[tuple[int, str]]:
    """The (unit_id, indicator) pairs that have data in an `effective_values` result."""
    return {(unit_id, code) for unit_id, code, _label in values}


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
    """The entered aggregates that count for the unit inside `period` (by the counting rule), per indicator."""
    sub_codes = [p.code for p in period.subperiods()]
    rows = (DataValue.objects.filter(unit=unit, period__in=sub_codes, indicator_id__in=list(codes))
            .values_list("indicator_id", "period").annotate(total=Sum("value")).order_by())
    entered: dict[str, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for code, period_code, total in rows:
        entered[code][period_code].append((total,))
    result = {}
    for code, by_period in entered.items():
        kept = choose_aggregates(by_period)
        result[code] = sum((entry[-1] for entries in kept.values() for entry in entries), ZERO)
    return result


def own_effective(unit: OrgUnit, period: Period, codes: Iterable[str]) -> dict[str, Decimal]:
    """The unit's own value per indicator (no units below), by the counting rule; absent = no data."""
    values = effective_values([unit.pk], period, codes, dim="")
    return {code: value for (_unit, code, _label), value in values.items()}


# --- live roll-ups -------------------------------------------------------------------------------

def live_totals(unit: OrgUnit, period: Period, codes: Iterable[str], boundaries: str,
                dim: str = "level") -> dict[tuple[str, str], Decimal]:
    """{(indicator, dim value): value} summed over the unit's subtree, from the raw tables."""
    return live_child_totals(unit, period, codes, boundaries, [], dim=dim)[0]


def live_child_totals(unit: OrgUnit, period: Period, codes: Iterable[str], boundaries: str,
                      children: list[OrgUnit], dim: str = "level") -> tuple[dict, dict[int, dict]]:
    """({(indicator, label): value} for the unit, {child id: {(indicator, label): value}}) in one pass."""
    values = effective_values(units_in(unit, period, boundaries), period, codes, dim=dim)
    # Beside the values, (code, PRESENT) counts the units with data, as the roll-up tables do.
    for unit_id, code in presence(values):
        values[(unit_id, code, PRESENT)] = Decimal(1)
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


# --- figures of a set of records (one campaign) ----------------------------------------------------------------

def record_totals(*, facts_of: dict[str, QuerySet], codes: Iterable[str], unit: OrgUnit | None = None,
                  start=None, end=None, boundaries: str = HISTORICAL, dim: str = "category",
                  roots: list[OrgUnit] | None = None) -> tuple[dict[tuple[str, str], Decimal], dict[int, dict]]:
    """({(indicator, label): value}, {root id: {(indicator, label): value}}) over the facts of a set of records.

    `facts_of` = {fact source: queryset of record ids} (e.g. the ledger entries of one campaign). The facts are
    the ones the records gave the engine by their app's counting rule; an entered aggregate belongs to a unit
    and period, never to a set of records, so figures of a record set are records only. `unit` restricts to its
    subtree (on `boundaries`), `start`/`end` to facts dated inside; `roots` spreads the totals over units (a
    fact counts under the root whose subtree holds its unit — by `path`, else by `current_path` on current
    boundaries; the highest such root). `dim` is "category", "sector", "level" or "" (no split)."""
    codes = sorted(set(codes))
    if not codes or not facts_of:
        return {}, {root.pk: {} for root in roots or []}
    which = Q(pk__in=[])
    for source, ids in facts_of.items():
        which |= Q(source=source, source_id__in=ids)
    qs = RecordFact.objects.filter(which, indicator__in=codes)
    if unit is not None:
        qs = qs.filter(unit_id__in=OrgUnit.objects.filter(subtree_q(unit, boundaries)).values("id"))
    if start is not None:
        qs = qs.filter(day__gte=start)
    if end is not None:
        qs = qs.filter(day__lte=end)
    fields = ["unit_id", "indicator"] + ([dim] if dim else [])
    rows = list(qs.values_list(*fields).annotate(total=Sum("value")).order_by())
    levels = _levels({row[0] for row in rows}) if dim == "level" else {}
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    by_root: dict[int, dict] = {root.pk: defaultdict(lambda: ZERO) for root in roots or []}
    paths: dict[int, tuple[str, str]] = {}
    if roots and rows:
        ids = list({row[0] for row in rows})
        for begin in range(0, len(ids), 2000):
            for pk, path, current_path in OrgUnit.objects.filter(pk__in=ids[begin:begin + 2000]).values_list(
                    "id", "path", "current_path"):
                paths[pk] = (path, current_path or "")
    ordered_roots = sorted(roots or [], key=lambda r: len(r.path))  # the highest root holding a unit takes it
    for row in rows:
        label = (row[2] or levels.get(row[0], "")) if dim == "level" else (row[2] if dim else "")
        key = (row[1], label)
        totals[key] += row[-1]
        if not roots:
            continue
        path, current_path = paths[row[0]]
        candidates = (path, current_path) if boundaries == CURRENT else (path,)
        root = next((r for c in candidates if c for r in ordered_roots if c.startswith(r.path)), None)
        if root is not None:
            by_root[root.pk][key] += row[-1]
    return dict(totals), {pk: dict(values) for pk, values in by_root.items()}
