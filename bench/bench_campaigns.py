"""Time the campaign progress pages and counting functions on the generated national campaign.

    DATABASE_URL=sqlite:///var/bench_campaigns.sqlite3 python bench/bench_campaigns.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_campaigns_bench python bench/bench_campaigns.py

Runs bench/gen_campaigns.py first when the campaign is missing. Prints medians (ms) of --runs runs as a
Markdown table; one-off operations (full export, a 10.000-row import rolled back) are timed once.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")  # plain static storage, no manifest


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up (connection, caches of the unit tree)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def once_ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import gen_campaigns

    gen_campaigns.setup_database()
    pk = gen_campaigns.generate()

    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client

    from danvan.accounts.models import User
    from danvan.campaigns import importers, selectors
    from danvan.campaigns.models import Campaign, House, LedgerEntry
    from danvan.orgunits.models import OrgUnit

    settings.ALLOWED_HOSTS = ["*"]
    campaign = Campaign.objects.get(pk=pk)
    province = OrgUnit.objects.get(key="VN-01")
    can_tho = OrgUnit.objects.get(key="VN-92")
    user = User.objects.get(username="bench")
    client = Client()
    client.force_login(user)

    def page(url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
        return fetch

    rows = [
        ("money_totals, national", lambda: selectors.money_totals(campaign)),
        ("money_totals, one province (historical)", lambda: selectors.money_totals(campaign, within=province)),
        ("money_totals, Cần Thơ on today's boundaries",
         lambda: selectors.money_totals(campaign, within=can_tho, boundaries="current")),
        ("houses_by_status, national", lambda: selectors.houses_by_status(campaign)),
        ("houses_by_status as of a date, national",
         lambda: selectors.houses_by_status(campaign, as_of=campaign.end_date)),
        ("ranking of the 73 units under VN (63 provinces, central bodies)", lambda: selectors.ranking(campaign)),
        ("progress(), national (all of the above)", lambda: selectors.progress(campaign)),
        ("progress(), one province, one year",
         lambda: selectors.progress(campaign, within=province, start=campaign.start_date,
                                    end=campaign.start_date.replace(month=12, day=31))),
        ("progress page GET /van-dong/<id>/", page(campaign.get_absolute_url())),
        ("progress page, province subtree", page(campaign.get_absolute_url() + "?don_vi=VN-01")),
        ("ledger list page (first page of 50)", page(f"/van-dong/{pk}/so-quy/")),
        ("API progress", page(f"/api/v1/campaigns/campaigns/{pk}/progress/")),
    ]
    vendor = connection.vendor
    counts = (LedgerEntry.objects.filter(campaign=campaign).count(), House.objects.filter(campaign=campaign).count())
    print(f"\n### {vendor} — {counts[0]:,} ledger entries, {counts[1]:,} houses; median of {args.runs} runs\n")
    print("| operation | median (ms) |")
    print("|---|---:|")
    for label, fn in rows:
        print(f"| {label} | {median_ms(fn, args.runs):.1f} |")

    def export_all():
        response = client.get(f"/van-dong/{pk}/so-quy.csv")
        size = sum(len(chunk) for chunk in response.streaming_content)
        assert size > 1_000_000

    print(f"| full ledger CSV export (streamed, once) | {once_ms(export_all):.0f} |")

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ma_tham_chieu", "ngay", "don_vi", "so_tien", "nguoi_ung_ho"])
    receivers = list(OrgUnit.objects.filter(kind="province").valid_on(campaign.start_date).values_list("key",
                                                                                                        flat=True))
    for i in range(10_000):
        sheet.append([f"IMPORT-{i:05d}", "15/06/2024", receivers[i % len(receivers)], 1_000_000, "Nhà hảo tâm"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()

    def import_and_roll_back():
        with transaction.atomic():
            result = importers.import_ledger(data, actor=user, campaign=campaign, on_behalf=True)
            assert result.created == 10_000
            transaction.set_rollback(True)

    print(f"| import 10.000 receipts from XLSX (validated, audited, facts; once, rolled back) | "
          f"{once_ms(import_and_roll_back):.0f} |")


if __name__ == "__main__":
    main()
