"""Pre-aggregated year roll-ups, kept consistent on write.

Two tables (see docs/reports.md for the reasoning):

- `UnitYearValue` — each unit's *effective own* value per reporting year, indicator and producing
  level, by the counting rule (`engine.effective_values`: an aggregate replaces the unit's records
  only inside the period it was entered for), plus one row at level `engine.PRESENT` ("#", value 1)
  when the unit has data at all — so "no data" and 0 stay apart and coverage is a sum.
- `RollupValue` — for every ancestor (self included) on historical boundaries ("h", the unit's
  `path`) and on today's boundaries ("c", `current_path` plus `path`), the sum of those effective
  values; the "#" rows sum to the number of units below with data. A national year is ~75 rows.

Every write path calls `refresh(keys)` with the (unit, year, indicator) it touched: record facts
through the `facts.on_facts_changed` listener, data values from the services and the importer.
`refresh` recomputes the effective own values of exactly those keys from the raw tables, and adds
the difference to every ancestor row — inside the writer's transaction, so a reader never sees a
half-applied change. `rebuild()` recomputes everything (after a bulk load that bypassed the
services, or after REPORTING_YEAR_START changed; until then readers fall back to live computation).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from danvan.core.cache_counters import CacheCounter
from danvan.orgunits.models import OrgUnit

from . import engine
from .bulk import delete_ids, insert_rows, upsert_add
from .models import DataValue, RecordFact, RollupState, RollupValue, UnitAncestor, UnitYearValue
from .periods import YEAR, make_period, reporting_year_of

H, C = "h", "c"
OWN_COLUMNS = ["unit_id", "year", "indicator", "level", "value"]
ROLLUP_COLUMNS = ["boundaries", "ancestor_id", "year", "indicator", "level", "value"]
BOUNDARY_CODE = {engine.HISTORICAL: H, engine.CURRENT: C}
CHUNK = 500
ZERO = Decimal(0)
ONE = Decimal(1)


def _setting() -> str:
    return getattr(settings, "REPORTING_YEAR_START", "01-01") or "01-01"


def state() -> RollupState:
    found = RollupState.objects.order_by("pk").first()
    if found is None:
        # A new database: the tables are empty, which is right only while there is no data yet.
        empty = not RecordFact.objects.exists() and not DataValue.objects.exists()
        found = RollupState.objects.create(year_start=_setting(), valid=empty)
    return found


def usable() -> bool:
    current = state()
    return current.valid and current.year_start == _setting()


def as_of() -> str | None:
    """When the figures read now were true: now, because the roll-ups change in the writers' own
    transactions (never behind the data). None when the roll-ups are unusable (readers compute live)."""
    current = state()
    if not (current.valid and current.year_start == _setting()):
        return None
    return timezone.localtime(timezone.now()).isoformat()


def level_totals(ancestor_ids: list[int], years: list[int], codes: Iterable[str], boundaries: str
                 ) -> dict[tuple[int, int], dict[tuple[str, str], Decimal]]:
    """{(ancestor id, year): {(indicator, level): value}} from the roll-up table."""
    result: dict[tuple[int, int], dict] = defaultdict(dict)
    codes = list(codes)
    if not codes or not ancestor_ids:
        return result
    rows = RollupValue.objects.filter(boundaries=BOUNDARY_CODE[boundaries], ancestor_id__in=ancestor_ids,
                                      year__in=years, indicator__in=codes).exclude(value=0)
    for ancestor_id, year, code, level, value in rows.values_list("ancestor_id", "year", "indicator", "level",
                                                                   "value"):
        result[(ancestor_id, year)][(code, level)] = value
    return result


# --- maintenance on write ---------------------------------------------------------------------------

def facts_changed(removed, added) -> None:
    """Listener for `facts.on_facts_changed`: refresh every (unit, year, indicator) touched."""
    keys = {(f.unit_id, reporting_year_of(f.day), f.indicator) for f in list(removed) + list(added)}
    refresh(keys)


def _ancestor_keys(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _ancestors(units: dict[int, tuple]) -> dict[int, dict[str, list[int]]]:
    """{unit id: {"h": [ancestor ids incl. self], "c": [...]}} from the unit paths."""
    needed: set[str] = set()
    for _key, path, current_path, *_rest in units.values():
        needed.update(_ancestor_keys(path))
        needed.update(_ancestor_keys(current_path or path))
    ids: dict[str, int] = {}
    keys = sorted(needed)
    for start in range(0, len(keys), 2000):
        ids.update(OrgUnit.objects.filter(key__in=keys[start:start + 2000]).values_list("key", "id"))
    result = {}
    for unit_id, (_key, path, current_path, *_rest) in units.items():
        historical = [ids[k] for k in _ancestor_keys(path) if k in ids]
        current = list(dict.fromkeys(historical + [ids[k] for k in _ancestor_keys(current_path or path) if k in ids]))
        result[unit_id] = {H: historical, C: current}
    return result


def _unit_rows(unit_ids: list[int]) -> dict[int, tuple]:
    found = {}
    for start in range(0, len(unit_ids), 2000):
        for row in OrgUnit.objects.filter(pk__in=unit_ids[start:start + 2000]).values_list(
                "id", "key", "path", "current_path", "valid_from", "valid_to"):
            found[row[0]] = row[1:]
    return found


def refresh(keys: Iterable[tuple[int, int, str]]) -> None:
    """Recompute the effective own values of (unit id, year, indicator) keys and propagate the change.

    Runs atomically (a savepoint inside the caller's transaction, or its own transaction).
    """
    keys = set(keys)
    if keys:
        # Now (this transaction's own later reads) and again once committed (everyone else's).
        bump_version()
        transaction.on_commit(bump_version)
    if not keys or not usable():
        return
    with transaction.atomic():
        _refresh(keys)


def _refresh(keys: set[tuple[int, int, str]]) -> None:
    by_year: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for unit_id, year, code in keys:
        by_year[year][unit_id].add(code)
    unit_ids = sorted({k[0] for k in keys})
    _lock_units(unit_ids)
    units = _unit_rows(unit_ids)
    ancestors = _ancestors(units)
    # No "last changed" stamp is written here: one shared row updated by every writer would serialise them all.
    for year, unit_codes in by_year.items():
        _refresh_year(year, unit_codes, units, ancestors)


def _lock_units(unit_ids: list[int]) -> None:
    """Serialise refreshes of the same units (PostgreSQL): the second writer waits, then reads the first's data.

    FOR NO KEY UPDATE does not block inserts of rows referencing the units (record facts, data values).
    """
    if connection.vendor != "postgresql":
        return  # SQLite serialises writers on the database lock
    for start in range(0, len(unit_ids), 5000):
        list(OrgUnit.objects.select_for_update(no_key=True).filter(pk__in=unit_ids[start:start + 5000])
             .order_by("pk").values_list("pk", flat=True))


def _refresh_year(year: int, unit_codes: dict[int, set[str]], units: dict, ancestors: dict) -> bool:
    period = make_period(YEAR, year)
    codes = sorted(set().union(*unit_codes.values()))
    unit_ids = sorted(unit_codes)
    new: dict[tuple[int, str, str], Decimal] = {}
    old: dict[tuple[int, str, str], tuple[int, Decimal]] = {}
    for start in range(0, len(unit_ids), CHUNK):
        chunk = unit_ids[start:start + CHUNK]
        existing = [u for u in chunk if u in units and _exists(units[u], period)]
        for (unit_id, code, level), value in engine.effective_values(existing, period, codes).items():
            if code in unit_codes[unit_id]:
                if value:
                    new[(unit_id, code, level)] = value
                new[(unit_id, code, engine.PRESENT)] = ONE  # has data, even when the value is 0
        for pk, unit_id, code, level, value in UnitYearValue.objects.filter(
                unit_id__in=chunk, year=year, indicator__in=codes).values_list(
                "id", "unit_id", "indicator", "level", "value"):
            if code in unit_codes[unit_id]:
                old[(unit_id, code, level)] = (pk, value)
    deltas: dict[tuple[int, str, str], Decimal] = {}
    for key in set(new) | set(old):
        delta = new.get(key, ZERO) - (old[key][1] if key in old else ZERO)
        if delta:
            deltas[key] = delta
    if not deltas:
        return False
    delete_ids(UnitYearValue._meta.db_table, [old[key][0] for key in deltas if key in old])
    insert_rows(UnitYearValue._meta.db_table, OWN_COLUMNS,
                ((k[0], year, k[1], k[2], new[k]) for k in deltas if k in new))
    totals: dict[tuple[str, int, str, str], Decimal] = defaultdict(lambda: ZERO)
    for (unit_id, code, level), delta in deltas.items():
        for boundary in (H, C):
            for ancestor_id in ancestors[unit_id][boundary]:
                totals[(boundary, ancestor_id, code, level)] += delta
    _apply_rollup_deltas(year, totals)
    return True


def _exists(unit_row: tuple, period) -> bool:
    valid_from, valid_to = unit_row[3], unit_row[4]
    return (valid_from is None or valid_from <= period.end) and (valid_to is None or valid_to >= period.start)


def _apply_rollup_deltas(year: int, totals: dict[tuple[str, int, str, str], Decimal]) -> None:
    """Add the deltas to the ancestor rows (atomic increments, in key order), bumping each row's version.

    Rows that fall to 0 are kept (readers skip them): deleting them would take their versions out of
    `unit_version()`'s sum, which must only grow.
    """
    rows = sorted((ancestor_id, year, boundary, code, level, delta)
                  for (boundary, ancestor_id, code, level), delta in totals.items() if delta)
    upsert_add(RollupValue._meta.db_table, ["ancestor_id", "year", "boundaries", "indicator", "level"], "value",
               rows, bump="version")


def unit_version(unit_id: int, years: Iterable[int], boundaries: str) -> str | None:
    """A cache version of a unit's year figures (itself and everything below it), or None when uncacheable.

    Every committed change below the unit adds to the unit's own roll-up rows of that year, and bumps their
    versions; the sum of those versions therefore grows with every change a reader can see, in whatever
    order writers commit (a timestamp would not: a writer may commit after a later one). No shared row is
    written. A rebuild starts the counters again, so its time is part of the version. None while the
    roll-ups are unusable (figures are computed live) or when approvals decide what counts.
    """
    current = state()
    if not (current.valid and current.year_start == _setting()) or getattr(settings, "APPROVED_FIGURES_ONLY", False):
        return None
    years = sorted(set(years))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM(version), 0) FROM {RollupValue._meta.db_table} "
            f"WHERE ancestor_id = %s AND boundaries = %s AND year IN ({', '.join(['%s'] * len(years))})",
            [unit_id, BOUNDARY_CODE[boundaries], *years])
        count, total = cursor.fetchone()
    built = current.built_at.timestamp() if current.built_at else 0
    return f"{built:.0f}.{count}.{total}"


# --- full rebuild -----------------------------------------------------------------------------------

@transaction.atomic
def rebuild(*, stdout=None) -> dict:
    """Recompute every pre-aggregated table from the raw tables."""
    started = time.monotonic()
    bump_version()
    transaction.on_commit(bump_version)
    UnitAncestor.objects.all().delete()
    UnitYearValue.objects.all().delete()
    RollupValue.objects.all().delete()
    units = {row[0]: row[1:] for row in OrgUnit.objects.values_list("id", "key", "path", "current_path",
                                                                     "valid_from", "valid_to")}
    ancestors = _ancestors(units)
    insert_rows(UnitAncestor._meta.db_table, ["boundaries", "unit_id", "ancestor_id"],
                ((boundary, unit_id, ancestor_id) for unit_id, by_boundary in ancestors.items()
                 for boundary, ids in by_boundary.items() for ancestor_id in ids))
    years = _data_years()
    # Every code that has data, registered or not, exactly as `refresh` would store it.
    codes = set(engine.all_codes())
    codes |= set(RecordFact.objects.order_by().values_list("indicator", flat=True).distinct())
    codes |= set(DataValue.objects.order_by().values_list("indicator_id", flat=True).distinct())
    own_rows = 0
    for year in years:
        period = make_period(YEAR, year)
        existing = OrgUnit.objects.valid_during(period.start, period.end).values("id")
        values = engine.effective_values(existing, period, codes)
        for unit_id, code in engine.presence(values):
            values[(unit_id, code, engine.PRESENT)] = ONE
        insert_rows(UnitYearValue._meta.db_table, OWN_COLUMNS,
                    ((unit_id, year, code, level, value) for (unit_id, code, level), value in values.items() if value))
        own_rows += len(values)
        if stdout:
            stdout.write(f"  {year}: {len(values)} giá trị đơn vị")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reports_rollupvalue (boundaries, ancestor_id, year, indicator, level, value) "
            "SELECT a.boundaries, a.ancestor_id, v.year, v.indicator, v.level, SUM(v.value) "
            "FROM reports_unityearvalue v JOIN reports_unitancestor a ON a.unit_id = v.unit_id "
            "GROUP BY a.boundaries, a.ancestor_id, v.year, v.indicator, v.level")
    now = timezone.now()
    current = state()
    current.year_start, current.valid, current.built_at, current.changed_at = _setting(), True, now, now
    current.save()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reports_rollupvalue")
            cursor.execute("ANALYZE reports_unityearvalue")
    return {"years": years, "own_rows": own_rows, "rollup_rows": RollupValue.objects.count(),
            "seconds": round(time.monotonic() - started, 2)}


def _data_years() -> list[int]:
    from django.db.models import Max, Min

    bounds = RecordFact.objects.aggregate(first=Min("day"), last=Max("day"))
    years = set(DataValue.objects.order_by().values_list("year", flat=True).distinct())
    if bounds["first"]:
        years.update(range(reporting_year_of(bounds["first"]), reporting_year_of(bounds["last"]) + 1))
    return sorted(years)


def invalidate() -> None:
    """Mark the roll-ups unusable (readers compute live) until the next rebuild."""
    RollupState.objects.filter(pk=state().pk).update(valid=False, changed_at=timezone.now())


# --- version for caches of figures (dashboards, issue 15) -------------------------------------------

VERSION_KEY = "reports:rollup-version"
_VERSION = CacheCounter(VERSION_KEY)


def version() -> int:
    """A number that changes after every committed change of figures."""
    return _VERSION.read()


def bump_version() -> None:
    _VERSION.bump()
