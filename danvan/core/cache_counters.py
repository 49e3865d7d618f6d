"""A number kept in the cache that only moves forward, for keying caches ("something changed since").

Kept in the cache, not the database: a shared row updated by every writer would serialise them. A fresh cache
starts from the current time in milliseconds, so it never goes back to a number old entries were stored under.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone


class CacheCounter:
    def __init__(self, key: str):
        self.key = key

    def read(self) -> int:
        found = cache.get(self.key)
        if found is None:
            found = int(timezone.now().timestamp() * 1000)
            cache.add(self.key, found, None)
            found = cache.get(self.key, found)
        return found

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not set yet: a new number
            self.read()
