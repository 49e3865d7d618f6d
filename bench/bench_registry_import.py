"""Registry import speed: a 5.000-row model import (goal < 5 s) and re-importing the same file unchanged.

Usage:  .venv/bin/python bench/bench_registry_import.py [--rows 5000] [--runs 3]
Uses DATABASE_URL (SQLite under var/ by default). Rows are Cần Thơ communes' models, a quarter of them
recognised at province level, imported by a provincial approver through `registry.importers.import_models`
(the same call as the web page). Every run is rolled back, so the database is left as it was.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import time

from _common import engine_name, setup_django


def build_csv(rows: int) -> bytes:
    from danvan.orgunits.models import OrgUnit
    from danvan.registry import tabular as T
    from danvan.registry.models import Field

    communes = list(OrgUnit.objects.filter(parent__key="VN-92", valid_to__isnull=True).values_list("key", flat=True))
    fields = list(Field.objects.filter(province__isnull=True).values_list("code", flat=True))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([T.REF, T.UNIT, T.YEAR, T.NAME, T.FIELD, T.STATUS, T.REGISTERED_ON, T.LEVEL, T.BODY,
                     T.DECISION, T.DECISION_DATE, T.CONTENT["situation"]])
    for i in range(rows):
        recognised = i % 4 == 0
        writer.writerow([
            f"BENCH-{i}", communes[i % len(communes)], 2025, f"Mô hình dân vận khéo thử nghiệm số {i}",
            fields[i % len(fields)], "Được công nhận" if recognised else "Đã đăng ký", "15/03/2025",
            "Cấp tỉnh" if recognised else "", "Ban Chỉ đạo TP Cần Thơ" if recognised else "",
            f"{100 + i}/QĐ-BCĐ" if recognised else "", "20/10/2025" if recognised else "",
            "Nâng cao đời sống Nhân dân trên địa bàn",
        ])
    return out.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import transaction

    from danvan.accounts.models import Membership, User
    from danvan.orgunits.models import OrgUnit
    from danvan.registry.importers import import_models

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the database cache of settings without REDIS_URL
    if not OrgUnit.objects.filter(key="VN-92").exists():
        call_command("load_units", verbosity=0, stdout=io.StringIO())
    actor, _created = User.objects.get_or_create(username="bench-registry-import")
    Membership.objects.get_or_create(user=actor, unit=OrgUnit.objects.get(key="VN-92"), role="approver")
    data = build_csv(args.rows)
    first, again, cpu_first, cpu_again = [], [], [], []
    for _run in range(args.runs):
        with transaction.atomic():
            started, cpu = time.perf_counter(), time.process_time()
            result = import_models(actor=actor, data=data)
            first.append(time.perf_counter() - started)
            cpu_first.append(time.process_time() - cpu)
            assert result.created == args.rows, result
            started, cpu = time.perf_counter(), time.process_time()
            result = import_models(actor=actor, data=data)
            again.append(time.perf_counter() - started)
            cpu_again.append(time.process_time() - cpu)
            assert result.unchanged == args.rows, result
            transaction.set_rollback(True)
    load = os.getloadavg()
    print(f"engine={engine_name()} rows={args.rows} runs={args.runs} load={load[0]:.2f},{load[1]:.2f},{load[2]:.2f}")
    # CPU time of this process (SQLite runs in it) shows the work when other jobs share the two cores.
    print(f"import (new rows):        median {statistics.median(first):.2f} s wall, "
          f"{statistics.median(cpu_first):.2f} s CPU  (all: " + ", ".join(f"{t:.2f}" for t in first) + ")")
    print(f"re-import (unchanged):    median {statistics.median(again):.2f} s wall, "
          f"{statistics.median(cpu_again):.2f} s CPU  (all: " + ", ".join(f"{t:.2f}" for t in again) + ")")
    print(f"goal: < 5 s for {args.rows} rows -> {'met' if statistics.median(first) < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
