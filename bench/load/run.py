"""Year-end peak load test (issue 13): locust, headless, on loopback, for a bounded time.

    make bench-load                                     # 60 s on a copy of the drill's template (small data)
    .venv/bin/python bench/load/run.py --duration 600 --database-url postgres://postgres@127.0.0.1:5432/NAME \
        --markdown var/load/peak.md                     # the full benchmark data set, on a quiet machine

Starts the production setup (gunicorn sync workers, PostgreSQL, a throw-away Redis on its own port for cache,
sessions and the queue, one Huey consumer), then LOAD_OFFICIALS signed-in officials (default 50) and
LOAD_READERS anonymous portal readers (default 20) for --duration seconds (bench/load/locustfile.py). Reports
throughput and p50/p95/p99 per request kind and for the officials together; exit status 1 when the goal is
missed (officials' p95 under 300 ms, zero errors). With --database-url the given database is used as it is
(never dropped); without it a copy of the fault drill's template (the country's units and the demo) is made.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import stack  # noqa: E402

GOAL_P95_MS = 300
SETUP = {"login page", "sign in"}  # once per session: reported, not part of the goal


def vn(value: float, digits: int = 0) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def locust_binary(args) -> str:
    for candidate in (args.locust, str(stack.VENV / "bin" / "locust"), shutil.which("locust")):
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("locust is needed: it is pinned in requirements-dev.txt (make install)")


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def read_exceptions(prefix: Path) -> int:
    """Errors raised inside a user's task (not an HTTP failure, but an error all the same)."""
    try:
        with open(f"{prefix}_exceptions.csv", newline="", encoding="utf-8") as handle:
            return sum(int(row.get("Count") or 0) for row in csv.DictReader(handle))
    except OSError:
        return 0


def summarise(rows: list[dict], samples: list, duration: float, exceptions: int = 0) -> tuple[list[str], bool]:
    """Per request kind from locust's CSV; the officials' and readers' totals from every request's time
    (sign-in excluded from the goal: once per session, and a deliberately slow password hash)."""
    lines = ["| requests | count | failures | req/s | p50 ms | p95 ms | p99 ms |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for row in sorted(rows, key=lambda r: r["Name"] == "Aggregated"):
        lines.append(f"| {row['Type']} {row['Name']} | {vn(int(row['Request Count']))} | "
                     f"{vn(int(row['Failure Count']))} | {vn(float(row['Requests/s']), 1)} | {row['50%']} | "
                     f"{row['95%']} | {row['99%']} |")
    lines.append("")
    met = True
    for kind, label in (("official", "Officials (after sign-in)"), ("reader", "Portal readers")):
        times = [t for k, name, t, _failed in samples if k == kind and name not in SETUP]
        failures = sum(1 for k, _name, _t, failed in samples if k == kind and failed)
        p50, p95, p99 = (percentile(times, q) for q in (0.50, 0.95, 0.99))
        lines.append(f"| {label} | {vn(len(times))} | {failures} | {vn(len(times) / duration, 1)} | {vn(p50)} | "
                     f"{vn(p95)} | {vn(p99)} |")
        if kind == "official":
            met = p95 < GOAL_P95_MS and failures == 0
        else:
            met = met and failures == 0
    met = met and exceptions == 0
    lines += ["", f"Errors raised inside tasks: {exceptions}. Goal (officials' p95 < {GOAL_P95_MS} ms after sign-in, "
              f"zero errors anywhere): {'met' if met else 'not met'}."]
    return lines, met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (bounded)")
    parser.add_argument("--officials", type=int, default=50)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--think", default="1,3", help="seconds between an official's clicks: MIN,MAX")
    parser.add_argument("--port", type=int, default=8941)
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--database-url", help="use this database as it is (default: a copy of the template)")
    parser.add_argument("--database", default="danvan_load")
    parser.add_argument("--template", default="danvan_faults_template")
    parser.add_argument("--locust", help="path of the locust program")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    if "danvan_bench" in args.database or "danvan_bench" in args.template:
        raise SystemExit("the shared benchmark databases are used only with --database-url, as they are")
    locust = locust_binary(args)
    work = stack.ROOT / "var" / "load"
    work.mkdir(parents=True, exist_ok=True)
    (work / "media").mkdir(exist_ok=True)
    redis = stack.Redis(args.redis_port, work)
    redis.kill()
    redis.start()
    processes = []
    copied = not args.database_url
    try:
        env = stack.django_env("", redis.url, work / "media", LOGIN_ADDRESS_RATE_LIMIT=10_000,
                               API_RATE_USER="100000/minute")
        if copied:
            stack.prepare_template(args.template, env, print)
            database = stack.fresh_database(args.database, args.template)
        else:
            database = args.database_url
        env["DATABASE_URL"] = database
        web = stack.gunicorn(env, args.port, args.workers, work / "gunicorn.log")
        consumer = stack.consumer(env, 1, work / "huey.log")
        processes = [web, consumer]
        for process in processes:
            process.start()
        base = f"http://127.0.0.1:{args.port}"
        stack.wait_http(base + "/tai-khoan/dang-nhap/", 90)
        load_before = os.getloadavg()
        started_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        prefix = work / "peak"
        users = args.officials + args.readers
        sign_in_ms = []
        sessions = []
        accounts = os.environ.get("LOAD_ACCOUNTS", "cantho.canbo,tw.canbo,hanoi.canbo,ninhkieu.canbo").split(",")
        for index in range(args.officials):  # one real sign-in per official, before the measured window
            began = time.perf_counter()
            session = stack.sign_in(base, accounts[index % len(accounts)], env=env)
            sign_in_ms.append((time.perf_counter() - began) * 1000)
            sessions.append({"username": accounts[index % len(accounts)], "cookies": session.cookies.get_dict()})
        (work / "sessions.json").write_text(json.dumps(sessions), encoding="utf-8")
        results = work / "samples.json"
        results.unlink(missing_ok=True)
        subprocess.run([locust, "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
                        "-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{args.duration}s",
                        "--host", base, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
                        "--loglevel", "WARNING"],
                       cwd=stack.ROOT, env={**os.environ, "LOAD_OFFICIALS": str(args.officials),
                                            "LOAD_READERS": str(args.readers), "LOAD_RESULTS": str(results),
                                            "LOAD_SESSIONS": str(work / "sessions.json"), "LOAD_THINK": args.think},
                       check=False)
        load_after = os.getloadavg()
    finally:
        for process in processes:
            process.stop()
        redis.kill()
        if copied:
            stack.drop_database(args.database)
    samples = json.loads(results.read_text(encoding="utf-8"))["samples"] if results.exists() else []
    lines, met = summarise(read_stats(prefix), samples, args.duration, read_exceptions(prefix))
    head = [f"Run {started_at}, {args.duration} s, {args.officials} officials (think time {args.think} s) + "
            f"{args.readers} portal readers "
            f"(ramp {max(1, users // 10)}/s); gunicorn {args.workers} sync workers, 1 Huey consumer, Redis, "
            f"database {database.rsplit('/', 1)[-1]}; load average before "
            f"{vn(load_before[0], 2)}, after {vn(load_after[0], 2)}.", ""]
    lines.append(f"Sign-in before the run ({len(sign_in_ms)} officials, one at a time, login page + POST): median "
                 f"{vn(percentile(sign_in_ms, 0.5))} ms, slowest {vn(max(sign_in_ms, default=0))} ms.")
    text = "\n".join(head + lines)
    print("\n" + text)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n", encoding="utf-8")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
