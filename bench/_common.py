"""Shared helpers for benchmark scripts: Django setup and median timing."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def median_ms(fn, repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of fn() in milliseconds over `repeat` runs after `warmup` runs."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def engine_name() -> str:
    from django.db import connection

    return connection.vendor


def timed(fn, runs: int = 7) -> tuple[float, object]:
    """(median wall time of fn() in milliseconds over `runs` runs after one warm-up, fn()'s result)."""
    result = fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def bench_users(officer: str, root: str, unit_key: str = "VN-92"):
    """An officer of `unit_key` and a superuser, created once (the benches' two points of view)."""
    from danvan.accounts.models import Membership, User
    from danvan.orgunits.models import OrgUnit

    user, _ = User.objects.get_or_create(username=officer)
    Membership.objects.get_or_create(user=user, unit=OrgUnit.objects.get(key=unit_key), role="officer")
    superuser, _ = User.objects.get_or_create(username=root, defaults={"is_superuser": True})
    return user, superuser
