"""Versioned caching of figures and of everything rendered from them (issue 16).

A cached value is stored under a key that contains the version of what it was computed from
(`rollups.unit_version`: the roll-up rows of the unit for the years concerned, plus texts and settings the
caller adds). A change anywhere below the unit changes the version, so the next reader computes afresh:
a change shows at once and nothing stale is served; old entries simply age out of the cache.
When no version can be given (roll-ups unusable, approvals decide what counts), nothing is cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from . import engine, rollups

T = TypeVar("T")
MISSING = object()


def timeout() -> int:
    return getattr(settings, "REPORT_CACHE_SECONDS", 24 * 3600)


def make_key(namespace: str, *parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"danvan:{namespace}:{digest}"


_catalogue: tuple[int, str] = (0, "")


def catalogue_version() -> str:
    """The indicator catalogue (codes, names, formulas): hashed once per loaded catalogue."""
    global _catalogue
    current = engine.indicators()
    if _catalogue[0] != id(current):
        _catalogue = (id(current), hashlib.sha256(repr(sorted(current.items())).encode()).hexdigest()[:16])
    return _catalogue[1]


def figures_version(unit_id: int, years, boundaries: str) -> str | None:
    found = rollups.unit_version(unit_id, years, boundaries)
    return None if found is None else f"{found}.{catalogue_version()}"


def in_transaction() -> bool:
    return connection.in_atomic_block


def cached(namespace: str, parts: tuple, version: str | None, compute: Callable[[], T]) -> T:
    """compute() once per (parts, version, language); None version = always compute (no caching).

    Inside a transaction nothing is stored: the version read there may belong to changes that are
    rolled back, and a later commit could reach the same version with other figures.
    """
    if version is None or not getattr(settings, "REPORT_CACHE", True) or in_transaction():
        return compute()
    key = make_key(namespace, parts, version, translation.get_language())
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value, timeout())
    return value
