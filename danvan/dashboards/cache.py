"""Chart data cached in the configured cache (Redis in production), keyed by chart, unit, period,
boundaries, indicator and the roll-up version, so a write anywhere makes every cached chart stale at once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone

from danvan.reports import rollups

TIMEOUT = 600  # charts mixing engine figures with live counts (petitions overdue today) refresh at least this often


def _key(parts: tuple, version: int) -> str:
    raw = "|".join(str(p) for p in (*parts, version, timezone.localdate().isoformat()))
    return "dashboards:" + hashlib.sha1(raw.encode()).hexdigest()  # noqa: S324 (a cache key, not security)


def cached(parts: tuple, build: Callable[[], object]) -> object:
    key = _key(parts, rollups.version())
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, TIMEOUT)
    return found


def cached_many(items: list[tuple[tuple, Callable[[], object]]]) -> list:
    """Several entries in one round trip to the cache (a dashboard page reads all its charts at once)."""
    version = rollups.version()
    keys = [_key(parts, version) for parts, _build in items]
    found = cache.get_many(keys)
    results = []
    for key, (_parts, build) in zip(keys, items, strict=True):
        if key not in found:
            # Stored at once: a later chart may reuse this one's data (the map reads the ranking).
            found[key] = build()
            cache.set(key, found[key], TIMEOUT)
        results.append(found[key])
    return results
