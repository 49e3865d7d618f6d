"""Import of 100.000 data values: the CSV import and DHIS2's dataValueSets, first import and unchanged re-import.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_api_bench .venv/bin/python bench/bench_datavalues.py

Uses the national data set of bench/report.py (built there once: `bench/report.py --import-only`).
Each import runs in a fresh process (time and peak memory = the import's own, VmHWM). Goals (issue 11):
first import < 10 s, unchanged re-import < 5 s, peak memory < 300 MB, on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report  # noqa: E402  (the data set and the 100.000-row file)


def child(kind: str, path: str) -> None:
    report.setup_django()
    data = Path(path).read_bytes()
    started = time.perf_counter()
    if kind == "csv":
        from danvan.reports.importers import import_datavalues

        result = import_datavalues(actor=None, data=data, file_name=Path(path).name)
        counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    else:
        from danvan.reports.dhis2 import import_set

        summary = import_set(actor=None, payload=json.loads(data))
        assert summary["status"] != "ERROR", summary["conflicts"][:3]
        counts = summary["importCount"]
    elapsed = time.perf_counter() - started
    peak_kb = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak_kb = int(line.split()[1])
    print(json.dumps({"seconds": round(elapsed, 2), "peak_mb": round(peak_kb / 1024), **counts}))


def to_json(csv_path: Path, json_path: Path) -> None:
    lines = csv_path.read_text(encoding="utf-8").splitlines()[1:]
    values = []
    for line in lines:
        unit, period, indicator, value = line.split(",")
        values.append({"dataElement": indicator, "period": period, "orgUnit": unit, "value": value})
    json_path.write_text(json.dumps({"dataValues": values}), encoding="utf-8")


def run(kind: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], capture_output=True, text=True,
                          env=os.environ.copy())
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--kinds", default="csv,json")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    report.setup_django()
    from django.db import connection

    info = report.ensure_dataset(1.0, False)
    results: dict = {"vendor": connection.vendor, "dataset": info, "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, json_path = Path(tmp) / "datavalues.csv", Path(tmp) / "datavalues.json"
        results["rows"] = report.write_import_file(csv_path)
        to_json(csv_path, json_path)
        for kind in args.kinds.split(","):
            report.remove_import_values()
            path = csv_path if kind == "csv" else json_path
            results[kind] = {"first": run(kind, path), "again": run(kind, path)}
            report.log(f"{kind}: {results[kind]}")
        report.remove_import_values()
    results["load_after"] = os.getloadavg()
    print(json.dumps(results, indent=1, default=str))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
