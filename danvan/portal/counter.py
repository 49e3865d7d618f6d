"""The view counter: each reader counts once per article per day, with no database write per view.

With REDIS_URL a HyperLogLog per article and day (PFADD / PFCOUNT: ~12 KB whatever the readers) holds the
day's distinct readers; `flush()` stores the day's figure (never lowering it). Without Redis the Django
cache remembers which readers were seen (`cache.add`) and keeps a pending counter that `flush()` moves to
the database (read, add to the row, subtract what was moved), so a restart loses at most what was not
flushed yet. `manage.py flush_view_counts` (a periodic job) calls flush().
"""

from __future__ import annotations

import contextlib
import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .readers import client_fingerprint

SEEN_SECONDS = 2 * 24 * 3600
HLL_SECONDS = 3 * 24 * 3600


def dirty_set() -> str:
    """The Redis set of (article, day) pairs with readers not yet flushed; keys carry the cache's KEY_PREFIX."""
    return cache.make_key("portal:hll:dirty")


def redis_client():
    """The raw Redis client when the cache is Redis, else None."""
    if not getattr(settings, "REDIS_URL", ""):
        return None
    try:
        return cache._cache.get_client(write=True)  # django.core.cache.backends.redis.RedisCache
    except AttributeError:
        return None


def reader_of(request) -> str:
    return client_fingerprint(request, request.META.get("HTTP_USER_AGENT", "")[:200])


def hll_prefix() -> str:
    return cache.make_key("portal:hll:")


def _hll_key(page_id: int, day: datetime.date) -> str:
    return f"{hll_prefix()}{page_id}:{day.isoformat()}"


def _pending_key(page_id: int, day: datetime.date) -> str:
    return f"portal:pending:{page_id}:{day.isoformat()}"


def record(page_id: int, reader: str, day: datetime.date | None = None) -> None:
    day = day or timezone.localdate()
    client = redis_client()
    if client is not None:
        key = _hll_key(page_id, day)
        pipe = client.pipeline(transaction=False)
        pipe.pfadd(key, reader)
        pipe.expire(key, HLL_SECONDS)
        pipe.sadd(dirty_set(), f"{page_id}:{day.isoformat()}")
        pipe.execute()
        return
    if cache.add(f"portal:seen:{page_id}:{day.isoformat()}:{reader}", 1, SEEN_SECONDS):
        key = _pending_key(page_id, day)
        if not cache.add(key, 1, SEEN_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, SEEN_SECONDS)
        _remember_dirty(page_id, day)


def _remember_dirty(page_id: int, day: datetime.date) -> None:
    # A small index of what to flush; losing it only delays a flush (flush also scans recent days).
    key = f"portal:dirty:{day.isoformat()}"
    ids = cache.get(key) or set()
    if page_id not in ids:
        ids.add(page_id)
        cache.set(key, ids, SEEN_SECONDS)


def flush(days: int = 2) -> int:
    """Move cached counts of the last `days` days to ArticleDayViews; returns the rows touched."""
    from .models import ArticleDayViews

    client = redis_client()
    touched = 0
    if client is not None:
        for member in client.smembers(dirty_set()):
            page_id, day_text = (member.decode() if isinstance(member, bytes) else member).split(":")
            day = datetime.date.fromisoformat(day_text)
            count = client.pfcount(_hll_key(int(page_id), day))
            with transaction.atomic():
                row, _ = ArticleDayViews.objects.select_for_update().get_or_create(page_id=int(page_id), day=day)
                if count > row.count:
                    row.count = count
                    row.save(update_fields=["count"])
            if day < timezone.localdate():
                client.srem(dirty_set(), member)
            touched += 1
        return touched
    today = timezone.localdate()
    for offset in range(days):
        day = today - datetime.timedelta(days=offset)
        for page_id in sorted(cache.get(f"portal:dirty:{day.isoformat()}") or set()):
            key = _pending_key(page_id, day)
            pending = cache.get(key) or 0
            if not pending:
                continue
            with transaction.atomic():
                updated = ArticleDayViews.objects.filter(page_id=page_id, day=day).update(count=F("count") + pending)
                if not updated:
                    ArticleDayViews.objects.create(page_id=page_id, day=day, count=pending)
            with contextlib.suppress(ValueError):  # expired meanwhile: nothing left to subtract
                cache.decr(key, pending)
            touched += 1
    return touched


def unflushed(page_id: int, day: datetime.date | None = None) -> int:
    """Readers counted in the cache but not yet in the database (shown on top of the stored total)."""
    day = day or timezone.localdate()
    client = redis_client()
    if client is not None:
        from .models import ArticleDayViews

        stored = ArticleDayViews.objects.filter(page_id=page_id, day=day).values_list("count", flat=True).first()
        return max(0, client.pfcount(_hll_key(page_id, day)) - (stored or 0))
    return cache.get(_pending_key(page_id, day)) or 0
