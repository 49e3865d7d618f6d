"""Medians of the commendation list, search and counting functions on the bench data set.

    DATABASE_URL=... python bench/bench_commendations.py --year 2023 --runs 7

Run bench/gen_commendations.py first. Prints a Markdown table (milliseconds, median of --runs runs after
one warm-up) for the database in DATABASE_URL (SQLite by default). Lists and searches go through the
same code as the list page (scope() + selectors.filter_commendations + the first page of 50 + count).
"""

from __future__ import annotations

import argparse

from _common import bench_users, setup_django, timed

setup_django()

from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402

from danvan.commendations import rules, selectors  # noqa: E402
from danvan.commendations.models import Commendation  # noqa: E402
from danvan.orgunits.models import OrgUnit  # noqa: E402
from danvan.reports.models import RecordFact  # noqa: E402


def first_page(user, **filters):
    def run():
        qs = selectors.filter_commendations(selectors.visible(user), **filters)
        qs = selectors.with_related(qs).order_by("-decision_date", "-id")
        return qs.count(), len(list(qs[:50]))
    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    year = args.year
    officer, root = bench_users("bench-kt-cantho", "bench-kt-root")
    vn, cantho, hau_giang = (OrgUnit.objects.get(key=k) for k in ("VN", "VN-92", "VN-93"))
    start, end = selectors.year_bounds(year)
    cases = [
        ("list: Cần Thơ officer, first page (today's boundaries incl. Hậu Giang, Sóc Trăng)", first_page(officer)),
        (f"list: national, year {year}, individuals, first page", first_page(root, year=year,
                                                                           recipient_type="individual")),
        ("search: Cần Thơ officer, “nguyen van hung”", first_page(officer, query="nguyen van hung")),
        ("search: national, “hoi nong dan” + form giay_khen", first_page(root, query="hoi nong dan",
                                                                         form="giay_khen")),
        (f"count_commended national {year} (historical)",
         lambda: selectors.count_commended(unit=vn, year=year)),
        (f"count_commended Cần Thơ {year} (current boundaries)",
         lambda: selectors.count_commended(unit=cantho, year=year, boundaries="current")),
        (f"count_commended Hậu Giang {year} (historical)",
         lambda: selectors.count_commended(unit=hau_giang, year=year)),
        (f"count_by form, national {year}", lambda: selectors.count_by(unit=vn, year=year, by="form")),
        (f"count_by award_level, national {year}", lambda: selectors.count_by(unit=vn, year=year, by="award_level")),
        (f"count_by_child national {year} (≈100 children)",
         lambda: selectors.count_by_child(unit=vn, year=year)),
        (f"count_by_child Cần Thơ {year} (current)",
         lambda: selectors.count_by_child(unit=cantho, year=year, boundaries="current")),
        (f"facts: national {year} sum of commendation.collective (RecordFact)",
         lambda: RecordFact.objects.filter(source=rules.FACT_SOURCE, indicator="commendation.collective",
                                           day__gte=start, day__lte=end).aggregate(n=Sum("value"))["n"]),
    ]
    total = Commendation.objects.count()
    print(f"Database: {connection.vendor}; commendations: {total:,}".replace(",", "."))
    print("\n| query | median ms | result |\n|---|---:|---|")
    for label, fn in cases:
        ms, result = timed(fn, args.runs)
        if isinstance(result, list):
            result = f"{len(result)} rows"
        elif isinstance(result, dict) and len(str(result)) > 60:
            result = f"{len(result)} keys"
        print(f"| {label} | {ms:.1f} | {result} |")


if __name__ == "__main__":
    main()
