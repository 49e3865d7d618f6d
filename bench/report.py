"""Benchmark of the reporting engine on a national data set (issue 7, "Performance").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_reports python bench/report.py
    DATABASE_URL=sqlite:////path/bench.sqlite3 python bench/report.py [--scale 0.5] [--regenerate]

Builds (or reuses) a national data set in the current database: 10 reporting years (2016–2025);
per year ~200.000 "Dân vận khéo" models, ~100.000 activities and ~50.000 petitions, expressed as
RecordFact rows on the communes/districts/provinces/central bodies valid in that year (before
1/7/2025 the 63 provinces and their districts and communes, after it the 34 provinces and 3.321
communes); plus aggregates (DataValue) for every province each year and all 3.321 communes in 2025.
Then measures, in one run, medians of: the national annual figures, one province's, one commune's,
and the 10-year national trend — each with the floor (one hand-written SQL aggregate query over the
raw facts computing the same figures) — and the import of 100.000 data values (time, peak memory of
the importing process).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

YEARS = list(range(2016, 2026))
REFORM = datetime.date(2025, 7, 1)
PER_YEAR = {"model": 200_000, "activity": 100_000, "petition": 50_000}
FIELDS = ["kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_dang"]
SECTORS = ["cap_uy", "chinh_quyen", "mttq", "cong_doan", "nong_dan", "phu_nu", "thanh_nien", "cuu_chien_binh"]
AGGREGATE_CODES = ["commendation.collective", "commendation.individual", "campaign.money.received",
                   "campaign.houses.completed", "dialogue"]
IMPORT_CODES = ["dvk.registered", "dvk.recognised.collective", "dvk.recognised.individual",
                "conference.dissemination", "conference.dissemination.attendees", "dialogue", "competition",
                "media", "commendation.collective", "commendation.individual"]
# Periods that do not overlap (a unit enters an indicator at one period type where periods overlap).
IMPORT_PERIODS = ["2026Q1", "2026Q2", "2026S2"]


def setup_django() -> None:
    import django

    django.setup()


def log(message: str) -> None:
    print(message, flush=True)


# --- data set -----------------------------------------------------------------------------------------

def units_by_year():
    from danvan.orgunits.models import OrgUnit

    rows = list(OrgUnit.objects.values_list("id", "key", "level", "kind", "valid_from", "valid_to"))

    def valid(row, day):
        return (row[4] is None or row[4] <= day) and (row[5] is None or row[5] >= day)

    before, after = datetime.date(2024, 6, 1), datetime.date(2025, 9, 1)
    return {"legacy": [r for r in rows if valid(r, before)], "new": [r for r in rows if valid(r, after)]}


def weighted_units(rows, rng):
    """(unit ids, cumulative weights): 85% communes, 8% districts, 5% provinces, 2% central; lognormal skew."""
    shares = {"commune": 0.85, "district": 0.08, "province": 0.05, "central": 0.02}
    by_level: dict[str, list] = {}
    for row in rows:
        if row[3] in ("nation",):
            continue
        by_level.setdefault(row[2], []).append(row[0])
    if "district" not in by_level:  # after the reform there are no districts
        shares = {"commune": 0.90, "province": 0.07, "central": 0.03}
    ids, weights = [], []
    for level, share in shares.items():
        members = by_level.get(level, [])
        raw = [rng.lognormvariate(0, 0.8) for _ in members]
        total = sum(raw) or 1
        ids.extend(members)
        weights.extend(share * w / total for w in raw)
    cumulative, running = [], 0.0
    for w in weights:
        running += w
        cumulative.append(running)
    return ids, cumulative


def generate_facts(scale: float, seed: int = 2026):
    """Yield (source, source_id, indicator, unit_id, day, category, sector, level, value) tuples.

    The unit pools are read before the first row is yielded: during a PostgreSQL COPY the
    connection cannot run another query.
    """
    sets = units_by_year()
    return _generate(scale, seed, sets)


def _generate(scale: float, seed: int, sets: dict):
    rng = random.Random(seed)
    pools = {"legacy": weighted_units(sets["legacy"], rng), "new": weighted_units(sets["new"], rng)}
    next_id = {"model": 0, "activity": 0, "petition": 0}
    for year_index, year in enumerate(YEARS):
        growth = 1.0 + 0.04 * (year_index - 5)
        start = datetime.date(year, 1, 1)
        for kind, base in PER_YEAR.items():
            count = int(base * scale * growth)
            for _n in range(count):
                day = start + datetime.timedelta(days=rng.randrange(365))
                ids, cumulative = pools["new"] if day >= REFORM else pools["legacy"]
                unit_id = rng.choices(ids, cum_weights=cumulative)[0]
                next_id[kind] += 1
                source_id = next_id[kind]
                sector = rng.choice(SECTORS)
                if kind == "model":
                    source = "bench.model"
                    field = rng.choice(FIELDS)
                    yield (source, source_id, "dvk.registered", unit_id, day, field, sector, "", 1)
                    roll = rng.random()
                    if roll < 0.4:
                        yield (source, source_id, "dvk.recognised.collective", unit_id, day, field, sector, "", 1)
                    elif roll < 0.65:
                        yield (source, source_id, "dvk.recognised.individual", unit_id, day, field, sector, "", 1)
                elif kind == "activity":
                    source = "bench.activity"
                    roll = rng.random()
                    if roll < 0.4:
                        attendees = max(5, int(rng.lognormvariate(4.0, 0.7)))
                        yield (source, source_id, "conference.dissemination", unit_id, day, "", sector, "", 1)
                        yield (source, source_id, "conference.dissemination.attendees", unit_id, day, "", sector,
                               "", attendees)
                    elif roll < 0.6:
                        yield (source, source_id, "dialogue", unit_id, day, "", sector, "", 1)
                    elif roll < 0.62:
                        yield (source, source_id, "competition", unit_id, day, "", sector, "", 1)
                    else:
                        yield (source, source_id, "media", unit_id, day, "", sector, "", 1)
                else:
                    source = "bench.petition"
                    yield (source, source_id, "petition.received", unit_id, day, "", "", "", 1)
                    if rng.random() < 0.85:
                        yield (source, source_id, "petition.resolved", unit_id, day, "", "", "", 1)


FACT_INDEXES = {
    "fact_source_idx": "(source, source_id)",
    "fact_indicator_day_idx": "(indicator, day)",
    "fact_unit_idx": "(unit_id, indicator, day)",
}


def insert_facts(rows) -> int:
    """Bulk load: indexes dropped during the load and rebuilt after; COPY on PostgreSQL, batched commits on SQLite."""
    from django.db import connection, transaction

    columns = "source, source_id, indicator, unit_id, day, category, sector, level, value"
    count = 0
    with connection.cursor() as cursor:
        for name in FACT_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    if connection.vendor == "postgresql":
        with (transaction.atomic(), connection.cursor() as cursor,
              cursor.cursor.copy(f"COPY reports_recordfact ({columns}) FROM STDIN") as copy):
            for row in rows:
                copy.write_row(row)
                count += 1
    else:
        sql = f"INSERT INTO reports_recordfact ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        batch = []
        for row in rows:
            batch.append((*row[:4], row[4].isoformat(), *row[5:]))
            if len(batch) >= 200_000:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, batch)
            count += len(batch)
    with connection.cursor() as cursor:
        for name, columns_sql in FACT_INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON reports_recordfact {columns_sql}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return count


def build_aggregates(seed: int = 7) -> int:
    from danvan.orgunits.models import OrgUnit
    from danvan.reports.models import DataValue
    from danvan.reports.periods import parse_period

    rng = random.Random(seed)
    provinces_legacy = list(OrgUnit.objects.filter(kind="province", valid_from__isnull=True))
    provinces_new = [p for p in provinces_legacy if p.valid_to is None]
    communes_new = list(OrgUnit.objects.filter(kind="commune", valid_from=REFORM))
    rows = []
    for year in YEARS:
        period = parse_period(str(year))
        provinces = provinces_new if year >= 2026 else provinces_legacy
        for province in provinces:
            for code in AGGREGATE_CODES:
                value = rng.randint(1_000_000, 9_000_000_000) if code == "campaign.money.received" else rng.randint(
                    1, 400)
                rows.append(DataValue(unit=province, period=period.code, period_type="year", year=year,
                                      indicator_id=code, value=value))
    for commune in communes_new:
        for code in AGGREGATE_CODES:
            value = rng.randint(1_000_000, 500_000_000) if code == "campaign.money.received" else rng.randint(0, 30)
            rows.append(DataValue(unit=commune, period="2025S2", period_type="semester", year=2025,
                                  indicator_id=code, value=value))
    DataValue.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def ensure_dataset(scale: float, regenerate: bool) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from danvan.orgunits.models import OrgUnit
    from danvan.reports.models import DataValue, RecordFact
    from danvan.reports.rollups import rebuild

    info: dict = {}
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the database cache of settings without REDIS_URL
    if not OrgUnit.objects.filter(key="VN-01-00004").exists():
        call_command("load_units", verbosity=0, stdout=io.StringIO())
    info["migrate_units_s"] = round(time.monotonic() - started, 1)
    db_name = Path(str(connection.settings_dict["NAME"])).name
    marker_path = ROOT / "var" / f"bench_reports_{connection.vendor}_{db_name}.json"
    marker = {"scale": scale, "years": YEARS}
    existing = RecordFact.objects.filter(source__startswith="bench.").exists()
    if existing and not regenerate and marker_path.exists() and json.loads(marker_path.read_text()) == marker:
        info["reused"] = True
        info["facts"] = RecordFact.objects.count()
        info["datavalues"] = DataValue.objects.count()
        return info
    log("Generating the national data set …")
    started = time.monotonic()
    RecordFact.objects.all().delete()
    DataValue.objects.all().delete()
    info["facts"] = insert_facts(generate_facts(scale))
    info["datavalues"] = build_aggregates()
    info["generate_s"] = round(time.monotonic() - started, 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"  {info['facts']} facts, {info['datavalues']} data values ({info['generate_s']} s; {marker})")
    started = time.monotonic()
    stats = rebuild()
    info["rebuild_s"] = round(time.monotonic() - started, 1)
    info["rollup_rows"] = stats["rollup_rows"]
    info["own_rows"] = stats["own_rows"]
    log(f"  rebuild_rollups: {info['rebuild_s']} s, {stats['own_rows']} own rows, {stats['rollup_rows']} roll-up rows")
    info["reused"] = False
    marker_path.parent.mkdir(exist_ok=True)
    marker_path.write_text(json.dumps(marker), encoding="utf-8")
    return info


# --- floors: one hand-written SQL aggregate over the raw facts ---------------------------------------

def floor_sql(vendor: str, kind: str) -> str:
    """The same figures straight from the raw facts: totals by indicator, producing level and child."""
    if vendor == "postgresql":
        bucket = "split_part(substr(u.path, length(%(prefix)s) + 1), '/', 1)"
        year = "EXTRACT(YEAR FROM f.day)::int"
    else:
        bucket = ("substr(substr(u.path, length(%(prefix)s) + 1), 1, "
                  "instr(substr(u.path, length(%(prefix)s) + 1), '/') - 1)")
        year = "CAST(strftime('%%Y', f.day) AS integer)"
    level = "COALESCE(NULLIF(f.level, ''), u.level)"
    base = "FROM reports_recordfact f JOIN orgunits_orgunit u ON u.id = f.unit_id "
    if kind == "totals":  # the cheapest query for the totals alone: no join, no level, no child
        return ("SELECT f.indicator, SUM(f.value) FROM reports_recordfact f "
                "WHERE f.day BETWEEN %(start)s AND %(end)s GROUP BY 1")
    if kind == "trend":
        return (f"SELECT {year} AS y, f.indicator, SUM(f.value) {base} "
                "WHERE u.path LIKE %(like)s AND f.day BETWEEN %(start)s AND %(end)s GROUP BY 1, 2")
    if kind == "commune":
        return (f"SELECT f.indicator, {level}, SUM(f.value) {base} "
                "WHERE f.unit_id = %(unit)s AND f.day BETWEEN %(start)s AND %(end)s GROUP BY 1, 2")
    return (f"SELECT f.indicator, {level}, {bucket}, SUM(f.value) {base} "
            "WHERE u.path LIKE %(like)s AND f.day BETWEEN %(start)s AND %(end)s GROUP BY 1, 2, 3")


def run_floor(kind: str, unit, year: int | None = None):
    from django.db import connection

    params = {"prefix": unit.path, "like": unit.path + "%", "unit": unit.pk}
    sql = floor_sql(connection.vendor, kind)
    if unit.parent_id is None:
        sql = sql.replace("u.path LIKE %(like)s AND ", "")  # the nation holds every unit: no path filter
    if kind == "trend":
        params.update(start=datetime.date(YEARS[0], 1, 1), end=datetime.date(YEARS[-1], 12, 31))
    else:
        params.update(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def median_ms(fn, runs: int) -> float:
    started = time.perf_counter()
    fn()  # warm-up
    if time.perf_counter() - started > 2:
        runs = min(runs, 3)  # slow floors: three runs are enough for a median
    times = []
    for _n in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# --- import of 100.000 data values ---------------------------------------------------------------------

def write_import_file(path: Path, target: int = 100_000) -> int:
    from danvan.orgunits.models import OrgUnit

    communes = list(OrgUnit.objects.filter(kind="commune", valid_to__isnull=True).order_by("key").values_list(
        "key", flat=True))
    rng = random.Random(11)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("unit,period,indicator,value\n")
        for period in IMPORT_PERIODS:
            for key in communes:
                for code in IMPORT_CODES:
                    if count >= target:
                        return count
                    out.write(f"{key},{period},{code},{rng.randint(0, 500)}\n")
                    count += 1
        provinces = list(OrgUnit.objects.filter(kind="province", valid_to__isnull=True).values_list("key", flat=True))
        for period in [f"2026{m:02d}" for m in range(1, 13)]:
            # Months only for units that have no quarter of 2026 in the file (the provinces).
            for key in provinces:
                for code in IMPORT_CODES:
                    if count >= target:
                        return count
                    out.write(f"{key},{period},{code},{rng.randint(0, 500)}\n")
                    count += 1
    return count


def import_child(path: str) -> None:
    """Runs in a fresh process so its peak memory is the import's own."""
    import resource

    setup_django()
    from danvan.reports.importers import import_datavalues

    data = Path(path).read_bytes()
    started = time.perf_counter()
    result = import_datavalues(actor=None, data=data, file_name=Path(path).name)
    elapsed = time.perf_counter() - started
    # VmHWM is this process's own peak RSS; ru_maxrss would include the parent's (kept across fork+exec).
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak_kb = int(line.split()[1])
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024, "created": result.created,
                      "updated": result.updated, "unchanged": result.unchanged}))


def measure_import() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "datavalues.csv"
        rows = write_import_file(path)
        remove_import_values()
        outcome = {}
        for label in ("first", "again"):
            done = subprocess.run([sys.executable, __file__, "--import-child", str(path)], capture_output=True,
                                  text=True, env=os.environ.copy(), check=True)
            outcome[label] = json.loads(done.stdout.strip().splitlines()[-1])
        remove_import_values()
    return {"rows": rows, **outcome}


def measure_writes(commune, runs: int) -> dict:
    """One record's facts changed / one aggregate entered, each with its roll-up maintenance, committed."""
    from django.db import transaction

    from danvan.reports.facts import Fact, delete_facts, replace_facts
    from danvan.reports.services import datavalue_delete, datavalue_set

    counter = {"n": 0}

    def record_write():
        counter["n"] += 1
        with transaction.atomic():
            replace_facts(source="bench.write", source_id=1, facts=[
                Fact("media", commune.pk, datetime.date(2024, 5, 1), value=counter["n"] % 5 + 1)])

    def aggregate_write():
        counter["n"] += 1
        with transaction.atomic():
            datavalue_set(actor=None, unit=commune, period="2024", indicator="dialogue", value=counter["n"] % 7 + 1)

    result = {"record_write_ms": round(median_ms(record_write, runs), 2),
              "aggregate_write_ms": round(median_ms(aggregate_write, runs), 2)}
    with transaction.atomic():
        delete_facts(source="bench.write", source_id=1)
        from danvan.reports.models import DataValue

        for dv in DataValue.objects.filter(unit=commune, period="2024", indicator_id="dialogue"):
            datavalue_delete(actor=None, datavalue=dv)
    return result


def remove_import_values() -> None:
    """Take the imported 2026 values out again (keeping the roll-ups consistent) so runs repeat."""
    from django.db import transaction

    from danvan.reports import rollups
    from danvan.reports.models import DataValue

    with transaction.atomic():
        keys = set(DataValue.objects.filter(year=2026).values_list("unit_id", "year", "indicator_id"))
        DataValue.objects.filter(year=2026).delete()
        rollups.refresh(keys)


# --- main ----------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="records per year × scale (1.0 = issue size)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--import-only", action="store_true", help="measure only the import (data set reused)")
    parser.add_argument("--writes-only", action="store_true", help="measure only single writes (data set reused)")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--import-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_child:
        import_child(args.import_child)
        return
    setup_django()
    from django.db import connection

    from danvan.orgunits.models import OrgUnit
    from danvan.reports import selectors

    info = ensure_dataset(args.scale, args.regenerate)
    vendor = connection.vendor
    if args.writes_only:
        commune = OrgUnit.objects.get(key="VN-44-455-19162")
        log(json.dumps({"vendor": vendor, "writes": measure_writes(commune, args.runs)}))
        return
    if args.import_only:
        outcome = measure_import()
        log(json.dumps({"vendor": vendor, "import": outcome}))
        return
    nation = OrgUnit.objects.get(key="VN")
    province = OrgUnit.objects.get(key="VN-79")  # Hồ Chí Minh City, the biggest
    year = 2024
    busiest = (OrgUnit.objects.filter(kind="commune", path__startswith=province.path, valid_to__isnull=False)
               .order_by("key").first())
    from django.db.models import Count

    from danvan.reports.models import RecordFact

    top = (RecordFact.objects.filter(day__year=year, unit__kind="commune").values("unit_id")
           .annotate(n=Count("id")).order_by("-n").first())
    commune = OrgUnit.objects.get(pk=top["unit_id"]) if top else busiest
    results: dict = {"vendor": vendor, "scale": args.scale, "dataset": info, "year": year,
                     "province": province.key, "commune": commune.key, "runs": args.runs}
    cases = [
        ("national annual report", lambda: selectors.annual_figures(unit=nation, year=year),
         lambda: run_floor("annual", nation, year)),
        ("province annual report", lambda: selectors.annual_figures(unit=province, year=year),
         lambda: run_floor("annual", province, year)),
        ("commune annual report", lambda: selectors.annual_figures(unit=commune, year=year),
         lambda: run_floor("commune", commune, year)),
        ("national 10-year trend", lambda: selectors.trend(unit=nation, years=YEARS,
                                                           indicators=list(selectors.engine.all_codes())),
         lambda: run_floor("trend", nation)),
        ("national annual report vs a totals-only floor", lambda: selectors.annual_figures(unit=nation, year=year),
         lambda: run_floor("totals", nation, year)),
        ("national annual report, current boundaries",
         lambda: selectors.annual_figures(unit=nation, year=year, boundaries="current"),
         lambda: run_floor("annual", nation, year)),
    ]
    results["cases"] = {}
    results["load_average_before"] = os.getloadavg()
    for label, engine_fn, floor_fn in cases:
        engine_ms = median_ms(engine_fn, args.runs)
        floor_ms = median_ms(floor_fn, args.runs)
        results["cases"][label] = {"engine_ms": round(engine_ms, 2), "floor_ms": round(floor_ms, 2),
                                   "ratio": round(engine_ms / floor_ms, 3)}
        log(f"{label:45s} engine {engine_ms:9.2f} ms   floor {floor_ms:9.2f} ms   ratio {engine_ms / floor_ms:6.3f}")
    results["load_average_after_queries"] = os.getloadavg()
    results["writes"] = measure_writes(commune, args.runs)
    log(f"single writes with roll-up maintenance: {results['writes']}")
    if not args.skip_import:
        outcome = measure_import()
        results["import"] = outcome
        log(f"import of {outcome['rows']} data values: {outcome['first']['seconds']:.1f} s, peak "
            f"{outcome['first']['peak_mb']:.0f} MB (created {outcome['first']['created']}); re-import "
            f"{outcome['again']['seconds']:.1f} s (unchanged {outcome['again']['unchanged']})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    log(json.dumps(results, default=str))


if __name__ == "__main__":
    main()
