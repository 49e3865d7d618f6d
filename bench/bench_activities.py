"""Medians of the activity list, search and counting functions on the bench data set.

    DATABASE_URL=... python bench/bench_activities.py --year 2023 --runs 7

Run bench/gen_activities.py first. Prints a Markdown table (milliseconds, median of --runs runs after one
warm-up) for the database in DATABASE_URL (SQLite by default).
"""

from __future__ import annotations

import argparse

from _common import bench_users, setup_django, timed

setup_django()

from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402

from danvan.activities import selectors  # noqa: E402
from danvan.activities.models import Activity  # noqa: E402
from danvan.orgunits.models import OrgUnit  # noqa: E402
from danvan.reports.models import RecordFact  # noqa: E402


def page(qs) -> tuple[int, int]:
    return qs.count(), len(list(qs[:50]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    year, period = args.year, str(args.year)
    user, root = bench_users("bench-cantho", "bench-root")
    vn, hcm, hau_giang = (OrgUnit.objects.get(key=k) for k in ("VN", "VN-79", "VN-93"))
    total = Activity.objects.filter(start_date__year=year).count()
    cases = [
        ("Danh sách, toàn quốc, trang 1 (đếm + 50 dòng)",
         lambda: page(selectors.filter_activities(selectors.activities_for(root), period=period))),
        ("Danh sách, cán bộ TP Cần Thơ (phạm vi + địa giới cũ), trang 1",
         lambda: page(selectors.filter_activities(selectors.activities_for(user), period=period))),
        ("Danh sách lọc loại = đối thoại, cấp xã, TP HCM",
         lambda: page(selectors.filter_activities(selectors.activities_for(root), unit=hcm, period=period,
                                                  kind="doi_thoai", level="commune"))),
        ("Tìm “hoi nghi quan triet” (không dấu), toàn quốc",
         lambda: page(selectors.filter_activities(selectors.activities_for(root), q="hoi nghi quan triet"))),
        ("Tìm “doi thoai” + có cam kết quá hạn, toàn quốc",
         lambda: page(selectors.filter_activities(selectors.activities_for(root), q="doi thoai", overdue=True))),
        ("Đếm đối thoại theo cấp, toàn quốc", lambda: selectors.dialogue_counts(unit=vn, period=period)),
        ("Đếm đối thoại theo cấp, Hậu Giang", lambda: selectors.dialogue_counts(unit=hau_giang, period=period)),
        ("Hội nghị quán triệt + lượt người, toàn quốc",
         lambda: selectors.dissemination_counts(unit=vn, period=period)),
        ("Bảng tổng hợp (summary: 7 phép đếm), toàn quốc", lambda: selectors.summary(unit=vn, period=period)),
        ("Bảng tổng hợp, TP HCM, địa giới hiện nay",
         lambda: selectors.summary(unit=hcm, period=period, boundaries="current")),
        ("Facts: tổng lượt người quán triệt, toàn quốc (RecordFact)",
         lambda: RecordFact.objects.filter(indicator="conference.dissemination.attendees",
                                           day__year=year).aggregate(s=Sum("value"))),
    ]
    print(f"Cơ sở dữ liệu: {connection.vendor}; {total} hoạt động năm {year}; "
          f"{Activity.objects.count()} tổng; median của {args.runs} lần (ms)\n")
    print("| phép đo | ms | kết quả |")
    print("|---|---:|---|")
    for label, fn in cases:
        ms, result = timed(fn, args.runs)
        shown = str(result)
        print(f"| {label} | {ms:.1f} | {shown[:70]} |")


if __name__ == "__main__":
    main()
