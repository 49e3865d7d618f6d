"""Page benchmark (issue 16): every page a user opens daily, as a share of the login page, in one run.

    make bench-pages                       # PostgreSQL database danvan_perf_bench, Redis db 11
    .venv/bin/python bench/pages.py --database postgres://postgres@127.0.0.1:5432/danvan_perf_bench \
        --redis redis://127.0.0.1:6379/11 --duration 6 --markdown var/bench-pages.md

Starts the production setup of the README (gunicorn, 4 sync workers, DEBUG=0, PostgreSQL, Redis) on the
benchmark database (generate it with bench/gen_*.py, load_demo for the demo users, then rebuild_rollups),
signs in as demo users, and measures each page with wrk (Debian package `wrk`) on loopback at 16
connections for a bounded time: requests per second, p50 and p95 latency, and the ratio to the anonymous
login page measured in the same run (at the start and at the end; their mean is the floor). Then it sends
1.000 mixed requests and reports each worker's resident memory. Every page is requested once before it is
measured (a cached report or page is measured as cached; the first, uncached time is printed too).
`--no-page-cache` turns the signed-in page cache off (core/page_cache.py), so each request runs its view.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DEMO_PASSWORD = "danvan-demo-2026"

# Goals of issue 16 (share of the login page's req/s; p95 in ms).
DAILY, ANNUAL_CACHED, DOCX, API = 0.30, 0.50, 0.10, 0.50

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.1f %.1f %.1f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency.mean,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.bytes))
end
"""


def pages(ids: dict) -> list[tuple[str, str, str, float]]:
    """(name, url, user, goal). user "" = anonymous; goal = minimum share of the login page."""
    nation, province = "tw.canbo", "cantho.lanhdao"
    return [
        ("home (national)", "/", nation, DAILY),
        ("registry list", "/mo-hinh/", nation, DAILY),
        ("registry list, 3rd page", "/mo-hinh/?page=3", nation, DAILY),
        ("activities list", "/hoat-dong/", nation, DAILY),
        ("documents list", "/hoat-dong/van-ban/", nation, DAILY),
        ("commitments list", "/hoat-dong/cam-ket/", nation, DAILY),
        ("commendations list", "/khen-thuong/", nation, DAILY),
        ("petitions list", "/don-thu/", nation, DAILY),
        ("petitions list (province)", "/don-thu/", province, DAILY),
        ("sentiment reports list", "/don-thu/tinh-hinh/", nation, DAILY),
        ("campaigns list", "/van-dong/", nation, DAILY),
        ("campaign ledger", f"/van-dong/{ids['campaign']}/so-quy/", nation, DAILY),
        ("campaign houses", f"/van-dong/{ids['campaign']}/nha/", nation, DAILY),
        ("activity page", f"/hoat-dong/{ids['activity']}/", nation, DAILY),
        ("petition case page", f"/don-thu/{ids['case']}/", nation, DAILY),
        ("registry model page", f"/mo-hinh/{ids['model']}/", nation, DAILY),
        ("figures VN 2023", "/bao-cao/so-lieu/VN/2023/", nation, DAILY),
        ("figures VN-92 2023 by child", "/bao-cao/so-lieu/VN-92/2023/?by=child", province, DAILY),
        ("annual report page VN 2023", "/tong-ket/VN/2023/", nation, ANNUAL_CACHED),
        ("annual report page VN-92 2023", "/tong-ket/VN-92/2023/", province, ANNUAL_CACHED),
        ("completeness board", "/nop-bao-cao/tinh-hinh/", nation, DAILY),
        ("API figures VN 2023", "/api/v1/reports/figures/?unit=VN&period=2023", nation, API),
        ("API annual figures VN 2023", "/api/v1/reports/annual/VN/2023/", nation, API),
        ("API petitions list", "/api/v1/petitions/cases/", nation, API),
        ("API registry years list", "/api/v1/registry/years/", nation, API),
        ("API activities list", "/api/v1/activities/activities/", nation, API),
        ("annual DOCX VN 2023", "/tong-ket/VN/2023/tai-ve.docx", nation, DOCX),
    ]


def django_env(args) -> dict:
    env = dict(os.environ)
    if args.no_page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    env.update({"DATABASE_URL": args.database, "REDIS_URL": args.redis, "DEBUG": "0",
                "SECRET_KEY": "bench-pages-not-secret-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1",
                "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING",
                # Pages are measured, not the second factor: the approver would stop at the code page.
                "OTP_REQUIRED": "0",
                # Nor the API's per-user rate limit (3.000 a minute): one user asks hundreds a second here.
                "API_RATE_USER": "10000000/minute"})
    return env


def record_ids(env: dict) -> dict:
    code = (
        "import django, json; django.setup();"
        "from danvan.activities.models import Activity; from danvan.campaigns.models import Campaign;"
        "from danvan.petitions.models import Case; from danvan.registry.models import DvkModel;"
        "first = lambda m: m.objects.order_by('-pk').values_list('pk', flat=True).first();"
        "print(json.dumps({'activity': first(Activity), 'case': first(Case), 'model': first(DvkModel),"
        "'campaign': Campaign.objects.order_by('-pk').values_list('pk', flat=True).first()}))"
    )
    out = subprocess.run([PY, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def start_server(args, env: dict) -> subprocess.Popen:
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env, cwd=ROOT,
                   check=True)
    server = subprocess.Popen([GUNICORN, "config.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}",
                               "--worker-class", "sync", "--log-level", "warning"], env=env, cwd=ROOT,
                              start_new_session=True)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/tai-khoan/dang-nhap/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def sign_in(base: str, username: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/tai-khoan/dang-nhap/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                   "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(base + "/tai-khoan/dang-nhap/", data=data, headers={"Referer": base + "/"})
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"could not sign in as {username} (run load_demo on the benchmark database)")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def fetch(base: str, url: str, cookie: str) -> tuple[int, float]:
    request = urllib.request.Request(base + url, headers={"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - started) * 1000


def wrk(base: str, url: str, cookie: str, args, script: str) -> dict:
    command = ["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.duration}s", "--timeout", "10s",
               "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [base + url], capture_output=True, text=True, check=True).stdout
    line = next(row for row in out.splitlines() if row.startswith("RESULT"))
    requests, duration_us, p50, p95, _mean, errors, _bytes = line.split()[1:]
    seconds = int(duration_us) / 1e6
    return {"rps": int(requests) / seconds, "p50": float(p50) / 1000, "p95": float(p95) / 1000,
            "errors": int(errors), "requests": int(requests)}


def worker_memory(server: subprocess.Popen) -> list[float]:
    """Resident memory (MB) of each gunicorn worker (children of the master)."""
    result = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{server.pid}$", status, re.M):
            result.append(int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1)) / 1024)
    return sorted(result)


def mixed_requests(base: str, plan: list, cookies: dict, total: int) -> int:
    jobs = [plan[i % len(plan)] for i in range(total)]
    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(lambda p: fetch(base, p[1], cookies[p[2]])[0], jobs))
    return sum(1 for s in statuses if s != 200)


def vn(value: float, digits: int = 0) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_perf_bench"))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11"))
    parser.add_argument("--port", type=int, default=8911)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=6, help="seconds of load per page")
    parser.add_argument("--mixed", type=int, default=1000, help="mixed requests before the memory check")
    parser.add_argument("--only", help="measure only pages whose name contains this text")
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument("--no-page-cache", action="store_true",
                        help="PAGE_CACHE_SECONDS=0: every request runs its view (what a page costs to render)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    env = django_env(args)
    ids = record_ids(env)
    plan = [p for p in pages(ids) if not args.only or args.only in p[0]]
    base = f"http://127.0.0.1:{args.port}"
    load_before = os.getloadavg()
    started_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    server = start_server(args, env)
    try:
        cookies = {"": ""}
        for user in sorted({p[2] for p in plan} - {""}):
            cookies[user] = sign_in(base, user)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(WRK_SCRIPT)
            script = handle.name
        login = "/tai-khoan/dang-nhap/"
        fetch(base, login, "")
        floor_start = wrk(base, login, "", args, script)
        print(f"login page (floor, start): {floor_start['rps']:.0f} req/s, p50 {floor_start['p50']:.1f} ms",
              flush=True)
        results = []
        for name, url, user, goal in plan:
            status, first_ms = fetch(base, url, cookies[user])
            if status != 200:
                print(f"{name}: HTTP {status} at {url}", flush=True)
                results.append((name, url, goal, None, first_ms))
                continue
            fetch(base, url, cookies[user])
            measured = wrk(base, url, cookies[user], args, script)
            results.append((name, url, goal, measured, first_ms))
            print(f"{name}: {measured['rps']:.0f} req/s, p50 {measured['p50']:.1f} ms, p95 {measured['p95']:.1f} ms, "
                  f"first {first_ms:.0f} ms, errors {measured['errors']}", flush=True)
        floor_end = wrk(base, login, "", args, script)
        static = wrk(base, "/static/" + static_file(), "", args, script)
        print(f"login page (floor, end): {floor_end['rps']:.0f} req/s", flush=True)
        errors = mixed_requests(base, [p for p in plan if "DOCX" not in p[0]] + [p for p in plan if "DOCX" in p[0]],
                                cookies, args.mixed)
        memory = worker_memory(server)
    finally:
        stop_server(server)
    floor = (floor_start["rps"] + floor_end["rps"]) / 2
    load_after = os.getloadavg()
    report(results, floor, floor_start, floor_end, static, memory, errors, load_before, load_after, started_at,
           args)


def static_file() -> str:
    manifest = json.loads((ROOT / "var" / "static" / "staticfiles.json").read_text())
    return next(v for k, v in manifest["paths"].items() if k.endswith(".css"))


def report(results, floor, floor_start, floor_end, static, memory, errors, load_before, load_after, started_at,
           args) -> None:
    lines = [
        f"Run {started_at}; load average before {vn(load_before[0], 2)} / {vn(load_before[1], 2)} / "
        f"{vn(load_before[2], 2)}, after {vn(load_after[0], 2)} / {vn(load_after[1], 2)} / {vn(load_after[2], 2)}; "
        f"gunicorn {args.workers} sync workers, DEBUG=0, {args.connections} connections, {args.duration} s a page, "
        f"database {args.database.rsplit('/', 1)[-1]}, Redis cache and sessions, "
        + ("page cache off (every request runs its view)." if args.no_page_cache else
           "page cache on (a repeated page is re-served while nothing changed)."),
        "",
        f"Floor: login page {vn(floor)} req/s (start {vn(floor_start['rps'])}, end {vn(floor_end['rps'])}); "
        f"a static file {vn(static['rps'])} req/s.",
        "",
        "| page | req/s | share of the floor | goal | p50 ms | p95 ms | first request ms | met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    failed = 0
    for name, _url, goal, measured, first_ms in results:
        if measured is None:
            lines.append(f"| {name} | — | — | {vn(goal, 2)} | — | — | {vn(first_ms)} | no (error) |")
            failed += 1
            continue
        share = measured["rps"] / floor
        # p95 < 300 ms is a goal of the daily pages; the annual, DOCX and API goals are shares only.
        ok = share >= goal and (goal != DAILY or measured["p95"] < 300) and measured["errors"] == 0
        failed += not ok
        lines.append(f"| {name} | {vn(measured['rps'])} | {vn(share, 2)} | {vn(goal, 2)} | {vn(measured['p50'], 1)} "
                     f"| {vn(measured['p95'], 1)} | {vn(first_ms)} | {'yes' if ok else 'no'} |")
    biggest = max(memory) if memory else 0
    verdict = "met" if biggest < 150 else "not met"
    lines += ["", f"Worker memory after the run and {args.mixed} mixed requests ({errors} not 200): "
              + ", ".join(f"{vn(m)} MB" for m in memory) + f" — goal < 150 MB: {verdict}."]
    text = "\n".join(lines)
    print("\n" + text)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n")
    sys.exit(1 if failed or biggest >= 150 else 0)


if __name__ == "__main__":
    main()
