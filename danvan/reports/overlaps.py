"""Entered values that overlap across period types (data entered before the one-type rule).

Since issue 10 a unit enters an indicator at one period type where periods overlap (a year value
and quarter values of the same year are refused on the form, in the import and in the API).
Values entered earlier may still mix them. Migration rule (applied by the engine, so nothing is
counted twice): the coarser entry counts for its whole period and the finer entries inside it are
ignored — the year value wins over its quarters, a semester over its quarters and months. The
report below lists each affected unit so its officers can delete the entries they do not mean.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .models import DataValue
from .periods import Period, parse_period


@dataclass(frozen=True)
class MixedEntry:
    unit_key: str
    unit_name: str
    indicator: str
    year: int
    counted: list[Period]  # the entries the engine counts
    ignored: list[Period]  # entries inside a coarser one, not counted


def mixed_entries(*, unit_path: str = "", year: int | None = None) -> list[MixedEntry]:
    """Every (unit, indicator, year) whose entered periods overlap across types, ordered by unit path."""
    qs = DataValue.objects.all()
    if unit_path:
        qs = qs.filter(unit__path__startswith=unit_path)
    if year is not None:
        qs = qs.filter(year=year)
    # Only groups with two or more period types can overlap; find them first, then read their periods.
    groups: dict[tuple, set[str]] = defaultdict(set)
    names: dict[tuple, tuple[str, str, str]] = {}
    rows = qs.order_by().values_list("unit_id", "unit__key", "unit__name", "unit__path", "indicator_id", "year",
                                     "period").distinct()
    for unit_id, key, name, path, indicator, data_year, period in rows.iterator(chunk_size=5000):
        groups[(unit_id, indicator, data_year)].add(period)
        names[(unit_id, indicator, data_year)] = (path, key, name)
    found = []
    for group, codes in groups.items():
        periods = sorted((parse_period(c) for c in codes), key=lambda p: (p.start, p.end))
        if len({p.type for p in periods}) < 2:
            continue
        counted: list[Period] = []
        ignored: list[Period] = []
        for period in sorted(periods, key=lambda p: (-(p.end - p.start).days, p.start)):
            (ignored if any(c.contains(period) for c in counted) else counted).append(period)
        if ignored:
            path, key, name = names[group]
            found.append((path, MixedEntry(key, name, group[1], group[2],
                                           sorted(counted, key=lambda p: p.start),
                                           sorted(ignored, key=lambda p: p.start))))
    return [entry for _path, entry in sorted(found, key=lambda item: (item[0], item[1].indicator, item[1].year))]
