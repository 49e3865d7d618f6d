"""Reads of the reporting engine: figures, own values, the annual figure set, trends and breakdowns.

Year figures come from the pre-aggregated roll-ups (`rollups.py`, kept consistent on every write);
other periods, and any year when the roll-ups are unusable (e.g. REPORTING_YEAR_START changed
since the last rebuild), are computed from the raw tables by `engine.py` — same rules, same result.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from danvan.orgunits.models import OrgUnit

from . import engine, locks, rollups
from .engine import CURRENT, HISTORICAL, LEVELS, PRESENT, ZERO, base_codes, with_formulas
from .periods import YEAR, Period, make_period, parse_period

BREAKDOWNS = ("level", "child", "sector", "category")


def _period(period: str | Period) -> Period:
    return period if isinstance(period, Period) else parse_period(period)


def _boundaries(boundaries: str) -> str:
    if boundaries not in (HISTORICAL, CURRENT):
        raise ValueError("boundaries must be 'historical' or 'current'")
    return boundaries


def _collapse(totals: dict[tuple[str, str], Decimal]) -> dict[str, Decimal]:
    result: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for (code, label), value in totals.items():
        if label != PRESENT:
            result[code] += value
    return dict(result)


def _compute(unit: OrgUnit, period: Period, codes: set[str], boundaries: str, *, dim: str = "level",
             children: bool = False) -> tuple[dict, list[OrgUnit], dict[int, dict]]:
    """(unit totals {(code, label): v}, child units, {child id: {(code, label): v}}).

    With APPROVED_FIGURES_ONLY, children whose report for the period is not approved are taken out of
    the unit's totals (and shown empty).
    """
    approved_only = getattr(settings, "APPROVED_FIGURES_ONLY", False)
    child_units = engine.children_for(unit, period, boundaries) if (children or approved_only) else []
    if dim == "level" and period.type == YEAR and rollups.usable():
        found = rollups.level_totals([unit.pk] + [c.pk for c in child_units], [period.year], codes, boundaries)
        totals = found.get((unit.pk, period.year), {})
        child_totals = {c.pk: found.get((c.pk, period.year), {}) for c in child_units}
    else:
        totals, child_totals = engine.live_child_totals(unit, period, codes, boundaries, child_units, dim=dim)
    if approved_only:
        totals = dict(totals)
        for child in child_units:
            if locks.is_approved(child, period.code):
                continue
            for key, value in child_totals.get(child.pk, {}).items():
                totals[key] = totals.get(key, ZERO) - value
            child_totals[child.pk] = {}
    return totals, child_units, child_totals


def figures(*, unit: OrgUnit, period: str, indicators: list[str] | None = None,
            boundaries: str = HISTORICAL) -> dict[str, Decimal]:
    """Rolled-up values of `unit` for `period` (unit + units below it that existed in the period)."""
    p = _period(period)
    codes = list(indicators) if indicators is not None else engine.all_codes()
    totals, _children, _child_totals = _compute(unit, p, base_codes(codes), _boundaries(boundaries))
    return with_formulas(_collapse(totals), codes)


def own_values(*, unit: OrgUnit, period: str, indicators: list[str]) -> dict[str, dict]:
    """{code: {"aggregate": Decimal | None, "records": Decimal}} for the unit itself (no roll-up)."""
    p = _period(period)
    codes = list(indicators)
    base = base_codes(codes)
    aggregates = engine.own_aggregates(unit, p, base)
    records = engine.own_records(unit, p, base)
    result = {}
    for code in codes:
        parts = base_codes([code])
        entered = [c for c in parts if c in aggregates]
        aggregate = with_formulas(aggregates, [code])[code] if entered else None
        result[code] = {"aggregate": aggregate, "records": with_formulas(records, [code])[code]}
    return result


def number(value: Decimal | int | None) -> int | Decimal:
    """int when integral (JSON-friendly), else the Decimal."""
    if value is None:
        return 0
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value


def as_of() -> str:
    return rollups.as_of() or timezone.now().isoformat()


def annual_figures(*, unit: OrgUnit, year: int, boundaries: str = HISTORICAL,
                   indicators: list[str] | None = None) -> dict:
    """The figure set of an annual summary report (see ENGINE_CONTRACT.md).

    Cached under the version of the unit's roll-ups of both years (reports/cache.py); `as_of` is still
    the reading time, since the version proves the figures unchanged since they were computed.
    """
    from . import cache

    boundaries = _boundaries(boundaries)
    year = int(year)
    version = cache.figures_version(unit.pk, [year, year - 1], boundaries)
    codes = None if indicators is None else tuple(indicators)
    data = cache.cached("annual_figures", (unit.pk, year, boundaries, codes), version,
                        lambda: _annual_figures(unit=unit, year=year, boundaries=boundaries, indicators=indicators))
    return {**data, "as_of": timezone.localtime(timezone.now()).isoformat()} if version is not None else data


def _annual_figures(*, unit: OrgUnit, year: int, boundaries: str, indicators: list[str] | None) -> dict:
    p = make_period(YEAR, int(year))
    codes = list(indicators) if indicators is not None else engine.all_codes()
    base = base_codes(codes)
    stamp = rollups.as_of()  # None when the roll-ups cannot be used
    if stamp is not None and not getattr(settings, "APPROVED_FIGURES_ONLY", False):
        # Fast path: the unit, its children and both years in one indexed read of the roll-ups.
        child_units = engine.children_for(unit, p, boundaries)
        found = rollups.level_totals([unit.pk] + [c.pk for c in child_units], [p.year, p.year - 1], base,
                                     boundaries)
        totals = found.get((unit.pk, p.year), {})
        child_totals = {c.pk: found.get((c.pk, p.year), {}) for c in child_units}
        previous = found.get((unit.pk, p.year - 1), {})
    else:
        stamp = timezone.now().isoformat()
        totals, child_units, child_totals = _compute(unit, p, base, boundaries, children=True)
        previous, _c, _ct = _compute(unit, p.previous_year(), base, boundaries)
    by_level_raw: dict[str, dict[str, Decimal]] = {level: {} for level in LEVELS}
    for (code, level), value in totals.items():
        if level in by_level_raw:
            by_level_raw[level][code] = by_level_raw[level].get(code, ZERO) + value
    per_level = {level: with_formulas(values, codes) for level, values in by_level_raw.items()}
    return {
        "unit": unit.key,
        "year": p.year,
        "boundaries": boundaries,
        "as_of": stamp,
        "figures": _values_or_none(totals, codes),
        "by_level": {code: {level: number(per_level[level][code]) for level in LEVELS} for code in codes},
        "by_child": [
            {"unit": child.key, "name": child.name, "figures": _values_or_none(child_totals.get(child.pk, {}), codes)}
            for child in child_units
        ],
        "previous_year": _values_or_none(previous, codes),
        "coverage": _coverage(codes, totals, child_units, child_totals),
    }


# --- missing is not zero -------------------------------------------------------------------------------

_bases: dict = {"catalogue": None, "codes": {}}


def _bases_of(code: str) -> frozenset[str]:
    """base_codes([code]), kept while the same catalogue is loaded: the coverage asks it for every code of every
    child unit (63 provinces × ~40 codes on a national figures page; issue 16)."""
    catalogue = engine.indicators()
    if _bases["catalogue"] is not catalogue:  # a reference, not an id: a new catalogue always starts afresh
        _bases["catalogue"], _bases["codes"] = catalogue, {}
    found = _bases["codes"].get(code)
    if found is None:
        found = _bases["codes"][code] = frozenset(base_codes([code]))
    return found


def present_codes(totals: dict[tuple[str, str], Decimal], codes: list[str]) -> set[str]:
    """Codes with data in `totals` (a formula has data when any of its parts has)."""
    with_data = {code for (code, label), value in totals.items() if label == PRESENT and value}
    if not with_data:
        return set()
    return {code for code in codes if not _bases_of(code).isdisjoint(with_data)}


def _values_or_none(totals: dict[tuple[str, str], Decimal], codes: list[str]) -> dict:
    """{code: number, or None where no unit below has data} — no data is not 0."""
    present = present_codes(totals, codes)
    values = with_formulas(_collapse(totals), codes)
    return {code: number(values[code]) if code in present else None for code in codes}


def _coverage(codes: list[str], totals: dict, child_units: list[OrgUnit], child_totals: dict[int, dict]) -> dict:
    """{code: {"reporting": n, "expected": m}}: of the units directly below that existed in the period (on
    the boundaries asked), how many have data (records or an aggregate, anywhere in their subtree). A unit
    with nothing below it counts itself. Every indicator applies to every unit (docs/reports.md)."""
    if not child_units:
        present = present_codes(totals, codes)
        return {code: {"reporting": int(code in present), "expected": 1} for code in codes}
    reporting = dict.fromkeys(codes, 0)
    for child in child_units:
        for code in present_codes(child_totals.get(child.pk, {}), codes):
            reporting[code] += 1
    return {code: {"reporting": reporting[code], "expected": len(child_units)} for code in codes}


def figure_set(*, unit: OrgUnit, period: str | Period, indicators: list[str] | None = None,
               boundaries: str = HISTORICAL) -> dict:
    """What a page shows: {"period", "boundaries", "values": {code: Decimal | None (no data)},
    "coverage": {code: {"reporting", "expected"}}, "as_of"} — the same numbers as `figures`."""
    p = _period(period)
    boundaries = _boundaries(boundaries)
    codes = list(indicators) if indicators is not None else engine.all_codes()
    totals, child_units, child_totals = _compute(unit, p, base_codes(codes), boundaries, children=True)
    present = present_codes(totals, codes)
    values = with_formulas(_collapse(totals), codes)
    return {"period": p, "boundaries": boundaries, "as_of": as_of(),
            "values": {code: values[code] if code in present else None for code in codes},
            "coverage": _coverage(codes, totals, child_units, child_totals)}


def trend(*, unit: OrgUnit, years: list[int], indicators: list[str], boundaries: str = HISTORICAL
          ) -> dict[str, dict[int, Decimal]]:
    """{code: {year: value}} for each year (rolled up like `figures`)."""
    boundaries = _boundaries(boundaries)
    years = [int(y) for y in years]
    codes = list(indicators)
    base = base_codes(codes)
    per_year: dict[int, dict[str, Decimal]] = {}
    if rollups.usable() and not getattr(settings, "APPROVED_FIGURES_ONLY", False):
        found = rollups.level_totals([unit.pk], years, base, boundaries)
        for year in years:
            per_year[year] = with_formulas(_collapse(found.get((unit.pk, year), {})), codes)
    else:
        for year in years:
            totals, _c, _ct = _compute(unit, make_period(YEAR, year), base, boundaries)
            per_year[year] = with_formulas(_collapse(totals), codes)
    return {code: {year: per_year[year][code] for year in years} for code in codes}


def breakdown(*, unit: OrgUnit, period: str, indicator: str, by: str, boundaries: str = HISTORICAL
              ) -> dict[str, Decimal]:
    """One indicator split by producing level, child unit (key), sector code or category code."""
    return breakdowns(unit=unit, period=period, indicators=[indicator], by=by, boundaries=boundaries)[indicator]


def breakdowns(*, unit: OrgUnit, period: str, indicators: list[str], by: str, boundaries: str = HISTORICAL
               ) -> dict[str, dict[str, Decimal]]:
    """`breakdown` for several indicators in one pass: {code: {label: value}}."""
    if by not in BREAKDOWNS:
        raise ValueError("by must be one of level, child, sector, category")
    boundaries = _boundaries(boundaries)
    p = _period(period)
    codes = list(indicators)
    base = base_codes(codes)
    if by == "child":
        _t, child_units, child_totals = _compute(unit, p, base, boundaries, children=True)
        per_child = {child.key: with_formulas(_collapse(child_totals.get(child.pk, {})), codes)
                     for child in child_units}
        return {code: {key: values[code] for key, values in per_child.items()} for code in codes}
    totals, _c, _ct = _compute(unit, p, base, boundaries, dim=by)
    labels: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for (code, label), value in totals.items():
        if label != PRESENT:
            labels[label][code] = labels[label].get(code, ZERO) + value
    if by == "level":
        for level in LEVELS:
            labels.setdefault(level, {})
    per_label = {label: with_formulas(values, codes) for label, values in sorted(labels.items())}
    result = {}
    for code in codes:
        if by == "level":
            result[code] = {level: per_label[level][code] for level in LEVELS}
        else:
            result[code] = {label: values[code] for label, values in per_label.items() if values[code]}
    return result


# --- per-child figures of any period (dashboards, issue 15) ---------------------------------------------------

def child_figures(*, unit: OrgUnit, period: str | Period, indicators: list[str], boundaries: str = HISTORICAL
                  ) -> list[dict]:
    """[{"unit": child OrgUnit, "figures": {code: number, or None where the child has no data}}] for the units
    directly below `unit` in the period — `annual_figures()["by_child"]` for any period (year, semester, …)."""
    p = _period(period)
    codes = list(indicators)
    _totals, child_units, child_totals = _compute(unit, p, base_codes(codes), _boundaries(boundaries), children=True)
    return [{"unit": child, "figures": _values_or_none(child_totals.get(child.pk, {}), codes)} for child in child_units]


# --- several periods at once; figures of a set of records ------------------------------------------------------

def series(*, unit: OrgUnit, periods: list[str | Period], indicators: list[str], boundaries: str = HISTORICAL,
           by: str = "category") -> list[dict]:
    """[{"period": Period, "values": {code: Decimal | None}, "split": {code: {label: Decimal}}}] for each period
    (e.g. the months of a year): `figure_set`'s values and `breakdowns`' split by `by` ("category", "sector" or
    "level") in one pass per period — the numbers every other surface shows for those periods."""
    if by not in ("category", "sector", "level"):
        raise ValueError("by must be one of level, sector, category")
    boundaries = _boundaries(boundaries)
    codes = list(indicators)
    base = base_codes(codes)
    result = []
    for period in periods:
        p = _period(period)
        totals, _c, _ct = _compute(unit, p, base, boundaries, dim=by)
        present = present_codes(totals, codes)
        values = with_formulas(_collapse(totals), codes)
        split: dict[str, dict[str, Decimal]] = {code: {} for code in codes}
        for (code, label), value in totals.items():
            if label != PRESENT and code in split and value:
                split[code][label] = split[code].get(label, ZERO) + value
        result.append({"period": p, "values": {c: values[c] if c in present else None for c in codes},
                       "split": split})
    return result


def record_figures(*, facts_of: dict, indicators: list[str], unit: OrgUnit | None = None, start=None, end=None,
                   boundaries: str = HISTORICAL, by: str = "category", roots: list[OrgUnit] | None = None) -> dict:
    """The figures of a set of records — e.g. one campaign: `facts_of` = {fact source: queryset of its record
    ids} — over `unit`'s subtree and the days [start, end] (either may be open), from the same facts the
    unit's figures add up (`engine.record_totals`). Records only: an entered aggregate belongs to a unit and a
    period, not to a set of records. Returns {"values": {code: Decimal}, "split": {code: {label: Decimal}},
    "roots": {root id: {code: Decimal}}, "root_split": {root id: {code: {label: Decimal}}}}."""
    boundaries = _boundaries(boundaries)
    codes = list(indicators)
    totals, per_root = engine.record_totals(facts_of=facts_of, codes=codes, unit=unit, start=start, end=end,
                                            boundaries=boundaries, dim=by, roots=roots)

    def values_of(found: dict) -> dict[str, Decimal]:
        out = dict.fromkeys(codes, ZERO)
        for (code, _label), value in found.items():
            out[code] += value
        return out

    def split_of(found: dict) -> dict[str, dict[str, Decimal]]:
        out: dict[str, dict[str, Decimal]] = {code: {} for code in codes}
        for (code, label), value in found.items():
            out[code][label] = out[code].get(label, ZERO) + value
        return out

    return {"values": values_of(totals), "split": split_of(totals),
            "roots": {pk: values_of(found) for pk, found in per_root.items()},
            "root_split": {pk: split_of(found) for pk, found in per_root.items()}}
