"""In-process page timing (issue 16): each page's time beside the login page's, in the same loop.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_perf_bench .venv/bin/python bench/inprocess.py
    .venv/bin/python bench/inprocess.py --only list --repeat 20 --profile "registry list"

For a shared machine, where load tools measure the neighbours: Django's test client, `force_login` as the
benchmark's demo users, the pages of `bench/pages.py`, each requested `--repeat` times interleaved with the
anonymous login page. The share printed is login ms / page ms (comparable to, not equal to, the req/s share
of `make bench-pages`, which adds the server and the network). Sessions and the cache live in this process's
memory, and on PostgreSQL the connection is read-only (`default_transaction_read_only`), so the benchmark
database is never written.
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
sys.path.insert(0, str(ROOT / "bench"))


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("OTP_REQUIRED", "0")
    os.environ.setdefault("DEBUG", "0")
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("OPTIONS", {})["options"] = "-c default_transaction_read_only=on"
    # force_login would write last_login.
    from django.contrib.auth import user_logged_in
    from django.contrib.auth.models import update_last_login

    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--only", help="pages whose name contains this text")
    parser.add_argument("--profile", help="cProfile this page (exact name) and print the top functions")
    parser.add_argument("--queries", action="store_true", help="print the query count of each page")
    parser.add_argument("--clock", choices=["cpu", "wall"], help="cpu (default on SQLite) or wall (PostgreSQL)")
    args = parser.parse_args()
    setup()
    from django.db import connection as default_connection

    if args.clock is None:
        args.clock = "cpu" if default_connection.vendor == "sqlite" else "wall"
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pages import pages

    from danvan.activities.models import Activity
    from danvan.campaigns.models import Campaign
    from danvan.petitions.models import Case
    from danvan.registry.models import DvkModel

    def last(model):
        return model.objects.order_by("-pk").values_list("pk", flat=True).first()

    ids = {"activity": last(Activity), "case": last(Case), "model": last(DvkModel), "campaign": last(Campaign)}
    clients: dict[str, Client] = {"": Client()}
    users = get_user_model().objects
    for name in ("tw.canbo", "cantho.lanhdao"):
        client = Client()
        client.force_login(users.get(username=name))
        clients[name] = client

    # CPU time of this process by default: on a shared machine it hardly moves with the neighbours' load, and
    # on SQLite it includes the queries. On PostgreSQL the queries run in the server: use --clock wall there.
    clock = time.process_time if args.clock == "cpu" else time.perf_counter

    def hit(user: str, url: str) -> float:
        start = clock()
        response = clients[user].get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return (clock() - start) * 1000

    chosen = [p for p in pages(ids) if not args.only or args.only in p[0]]
    if args.profile and os.environ.get("PYINSTRUMENT"):
        from pyinstrument import Profiler  # local use only: pip install pyinstrument

        name, url, user, _ = next(p for p in chosen if p[0] == args.profile)
        hit(user, url)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(args.repeat):
            hit(user, url)
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False, show_all=False))
        return
    if args.profile:
        import cProfile
        import pstats

        name, url, user, _ = next(p for p in chosen if p[0] == args.profile)
        hit(user, url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            hit(user, url)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(int(os.environ.get("TOP", "45")))
        if os.environ.get("CALLERS"):
            stats.print_callers(os.environ["CALLERS"])
        stats.sort_stats("tottime").print_stats(25)
        return
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; {connection.vendor}; "
          f"repeat {args.repeat}; {args.clock} ms")
    header = f"{'page':34} {'login ms':>9} {'page ms':>9} {'share':>6} {'goal':>5}"
    print(header + ("  queries" if args.queries else ""))
    for name, url, user, goal in chosen:
        hit(user, url)
        hit(user, url)  # cached reports are measured cached, as in bench/pages.py
        login, page = [], []
        for _ in range(args.repeat):
            login.append(hit("", "/tai-khoan/dang-nhap/"))
            page.append(hit(user, url))
        login_ms, page_ms = statistics.median(login), statistics.median(page)
        extra = ""
        if args.queries:
            with CaptureQueriesContext(connection) as queries:
                hit(user, url)
            extra = f"  {len(queries)}"
        print(f"{name:34} {login_ms:9.1f} {page_ms:9.1f} {login_ms / page_ms:6.2f} {goal:5.2f}{extra}")


if __name__ == "__main__":
    main()
