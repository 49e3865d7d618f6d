"""The cached public article page against a static file, served by the same gunicorn in the same run.

Goal (issue 17): with gunicorn on PostgreSQL (the production setup of the README, Redis as cache), the cached
article page reaches at least 70 % of the requests per second of a static file, with p95 under 30 ms at 16
connections on loopback; the uncached page renders in under 50 ms of server time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench_portal REDIS_URL=redis://127.0.0.1:6379/3 \
        .venv/bin/python bench/portal_page.py [--seconds 15] [--workers 2] [--connections 16]

The script prepares the database (migrate, units, portal demo content), starts gunicorn on 127.0.0.1, runs
`wrk` alternately against both URLs (two rounds each, best kept) and prints one Markdown row for
docs/benchmarks.md with the date and load average.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p95_us=%d errors=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(95),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
    summary.errors.timeout))
end
"""


def manage(*args: str, env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env: dict) -> str:
    manage("migrate", "--noinput", env=env)
    manage("createcachetable", env=env)
    manage("load_units", env=env)
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
    script = ("from danvan.core.demo import load_accounts; from danvan.portal import demo; load_accounts(); "
              "demo.load_demo_data(); from danvan.portal.models import ArticlePage; "
              "print(ArticlePage.objects.live().order_by('-date').first().url)")
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def uncached_ms(env: dict, url: str) -> float:
    """Median server time of the article page rendered without the page cache (in-process, 20 runs)."""
    script = f"""
import time, statistics
from django.test import Client
from danvan.portal import cache as page_cache
c = Client(HTTP_HOST="127.0.0.1")
samples = []
for _ in range(22):
    page_cache.forget_path("{url}")
    t = time.perf_counter(); r = c.get("{url}"); samples.append((time.perf_counter() - t) * 1000)
    assert r.status_code == 200
print("MS", statistics.median(samples[2:]))
"""
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return float(re.search(r"MS ([0-9.]+)", out).group(1))


def wrk(url: str, seconds: int, connections: int, lua: str) -> tuple[float, float]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", lua, url],
                         capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT rps=([0-9.]+) p95_us=(\d+) errors=(\d+)", out)
    if not match or int(match.group(3)):
        raise SystemExit(f"wrk failed or saw errors:\n{out}")
    return float(match.group(1)), int(match.group(2)) / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_bench_portal")
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if env["DATABASE_URL"].startswith("postgres"):
        name = env["DATABASE_URL"].rsplit("/", 1)[1]
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"],
                       capture_output=True)
    article = prepare(env)
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "-w", str(args.workers), "-b",
         f"127.0.0.1:{args.port}", "--backlog", "2048", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        static = base + "/static/portal/portal.css"
        page = base + article
        with urllib.request.urlopen(page) as response:  # the first anonymous view fills the cache
            assert response.status == 200
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(LUA)
        results: dict[str, list[tuple[float, float]]] = {"static": [], "page": []}
        for _ in range(2):
            results["static"].append(wrk(static, args.seconds, args.connections, handle.name))
            results["page"].append(wrk(page, args.seconds, args.connections, handle.name))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    static_rps, static_p95 = max(results["static"])
    page_rps, page_p95 = max(results["page"])
    uncached = uncached_ms(env, article)
    load = os.getloadavg()
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    cache = "Redis" if env.get("REDIS_URL") else "database cache"
    print(f"static file: {static_rps:.0f} req/s, p95 {static_p95:.1f} ms; runs {results['static']}")
    print(f"cached article: {page_rps:.0f} req/s, p95 {page_p95:.1f} ms; runs {results['page']}")
    print(f"uncached article (in-process median): {uncached:.1f} ms")
    ratio = page_rps / static_rps
    verdict = "met" if ratio >= 0.70 and page_p95 < 30 and uncached < 50 else "NOT met"
    print(f"| {datetime.date.today():%d/%m/%Y} | {engine}, {cache}, gunicorn -w {args.workers}, "
          f"{args.connections} connections | static {static_rps:.0f} req/s | cached article {page_rps:.0f} req/s "
          f"({ratio:.0%}), p95 {page_p95:.1f} ms | uncached {uncached:.1f} ms | goal {verdict} | "
          f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} |")
    print("median of samples:", statistics.median([r for r, _ in results["page"]]))


if __name__ == "__main__":
    main()
