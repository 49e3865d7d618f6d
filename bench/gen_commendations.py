"""Extend the national bench data set with commendations (~30.000 per year at --scale 1, 10 years).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_commendations \
        python bench/gen_commendations.py --scale 1 --years 2016 2025

Loads the unit tree when missing, then writes commendations spread over the units existing on each
decision date (communes most, with skewed weights), ~41% collectives / 59% individuals (the 2023
national ratio 12.911 / 18.492), forms weighted from Giấy khen down to Huân chương; ~90% decided, the
rest in the nomination flow. Facts are written through the same counting rule as the services
(rules.facts_for) with replace_facts_bulk. Idempotent: rows carry external_ref "BENCH-KT-<year>-<n>";
a year already generated is skipped (--reset deletes the bench rows and their facts first).
"""

from __future__ import annotations

import argparse
import datetime
import io
import itertools
import math
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

from danvan.commendations import rules  # noqa: E402
from danvan.commendations.models import AwardForm, Commendation  # noqa: E402
from danvan.orgunits.models import OrgUnit  # noqa: E402
from danvan.reports.facts import replace_facts_bulk  # noqa: E402
from danvan.reports.models import RecordFact  # noqa: E402

PER_YEAR = 30_000
LEVEL_WEIGHTS = {"central": 2, "province": 10, "district": 20, "commune": 68}
FORM_WEIGHTS = {"giay_khen": 45, "bang_khen_tinh": 28, "bieu_duong": 10, "bang_khen_tw": 6, "co_thi_dua_tinh": 4,
                "knc_dan_van": 4, "bang_khen_ttcp": 1.5, "co_thi_dua_cp": 0.5, "huan_chuong_lao_dong": 0.7,
                "huan_chuong_dai_doan_ket": 0.3}
STATUS_WEIGHTS = {"decided": 90, "proposed": 4, "approved": 2, "returned": 2, "draft": 2}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quốc", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Tâm",
         "Thảo", "Trang", "Tuấn", "Vân", "Xuân", "Yến"]
GROUPS = ["Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Hội Cựu chiến binh", "Ủy ban MTTQ",
          "Chi bộ khu vực", "Tổ dân vận", "Ban Dân vận", "Công đoàn cơ sở", "Hội Người cao tuổi"]
POSITIONS = ["Bí thư chi bộ", "Trưởng ban công tác Mặt trận", "Chủ tịch Hội Nông dân", "Trưởng khu vực",
             "Cán bộ dân vận", "Chi hội trưởng Phụ nữ", "Bí thư Đoàn", "Người có uy tín"]


def units_for(day: datetime.date, rng: random.Random) -> dict[str, tuple[list[OrgUnit], list[float]]]:
    territorial = OrgUnit.objects.valid_on(day).filter(kind__in=OrgUnit.TERRITORIAL_KINDS).select_related("sector")
    result = {}
    for level in LEVEL_WEIGHTS:
        units = list(territorial.filter(level=level))
        if level == "central":
            units += list(OrgUnit.objects.valid_on(day).filter(level="central", kind="commission"))
        if units:
            # skewed activity: a few units commend a lot (lognormal weights)
            result[level] = (units, list(itertools.accumulate(math.exp(rng.gauss(0, 0.8)) for _ in units)))
    return result


def generate_year(year: int, count: int, rng: random.Random, forms: dict[str, AwardForm]) -> int:
    if Commendation.objects.filter(external_ref=f"BENCH-KT-{year}-0").exists():
        print(f"{year}: đã có, bỏ qua")
        return 0
    started = time.perf_counter()
    today = datetime.date.today()
    first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    reform = datetime.date(2025, 7, 1)
    pools = {"before": units_for(min(last, datetime.date(year, 6, 1)), rng)}
    if first < reform <= last:
        pools["after"] = units_for(datetime.date(year, 9, 1), rng)
    elif first >= reform:
        pools = {"before": units_for(first + (last - first) / 2, rng)}
    form_codes, form_w = list(FORM_WEIGHTS), list(FORM_WEIGHTS.values())
    statuses, status_w = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    span = (last - first).days
    objs = []
    for n in range(count):
        day = first + datetime.timedelta(days=rng.randrange(span + 1))
        pool = pools["after"] if "after" in pools and day >= reform else pools["before"]
        levels = [lv for lv in LEVEL_WEIGHTS if lv in pool]
        level = rng.choices(levels, [LEVEL_WEIGHTS[lv] for lv in levels])[0]
        units, cumulative = pool[level]
        unit = rng.choices(units, cum_weights=cumulative)[0]
        form = forms[rng.choices(form_codes, form_w)[0]]
        collective = rng.random() < 0.41
        status = rng.choices(statuses, status_w)[0]
        obj = Commendation(
            unit=unit, proposing_unit=unit, form=form, status=status, external_ref=f"BENCH-KT-{year}-{n}",
            recipient_type="collective" if collective else "individual",
            period_start_year=year, period_end_year=year,
            award_class=rng.choice(["nhat", "nhi", "ba"]) if form.has_classes else "",
            reason=f"Có thành tích xuất sắc trong công tác dân vận năm {year}",
        )
        if collective:
            obj.recipient_name = f"{rng.choice(GROUPS)} {unit.name}"
        else:
            obj.recipient_name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            obj.recipient_position = rng.choice(POSITIONS)
            obj.recipient_unit_text = unit.name
        if status == "decided":
            obj.decision_number = f"{rng.randint(1, 9999)}/QĐ-{'UBND' if level != 'central' else 'TTg'}"
            obj.decision_date = day
        rules.normalise(obj)
        objs.append(obj)
    with transaction.atomic():
        Commendation.objects.bulk_create(objs, batch_size=2000)
        created = list(Commendation.objects.filter(external_ref__startswith=f"BENCH-KT-{year}-")
                       .select_related("unit__sector", "form"))
        replace_facts_bulk(source=rules.FACT_SOURCE, facts_by_id={c.pk: rules.facts_for(c) for c in created})
    print(f"{year}: {count} khen thưởng ({time.perf_counter() - started:.1f} s)")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 30.000 commendations per year")
    parser.add_argument("--years", type=int, nargs=2, default=[2016, 2025], metavar=("FIRST", "LAST"))
    parser.add_argument("--seed", type=int, default=20231231)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()
    if not OrgUnit.objects.filter(key="VN-01-00004").exists():
        call_command("load_units", stdout=io.StringIO())
    if args.reset:
        ids = list(Commendation.objects.filter(external_ref__startswith="BENCH-KT-").values_list("id", flat=True))
        for start in range(0, len(ids), 5000):
            RecordFact.objects.filter(source=rules.FACT_SOURCE, source_id__in=ids[start:start + 5000]).delete()
        Commendation.objects.filter(external_ref__startswith="BENCH-KT-").delete()
    forms = {f.code: f for f in AwardForm.objects.all()}
    rng = random.Random(args.seed)
    total = 0
    for year in range(args.years[0], args.years[1] + 1):
        total += generate_year(year, int(PER_YEAR * args.scale), rng, forms)
    print(f"Tổng: {total} mới; trong cơ sở dữ liệu: {Commendation.objects.count()} khen thưởng.")


if __name__ == "__main__":
    main()
