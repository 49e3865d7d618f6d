"""Benchmark of the dashboards and the home page (issue 15, "Fast").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_dash python bench/dashboards.py --scale 0.2
    [REDIS_URL=redis://127.0.0.1:6379/5] [--petitions 0.05] [--runs 20]

Builds (or reuses) the reporting engine's national data set (`bench/report.py`: 10 years of facts for
every unit, aggregates, roll-ups) at --scale, optionally the petitions data set (`bench/gen_petitions.py`)
at --petitions, then measures in one run, in-process through Django's test client (server time: URL
routing, middleware, views, templates, database, cache; no network), the p95 over --runs requests of:
the login page (the reference), the national dashboard page and its JSON endpoint (all charts), a
province's page and JSON, and the home page of a national approver. Each page is measured twice: with a
warm chart cache (the normal case: charts are cached until the figures change) and cold (cache cleared
before every request). Ratios are to the login page of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("OTP_REQUIRED", "0")  # the pages are measured, not the second factor


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def timed(client, url: str, runs: int, *, cold: bool) -> dict:
    from django.core.cache import cache

    response = client.get(url)  # warm-up (and the first fill of the cache)
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"p95_ms": round(p95(samples), 1), "median_ms": round(statistics.median(samples), 1)}


def users():
    from danvan.accounts.models import Membership, User
    from danvan.orgunits.models import OrgUnit

    made = {}
    for username, key in (("bench.dash.national", "VN"), ("bench.dash.cantho", "VN-92")):
        user, _created = User.objects.get_or_create(username=username, defaults={"full_name": username})
        Membership.objects.get_or_create(user=user, unit=OrgUnit.objects.get(key=key), defaults={"role": "approver"})
        made[key] = user
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.2, help="reports data set scale (1.0 = full national)")
    parser.add_argument("--petitions", type=float, default=0.0, help="also generate petitions at this scale")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    import report
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host "testserver"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    info = report.ensure_dataset(args.scale, args.regenerate)
    if args.petitions:
        from danvan.petitions.models import Case

        if not Case.objects.exists():
            subprocess.run([sys.executable, str(ROOT / "bench/gen_petitions.py"), "--scale", str(args.petitions)],
                           check=True, env=os.environ)
    from danvan.petitions.models import Case

    made = users()
    anonymous = Client()
    national, province = Client(), Client()
    national.force_login(made["VN"])
    province.force_login(made["VN-92"])
    year = 2025
    query = f"?ky={year}&dia_gioi=hien-nay&chi_tieu=dvk.registered"
    pages = [
        ("login page (reference)", anonymous, "/tai-khoan/dang-nhap/"),
        ("national dashboard page", national, f"/bang-dieu-khien/VN/{query}"),
        ("national dashboard JSON (all charts)", national, f"/api/v1/dashboards/VN/{query}"),
        ("national ranking JSON", national, f"/api/v1/dashboards/VN/xep-hang/{query}"),
        ("province dashboard page (Cần Thơ)", province, f"/bang-dieu-khien/VN-92/{query}"),
        ("province dashboard JSON (all charts)", province, f"/api/v1/dashboards/VN-92/{query}"),
        ("home page, national approver", national, "/"),
    ]
    results = []
    for cold in (False, True):
        login = None
        for name, client, url in pages:
            measured = timed(client, url, args.runs, cold=cold)
            login = login or measured["p95_ms"]
            results.append({"page": name, "url": url, "cache": "cold" if cold else "warm", **measured,
                            "ratio_to_login": round(measured["p95_ms"] / login, 1)})
    load = os.getloadavg()
    summary = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1], "scale": args.scale,
        "facts": info.get("facts"), "cases": Case.objects.count(), "runs": args.runs,
        "load_average": [round(x, 2) for x in load], "results": results,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    print()
    print("| page | cache | p95 ms | median ms | × login |")
    print("|---|---|---:|---:|---:|")
    for row in results:
        print(f"| {row['page']} | {row['cache']} | {row['p95_ms']} | {row['median_ms']} | {row['ratio_to_login']} |")


if __name__ == "__main__":
    main()
