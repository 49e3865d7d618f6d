"""Generate a national "Dân vận khéo" data set for the registry benchmark.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_registry \
        python bench/gen_registry.py --scale 1.0        # ~200.000 registrations a year × 10 years
    python bench/gen_registry.py --scale 0.1 --sqlite var/bench_registry.sqlite3

Migrates the database and loads the unit tree when needed, then writes models, model-years and
their reporting facts (the same rows `rules.facts_for` produces) with COPY on PostgreSQL and
executemany on SQLite. Units are skewed (a few communes register many models, most a few);
2016–2024 use the legacy units (63 provinces, districts, ~10.000 communes), 2025 today's 3.321
communes and 34 provinces. About 35% of a year's registrations re-register last year's models.
Run it on an empty registry: it refuses to append to an existing data set unless --append.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_YEAR = 200_000
FIRST_YEAR, LAST_YEAR = 2016, 2025
RARE_PHRASE = "Ốc đảo xanh"  # in ~0,05% of names: the benchmark's selective search
WORDS_A = ["Dân vận khéo", "Tổ tự quản", "Đường hoa", "Nhà đại đoàn kết", "Chuyển đổi số", "Camera an ninh",
           "Thắp sáng đường quê", "Phụ nữ tiết kiệm", "Nông dân sản xuất giỏi", "Thanh niên tình nguyện",
           "Cựu chiến binh giúp nhau", "Khu dân cư kiểu mẫu", "Hiến đất làm đường", "Bữa cơm nghĩa tình",
           "Tuyến đường xanh – sạch – đẹp", "Dòng họ khuyến học", "Chợ văn minh", "Xóm đạo bình yên"]
WORDS_B = ["vì người nghèo", "gắn với xây dựng nông thôn mới", "trong cải cách hành chính", "vùng đồng bào",
           "trong giữ gìn an ninh trật tự", "bảo vệ môi trường", "chăm lo gia đình chính sách", "ở khu phố",
           "hỗ trợ sinh kế", "phòng chống tội phạm", "phát triển kinh tế hộ", "văn hóa ở cơ sở"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Hữu Đức", "Thị Hoa", "Minh Khôi", "Thị Lan",
         "Quốc Nam", "Thị Oanh", "Văn Phúc", "Thanh Quang", "Thị Sương", "Văn Tâm", "Ngọc Uyên"]
SECTORS = ["cap_uy", "chinh_quyen", "mttq", "cong_doan", "nong_dan", "phu_nu", "thanh_nien", "cuu_chien_binh",
           "hoi_quan_chung", None]


def setup(database: str | None) -> None:
    if database:
        os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def skewed(units: list, rng: random.Random) -> list[float]:
    """Cumulative weights: a lognormal weight per unit gives a long tail of busy communes."""
    total, cumulative = 0.0, []
    for _unit in units:
        total += rng.lognormvariate(0, 1.1)
        cumulative.append(total)
    return cumulative


class Writer:
    """COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection):
        self.connection = connection
        self.vendor = connection.vendor

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


MODEL_COLUMNS = ["id", "created_at", "updated_at", "version", "kind", "subject", "name", "unit_id",
                 "collective_unit_id", "group_name", "person_name", "person_position", "person_unit", "field_id",
                 "sector_id", "situation", "goals", "content_method", "scope_target", "forces", "resources", "timeline",
                 "outputs", "sustainability", "replicated_from_id", "discontinued_on", "discontinued_reason",
                 "external_ref", "submission_key", "created_by_id", "search_text"]
YEAR_COLUMNS = ["id", "created_at", "updated_at", "version", "model_id", "year", "status", "registered_on",
                "assessment_started_on", "returned_note", "recognised_on", "recognised_year", "recognition_level",
                "recognising_body", "decision_number", "decision_date", "not_recognised_reason", "honour_level",
                "honour_event", "honoured_on", "note", "unit_id", "field_id", "sector_id", "subject", "kind"]
FACT_COLUMNS = ["source", "source_id", "indicator", "unit_id", "day", "category", "sector", "level", "value"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 200.000 registrations a year")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--database", help="a DATABASE_URL (default: the environment's)")
    parser.add_argument("--sqlite", help="shortcut for --database sqlite:///PATH")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    database = args.database or (f"sqlite:///{Path(args.sqlite).resolve()}" if args.sqlite else None)
    setup(database)

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from danvan.core.text import fold
    from danvan.orgunits.models import OrgUnit, Sector
    from danvan.registry.models import DvkModel, DvkYear, Field
    from danvan.registry.rules import FACT_SOURCE

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(key="VN-01-00004").exists():
        call_command("load_units", verbosity=0)
    if DvkModel.objects.exists() and not args.append:
        sys.exit("The registry already holds models; use an empty database or --append.")
    rng = random.Random(args.seed)
    per_year = int(PER_YEAR * args.scale)
    years = list(range(LAST_YEAR - args.years + 1, LAST_YEAR + 1))
    fields = list(Field.objects.filter(province__isnull=True).values_list("pk", "code"))
    sector_ids = dict(Sector.objects.values_list("code", "pk"))
    units_all = list(OrgUnit.objects.values("pk", "level", "name", "valid_from", "valid_to", "kind"))
    reform = datetime.date(2025, 7, 1)

    def pool(current: bool) -> dict[str, tuple[list, list]]:
        if current:  # today's 34 provinces and 3.321 communes
            chosen = [u for u in units_all if u["valid_to"] is None and u["kind"] in ("province", "commune")]
        else:  # before the reform: legacy units plus the provinces that continued
            chosen = [u for u in units_all if u["kind"] in ("province", "district", "commune") and
                      (u["valid_to"] is not None or (u["kind"] == "province" and u["valid_from"] is None))]
        by_level = {}
        for level in ("commune", "district", "province"):
            items = [u for u in chosen if u["level"] == level]
            if items:
                by_level[level] = (items, skewed(items, rng))
        return by_level

    legacy_pool, current_pool = pool(False), pool(True)
    writer = Writer(connection)
    next_model = (DvkModel.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    next_year_id = (DvkYear.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    now = timezone.now()
    previous: list[tuple] = []  # (model_id, unit, field, sector, subject, kind) registered last year
    totals = {"models": 0, "years": 0, "facts": 0}

    def pick_unit(year_pool, current: bool):
        levels = ["commune", "province"] if current else ["commune", "district", "province"]
        weights = [0.88, 0.12] if current else [0.80, 0.13, 0.07]
        level = rng.choices(levels, weights)[0]
        items, cumulative = year_pool[level]
        return rng.choices(items, cum_weights=cumulative)[0]

    for year in years:
        t0 = time.perf_counter()
        current = year >= reform.year
        year_pool = current_pool if current else legacy_pool
        start = reform if current else datetime.date(year, 1, 1)
        end = datetime.date(year, 12, 31)
        span = (end - start).days
        models, year_rows, facts, registered_now = [], [], [], []
        used: set[int] = set()
        reuse = [] if current else previous
        for index in range(per_year):
            again = reuse[rng.randrange(len(reuse))] if reuse and rng.random() < 0.35 else None
            if again is not None and again[0] not in used:
                model_id, unit, field_id, field_code, sector_code, subject, kind = again
            else:
                model_id = next_model
                next_model += 1
                unit = pick_unit(year_pool, current)
                field_id, field_code = rng.choices(fields, [40, 30, 12, 18])[0]
                sector_code = rng.choice(SECTORS)
                subject = "ca_nhan" if rng.random() < 0.38 else "tap_the"
                kind = "dien_hinh" if subject == "ca_nhan" or rng.random() < 0.1 else "mo_hinh"
                person = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}" if subject == "ca_nhan" else ""
                rare = rng.random() < 0.0005
                name = f"{'Mô hình' if kind == 'mo_hinh' else 'Điển hình'} “{rng.choice(WORDS_A)}” " \
                       f"{rng.choice(WORDS_B)}{' ' + RARE_PHRASE if rare else ''} số {model_id}"
                search = fold(" ".join(p for p in (name, person, unit["name"]) if p))
                models.append((model_id, now, now, 1, kind, subject, name, unit["pk"], None, "", person,
                               "Tổ trưởng" if person else "", "", field_id, sector_ids.get(sector_code), "", "", "",
                               "", "", "", "", "", "", None, None, "", None, None, None, search))
            registered_on = start + datetime.timedelta(days=rng.randrange(max(1, span - 60)))
            roll = rng.random()
            status, recognised_on, level = "registered", None, ""
            if roll < 0.66:
                status = "recognised" if rng.random() > 0.03 else "honoured"
                recognised_on = min(end, registered_on + datetime.timedelta(days=rng.randint(30, 240)))
                unit_level = unit["level"]
                level = unit_level if unit_level != "commune" or rng.random() < 0.7 else "province"
                if rng.random() < 0.02:
                    level = "central"
            elif roll < 0.76:
                status = "not_recognised"
            elif roll < 0.80 and year == years[-1]:
                status = "under_assessment"
            year_rows.append((next_year_id, now, now, 1, model_id, year, status, registered_on, None, "",
                              recognised_on, recognised_on.year if recognised_on else None, level,
                              "Ban Chỉ đạo" if recognised_on else "", f"{rng.randint(1, 999)}-QĐ" if recognised_on
                              else "", recognised_on, "Chưa đạt" if status == "not_recognised" else "",
                              "province" if status == "honoured" else "", "Biểu dương" if status == "honoured" else "",
                              recognised_on if status == "honoured" else None, "", unit["pk"], field_id,
                              sector_ids.get(sector_code), subject, kind))
            next_year_id += 1
            sector = sector_code or ""
            facts.append((FACT_SOURCE, model_id, "dvk.registered", unit["pk"], registered_on, field_code, sector, "",
                          1))
            if recognised_on:
                indicator = "dvk.recognised.individual" if subject == "ca_nhan" else "dvk.recognised.collective"
                facts.append((FACT_SOURCE, model_id, indicator, unit["pk"], recognised_on, field_code, sector, "", 1))
            registered_now.append((model_id, unit, field_id, field_code, sector_code, subject, kind))
            used.add(model_id)
            if index and index % 50_000 == 0:
                _flush(writer, transaction, models, year_rows, facts, totals)
                models, year_rows, facts = [], [], []
        _flush(writer, transaction, models, year_rows, facts, totals)
        previous = registered_now
        print(f"{year}: {len(registered_now):,} đăng ký ({time.perf_counter() - t0:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("registry_dvkmodel", "registry_dvkyear", "reports_recordfact"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Tổng: {totals['models']:,} mô hình, {totals['years']:,} lượt đăng ký, {totals['facts']:,} facts, "
          f"{time.perf_counter() - started:.0f} s ({connection.vendor}).")


def _flush(writer, transaction, models, year_rows, facts, totals) -> None:
    with transaction.atomic():
        writer.write("registry_dvkmodel", MODEL_COLUMNS, models)
        writer.write("registry_dvkyear", YEAR_COLUMNS, year_rows)
        writer.write("reports_recordfact", FACT_COLUMNS, facts)
    totals["models"] += len(models)
    totals["years"] += len(year_rows)
    totals["facts"] += len(facts)


if __name__ == "__main__":
    main()
