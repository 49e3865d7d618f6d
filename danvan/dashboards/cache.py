"""Chart data cached in the configured cache (Redis in production), keyed by chart, unit, period,
boundaries, indicator and the roll-up version, so a write anywhere makes every cached chart stale at once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone

from danvan.reports import rollups

TIMEOUT = 600  # charts mixing engine figures with live counts (petitions overdue today) refresh at least this often


def cached(parts: tuple, build: Callable[[], object]) -> object:
    raw = "|".join(str(p) for p in (*parts, rollups.version(), timezone.localdate().isoformat()))
    key = "dashboards:" + hashlib.sha1(raw.encode()).hexdigest()  # noqa: S324 (a cache key, not security)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, TIMEOUT)
    return found
