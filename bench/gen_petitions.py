"""Generate benchmark cases: ~50.000 a year for 10 years (scale 1.0), spread over the units that existed.

    DATABASE_URL=sqlite:///var/bench.sqlite3 python bench/gen_petitions.py --scale 1.0 --reset

The database must be migrated and hold the country's units (`manage.py load_units`). Cases are
bulk-inserted with their deadlines computed from the DeadlineRule table exactly as the services do,
and their facts written through `replace_facts_bulk` (the counting rule of services/facts.py). No
petitioners or documents are generated: counting never reads them. Deterministic for a given --seed.
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

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from danvan.core.text import fold  # noqa: E402
from danvan.orgunits.models import OrgUnit  # noqa: E402
from danvan.petitions.models import Case, DeadlineRule, Field, Hotspot, Kind  # noqa: E402
from danvan.petitions.services.cases import TRACKING_ALPHABET  # noqa: E402
from danvan.petitions.services.deadlines import compute_deadlines  # noqa: E402
from danvan.petitions.services.facts import SOURCE, case_facts  # noqa: E402
from danvan.reports.facts import replace_facts_bulk  # noqa: E402
from danvan.reports.models import RecordFact  # noqa: E402

PER_YEAR = 50_000
YEARS = 10
KINDS = [(Kind.KIEN_NGHI, 35), (Kind.PHAN_ANH, 25), (Kind.KHIEU_NAI_1, 25), (Kind.KHIEU_NAI_2, 5), (Kind.TO_CAO, 10)]
SUBJECTS = {
    Field.DAT_DAI: ["Bồi thường, hỗ trợ tái định cư", "Cấp giấy chứng nhận quyền sử dụng đất", "Tranh chấp ranh đất"],
    Field.MOI_TRUONG: ["Ô nhiễm nước thải cơ sở sản xuất", "Rác thải sinh hoạt chậm thu gom", "Khói bụi lò gạch"],
    Field.CHINH_SACH: ["Chế độ người có công", "Trợ cấp bảo trợ xã hội", "Bảo hiểm y tế hộ cận nghèo"],
    Field.HANH_CHINH: ["Chậm giải quyết thủ tục hành chính", "Thái độ tiếp dân của cán bộ"],
    Field.TU_PHAP: ["Chậm thi hành án dân sự", "Hộ tịch, chứng thực"],
    Field.KINH_TE: ["Giá điện sinh hoạt tăng", "Hỗ trợ vốn sản xuất"],
    Field.Y_TE_GIAO_DUC: ["Khoản thu đầu năm học", "Chất lượng khám chữa bệnh tuyến xã"],
    Field.AN_NINH: ["Trộm cắp tài sản ban đêm", "Tụ tập gây mất trật tự"],
    Field.CAN_BO: ["Cán bộ nhận tiền khi làm thủ tục", "Đảng viên vi phạm quy định"],
    Field.KHAC: ["Đề nghị sửa đường giao thông nông thôn"],
}


def tracking_code(rng: random.Random, used: set) -> str:
    while True:
        code = "".join(rng.choices(TRACKING_ALPHABET, k=12))
        if code not in used:
            used.add(code)
            return code


def unit_pools():
    """Units a case may be received by, by era: legacy (to 30/6/2025) and after the reform."""
    fields = ("id", "level", "valid_from", "valid_to")
    territorial = OrgUnit.objects.filter(kind__in=["province", "district", "commune"]).only(*fields)
    legacy, current = [], []
    for unit in territorial:
        if unit.valid_to is not None:
            legacy.append(unit)
        elif unit.valid_from is not None and unit.valid_from.year >= 2025:
            current.append(unit)
        else:  # a province that continued through the reform serves both eras
            legacy.append(unit)
            current.append(unit)
    return legacy, current


def generate(scale: float, seed: int, years: int) -> None:
    rng = random.Random(seed)
    today = timezone.localdate()
    first_year = today.year - years + 1
    rules = {}
    for rule in DeadlineRule.objects.order_by("valid_from"):
        rules[(rule.kind, rule.stage)] = rule  # the newest rule wins; all seeded rules predate 2017
    legacy, current = unit_pools()
    reform = datetime.date(2025, 7, 1)
    used = set(Case.objects.values_list("tracking_code", flat=True))
    folded = {s: fold(s) for subjects in SUBJECTS.values() for s in subjects}
    kinds, weights = zip(*KINDS, strict=True)
    fields = list(SUBJECTS)
    per_year = int(PER_YEAR * scale)
    total = 0
    started = time.perf_counter()
    for year in range(first_year, today.year + 1):
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 31), today)
        span = (end - start).days
        batch: list[Case] = []
        for _i in range(int(per_year * (span + 1) / 365)):
            received = start + datetime.timedelta(days=rng.randint(0, span))
            pool = legacy if received < reform else current
            unit = rng.choice(pool)
            kind = rng.choices(kinds, weights)[0]
            field = rng.choice(fields)
            subject = rng.choice(SUBJECTS[field])
            mass = rng.random() < 0.02
            case = Case(unit_id=unit.id, kind=kind, field=field, subject=subject,
                        channel=rng.choice(Case.Channel.values), received_on=received,
                        petitioner_type="mass" if mass else "one", headcount=rng.randint(5, 80) if mass else 1,
                        is_remote=rng.random() < 0.1, is_complex=rng.random() < 0.15,
                        tracking_code=tracking_code(rng, used))
            case.search_text = f"{case.tracking_code.lower()} {folded[subject]}"
            _advance(case, rng, today)
            compute_deadlines(case, rules=rules)
            batch.append(case)
        for chunk_start in range(0, len(batch), 5000):
            chunk = batch[chunk_start:chunk_start + 5000]
            with transaction.atomic():
                Case.objects.bulk_create(chunk, batch_size=5000)
                replace_facts_bulk(source=SOURCE, facts_by_id={c.pk: case_facts(c) for c in chunk})
        total += len(batch)
        print(f"{year}: {len(batch):,} vụ việc (tổng {total:,}, {time.perf_counter() - started:.0f} s)", flush=True)
    _hotspots(rng, today, first_year)


def _advance(case: Case, rng: random.Random, today: datetime.date) -> None:
    """Move a generated case along the workflow according to its age (recent cases stay open)."""
    age = (today - case.received_on).days
    day = case.received_on

    def step(lo: int, hi: int) -> datetime.date | None:
        nonlocal day
        nxt = day + datetime.timedelta(days=rng.randint(lo, hi))
        if nxt > today:
            return None
        day = nxt
        return nxt

    roll = rng.random()
    if roll < 0.05:
        case.status, case.ended_on, case.not_accepted_reason = "not_accepted", step(1, 10), "Không đủ điều kiện"
        if case.ended_on is None:
            case.status, case.not_accepted_reason = "received", ""
        return
    if roll < 0.08 and age > 3:
        case.status, case.ended_on = "withdrawn", step(1, 3)
        return
    accepted = step(1, 12 if rng.random() < 0.9 else 25)
    if accepted is None:
        return
    case.status, case.accepted_on = "accepted", accepted
    verifying = step(1, 5)
    if verifying is None:
        return
    case.status, case.verifying_on = "verifying", verifying
    decided = step(10, 40 if rng.random() < 0.85 else 90)
    if decided is None or age < 20 and rng.random() < 0.5:
        return
    case.status, case.decided_on, case.decision_number = "decided", decided, f"{rng.randint(1, 999)}/QĐ-UBND"
    case.outcome = rng.choice(Case.Outcome.values)
    closed = step(1, 15)
    if closed is not None:
        case.status, case.closed_on = "closed", closed


def _hotspots(rng: random.Random, today: datetime.date, first_year: int) -> None:
    provinces = list(OrgUnit.objects.filter(kind="province", valid_to__isnull=True))
    hotspots = []
    for year in range(first_year, today.year + 1):
        for _i in range(200):
            flagged = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
            if flagged > today:
                continue
            resolved = flagged + datetime.timedelta(days=rng.randint(10, 400))
            hotspots.append(Hotspot(unit=rng.choice(provinces), title=f"Điểm nóng {year}-{_i}",
                                    kind=rng.choice(Hotspot.HotspotKind.values), risk_level=rng.randint(1, 4),
                                    flagged_on=flagged, headcount=rng.randint(10, 300),
                                    resolved_on=resolved if resolved <= today else None))
    Hotspot.objects.bulk_create(hotspots, batch_size=2000)
    print(f"Điểm nóng: {len(hotspots):,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 50.000 vụ việc/năm")
    parser.add_argument("--years", type=int, default=YEARS)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reset", action="store_true", help="delete every case, hotspot and petition fact first")
    args = parser.parse_args()
    if args.reset:
        RecordFact.objects.filter(source=SOURCE).delete()
        Case.objects.update(transferred_case=None, duplicate_of=None, hotspot=None)
        Case.objects.all().delete()
        Hotspot.objects.all().delete()
    generate(args.scale, args.seed, args.years)


if __name__ == "__main__":
    main()
