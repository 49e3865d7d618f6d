"""Extend the national bench data set with activities (~100.000 per year at --scale 1).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench \
        python bench/gen_activities.py --years 2023 2024 --scale 1

Loads the unit tree when missing, then writes activities of every kind, spread over the territorial
units existing in each year (communes most), with dialogue commitments, dissemination conferences
linked to a few documents, and their facts (through the same counting rule as the services).
Idempotent: rows carry external_ref "BENCH-<year>-<n>"; a year already generated is skipped
(--reset deletes the bench rows first).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from danvan.activities.facts import SOURCE, activity_facts  # noqa: E402
from danvan.activities.models import Activity, ActivityKind, Commitment, Document  # noqa: E402
from danvan.core.text import fold  # noqa: E402
from danvan.orgunits.models import OrgUnit, Sector  # noqa: E402
from danvan.reports.facts import replace_facts_bulk  # noqa: E402
from danvan.reports.models import RecordFact  # noqa: E402

PER_YEAR = 100_000
KIND_WEIGHTS = {"hoi_nghi": 34, "giao_ban": 15, "tap_huan": 9, "toa_dam": 7, "hoi_thao": 3, "doi_thoai": 13,
                "cuoc_thi": 1, "tin_bai": 18}
LEVEL_WEIGHTS = {"central": 1, "province": 9, "district": 20, "commune": 70}
PURPOSES = ["hoc_tap", "quan_triet", "trien_khai", "tong_ket", "so_ket", "chuyen_de", "khac"]
PURPOSE_WEIGHTS = [15, 30, 15, 12, 10, 12, 6]
TITLES = {
    "hoi_nghi": "Hội nghị {p} nghị quyết về công tác dân vận", "giao_ban": "Giao ban công tác dân vận tháng {m}",
    "tap_huan": "Tập huấn nghiệp vụ công tác dân vận", "toa_dam": "Tọa đàm phát huy vai trò người có uy tín",
    "hoi_thao": "Hội thảo đổi mới phương thức dân vận", "doi_thoai": "Đối thoại giữa lãnh đạo với Nhân dân",
    "cuoc_thi": "Hội thi Dân vận khéo", "tin_bai": "Tin bài về mô hình Dân vận khéo",
}


def bench_documents(actor_unit: OrgUnit) -> list[Document]:
    docs = []
    for i in range(1, 21):
        symbol = f"{i}-NQ/TW"
        doc, _ = Document.objects.get_or_create(
            symbol=symbol, issued_on=datetime.date(2010 + i % 12, 1 + i % 12, 1 + i),
            defaults={"unit": actor_unit, "family": "party", "number": i, "doc_type": "NQ", "issuer_code": "TW",
                      "issuing_body": "Ban Chấp hành Trung ương", "title": f"Nghị quyết thử nghiệm số {i}",
                      "search_text": fold(f"{symbol} nghi quyet thu nghiem")})
        docs.append(doc)
    return docs


def generate_year(year: int, count: int, rng: random.Random, docs: list[Document]) -> int:
    if Activity.objects.filter(external_ref=f"BENCH-{year}-0").exists():
        print(f"{year}: đã có, bỏ qua")
        return 0
    middle = datetime.date(year, 6, 30)
    territorial = OrgUnit.objects.valid_on(middle).filter(kind__in=OrgUnit.TERRITORIAL_KINDS)
    units_by_level = {lv: list(territorial.filter(level=lv).select_related("sector")) for lv in LEVEL_WEIGHTS}
    levels = [lv for lv in LEVEL_WEIGHTS if units_by_level[lv]]
    level_w = [LEVEL_WEIGHTS[lv] for lv in levels]
    kinds = {k.code: k for k in ActivityKind.objects.all()}
    kind_codes, kind_w = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    sectors = list(Sector.objects.all())
    days = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days
    today = datetime.date.today()
    start_clock = time.perf_counter()
    done = 0
    for chunk_start in range(0, count, 5000):
        batch = []
        for n in range(chunk_start, min(count, chunk_start + 5000)):
            level = rng.choices(levels, level_w)[0]
            unit = rng.choice(units_by_level[level])
            kind = kinds[rng.choices(kind_codes, kind_w)[0]]
            start = min(datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(days + 1)), today)
            purpose = rng.choices(PURPOSES, PURPOSE_WEIGHTS)[0] if kind.is_conference else ""
            attendees = None if kind.is_media else max(5, int(rng.lognormvariate(3.6, 0.9)))
            title = TITLES[kind.code].format(p="quán triệt", m=start.month)
            sector = rng.choice(sectors) if rng.random() < 0.4 else unit.sector
            a = Activity(unit=unit, kind=kind, title=title, purpose=purpose, level=unit.level, sector=sector,
                         status=Activity.Status.HELD, start_date=start, attendees=attendees,
                         participants=int(attendees * 0.8) if attendees else None,
                         outlet="Báo địa phương" if kind.is_media else "", external_ref=f"BENCH-{year}-{n}")
            a.search_text = fold(" ".join([title, unit.name, kind.name]))
            batch.append(a)
        with transaction.atomic():
            Activity.objects.bulk_create(batch, batch_size=2000)
            links = [Activity.documents.through(activity_id=a.pk, document_id=rng.choice(docs).pk)
                     for a in batch if a.purpose in Activity.DISSEMINATION_PURPOSES]
            Activity.documents.through.objects.bulk_create(links, batch_size=5000)
            commitments = [Commitment(activity=a, owner_unit=a.unit, content="Cam kết giải quyết kiến nghị",
                                      deadline=a.start_date + datetime.timedelta(days=rng.randrange(15, 120)),
                                      status="done" if rng.random() < 0.8 else "open")
                           for a in batch if a.kind.is_dialogue for _ in range(rng.randrange(0, 3))]
            Commitment.objects.bulk_create(commitments, batch_size=5000)
            replace_facts_bulk(source=SOURCE, facts_by_id={a.pk: activity_facts(a) for a in batch})
        done += len(batch)
    print(f"{year}: {done} hoạt động trong {time.perf_counter() - start_clock:.1f} s")
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="+", default=[2023])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100.000 hoạt động mỗi năm")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not OrgUnit.objects.filter(key="VN-01-00004").exists():
        call_command("load_units", verbosity=0)
    if args.reset:
        ids = list(Activity.objects.filter(external_ref__startswith="BENCH-").values_list("pk", flat=True))
        for i in range(0, len(ids), 5000):
            RecordFact.objects.filter(source=SOURCE, source_id__in=ids[i:i + 5000]).delete()
            Activity.objects.filter(pk__in=ids[i:i + 5000]).delete()
    docs = bench_documents(OrgUnit.objects.get(key="VN"))
    rng = random.Random(args.seed)
    for year in args.years:
        generate_year(year, int(PER_YEAR * args.scale), rng, docs)
    # fresh planner statistics: without them PostgreSQL estimates 1 row for a LIKE and picks a slow join order
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
