"""Measure the registry on a generated data set (bench/gen_registry.py): medians of server time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_registry python bench/bench_registry.py
    python bench/bench_registry.py --sqlite var/bench_registry.sqlite3 --runs 7

List and search pages are requested through Django's test client (middleware, session, query,
template: the server's whole work for a page); counting functions are called directly. The first
run of each case warms caches and is not counted. Also checks that the stored facts equal what the
counting rule (`rules.facts_for`) gives for a sample of models, and that counts equal the facts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database: str | None) -> None:
    if database:
        os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()


def median_ms(func, runs: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database")
    parser.add_argument("--sqlite")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    setup(args.database or (f"sqlite:///{Path(args.sqlite).resolve()}" if args.sqlite else None))

    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from danvan.accounts.models import Membership, User
    from danvan.orgunits.models import OrgUnit
    from danvan.registry import rules, selectors
    from danvan.registry.models import DvkModel, DvkYear
    from danvan.reports.models import RecordFact

    # The benchmark needs no collectstatic: serve static names unhashed.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")
    year = args.year
    total_years = DvkYear.objects.count()
    total_models = DvkModel.objects.count()
    busiest_commune = OrgUnit.objects.get(pk=DvkYear.objects.filter(year=2025, unit__level="commune").values(
        "unit").annotate(n=Count("id")).order_by("-n")[0]["unit"])
    province = OrgUnit.objects.get(key="VN-01")  # Hà Nội: the largest number of legacy communes
    merged = OrgUnit.objects.get(key="VN-92")  # Cần Thơ absorbed Hậu Giang and Sóc Trăng

    def user(name, unit, role, superuser=False):
        account, _created = User.objects.get_or_create(username=name, defaults={"is_superuser": superuser})
        if unit is not None:
            Membership.objects.get_or_create(user=account, unit=unit, role=role)
        client = Client()
        client.force_login(account)
        return client

    admin = user("bench.admin", None, "", superuser=True)
    officer = user("bench.tinh", province, "officer")
    commune_officer = user("bench.xa", busiest_commune, "officer")

    def get(client, url, **params):
        def run():
            response = client.get(url, params)
            assert response.status_code == 200, (url, params, response.status_code)
            return response

        return run

    cases = [
        ("Danh sách, toàn quốc, năm + trạng thái + lĩnh vực, trang 1",
         get(admin, "/mo-hinh/", nam=year, trang_thai="recognised", linh_vuc="kinh_te")),
        ("Danh sách, toàn quốc, không lọc, trang 1", get(admin, "/mo-hinh/")),
        ("Danh sách, toàn quốc, năm, sắp xếp theo tên, trang 1", get(admin, "/mo-hinh/", nam=year, sap_xep="ten")),
        ("Danh sách, toàn quốc, năm, trang 20", get(admin, "/mo-hinh/", nam=year, page=20)),
        ("Danh sách, cán bộ tỉnh (Hà Nội), năm + cá nhân + cấp công nhận, trang 1",
         get(officer, "/mo-hinh/", nam=year, doi_tuong="ca_nhan", cap="commune")),
        ("Danh sách, cán bộ xã, không lọc, trang 1", get(commune_officer, "/mo-hinh/")),
        ("Tìm “dan van kheo” (phổ biến), toàn quốc, năm", get(admin, "/mo-hinh/", q="dan van kheo", nam=year)),
        ("Tìm “oc dao xanh” (hiếm), toàn quốc, mọi năm", get(admin, "/mo-hinh/", q="oc dao xanh")),
        ("Tìm “nong thon moi”, cán bộ tỉnh", get(officer, "/mo-hinh/", q="nong thon moi")),
        ("API /api/v1/registry/years/ năm + trạng thái, trang 1",
         get(admin, "/api/v1/registry/years/", year=year, status="recognised")),
        ("Bảng vinh danh tỉnh (Hà Nội), năm", get(admin, "/mo-hinh/vinh-danh/", don_vi=province.key, nam=year)),
    ]
    counting = [
        ("Đếm: toàn quốc, một năm", lambda: selectors.counts(unit=OrgUnit.objects.get(key="VN"), year=year)),
        ("Đếm: một tỉnh (Hà Nội), một năm", lambda: selectors.counts(unit=province, year=year)),
        ("Đếm: Cần Thơ theo địa giới hiện nay, một năm",
         lambda: selectors.counts(unit=merged, year=year, boundaries="current")),
        ("Đếm: một xã, năm 2025", lambda: selectors.counts(unit=busiest_commune, year=2025)),
        ("Đếm lũy kế: toàn quốc 2016–2025",
         lambda: selectors.cumulative(unit=OrgUnit.objects.get(key="VN"), first_year=2016, last_year=2025)),
    ]
    print(f"# {connection.vendor}: {total_models:,} mô hình, {total_years:,} lượt đăng ký; năm đo {year}; "
          f"trung vị của {args.runs} lần\n")
    print("| trường hợp | trung vị (ms) |\n|---|---:|")
    for label, func in cases + counting:
        print(f"| {label} | {median_ms(func, args.runs):.1f} |", flush=True)

    # Consistency: stored facts == the counting rule, and selectors == facts.
    sample = list(DvkModel.objects.order_by("?").values_list("pk", flat=True)[:200]) if total_models else []
    mismatches = 0
    for model in DvkModel.objects.select_related("field", "sector").filter(pk__in=sample):
        expected = sorted((f.indicator, f.unit_id, f.day, f.category, f.sector) for f in rules.facts_for(
            model, list(model.years.all()), field_code=model.field.code,
            sector_code=model.sector.code if model.sector_id else ""))
        stored = sorted(RecordFact.objects.filter(source=rules.FACT_SOURCE, source_id=model.pk).values_list(
            "indicator", "unit_id", "day", "category", "sector"))
        mismatches += expected != stored
    nation = selectors.counts(unit=OrgUnit.objects.get(key="VN"), year=year)
    fact_registered = RecordFact.objects.filter(indicator="dvk.registered", day__year=year).count()
    fact_recognised = RecordFact.objects.filter(indicator__startswith="dvk.recognised.", day__year=year).count()
    print(f"\nKiểm tra: {mismatches} mô hình lệch facts trên {len(sample)} mẫu; toàn quốc {year}: "
          f"đăng ký {nation['registered']:,} (facts {fact_registered:,}), công nhận {nation['recognised']:,} "
          f"(facts {fact_recognised:,}).")


if __name__ == "__main__":
    main()
