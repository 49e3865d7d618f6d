"""The anonymous article page, cached whole by path; forgotten on publish, unpublish and feedback approval.

`PortalPageCacheMiddleware` answers a cached path before URL routing and Wagtail's page lookup. With Redis as
the cache each worker keeps a copy of the hot pages; a copy confirmed by Redis within the last second
(PORTAL_LOCAL_RECHECK_SECONDS) is served with no round trip, and its readers are counted in Redis at the next
confirmation (at least once a second while pages are read). A confirmation is one round trip: a server-side
script counts the reader and answers whether the copy is current, or the current page (`read_and_count`).
Without Redis a hit is a cache read plus the counter's cache writes. No database query either way.
"""

from __future__ import annotations

import atexit
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language


def _key(path: str, language: str | None = None) -> str:
    return f"portal:path:{language or get_language() or 'vi'}:{path}"


def _page_id_key(path: str, language: str | None = None) -> str:
    # The page id beside the page, stored as a plain integer (Django's Redis serializer keeps ints readable),
    # so that the hit script can name the reader counter without unpickling the page.
    return f"portal:pid:{language or get_language() or 'vi'}:{path}"


def _index_key(page_id: int) -> str:
    return f"portal:paths:{page_id}"


def _version_key(path: str, language: str | None = None) -> str:
    return f"portal:ver:{language or get_language() or 'vi'}:{path}"


# KEYS: page, page id, version, dirty set; ARGV: reader, day, counter TTL, the version this process holds,
# the counter keys' prefix.
# Counts the reader and answers {version} when the process's copy is current, {version, page} when not,
# nil when nothing is cached (then nothing is counted: the view renders and counts).
_HIT_SCRIPT = """
local version = redis.call('GET', KEYS[3])
if not version then return false end
local page_id = redis.call('GET', KEYS[2])
if page_id then
  local hll = ARGV[5] .. page_id .. ':' .. ARGV[2]
  redis.call('PFADD', hll, ARGV[1])
  redis.call('EXPIRE', hll, ARGV[3])
  redis.call('SADD', KEYS[4], page_id .. ':' .. ARGV[2])
end
if version == ARGV[4] then return {version} end
local page = redis.call('GET', KEYS[1])
if not page then return false end
return {version, page}
"""
_scripts: dict[int, object] = {}
# This process's copies of hot pages, by cache key: (version, (page id, html), when Redis last confirmed it).
# Within PORTAL_LOCAL_RECHECK_SECONDS of a confirmation a copy is served with no round trip at all and its
# readers are buffered here; after that the next hit asks Redis again (one script: count, confirm or replace).
# This process forgets its own copy at once on publish, unpublish or approval (`forget`); the other workers
# learn of it at their next confirmation, so a change reaches every reader within that interval (1 s).
_local: dict[str, tuple[bytes, tuple[int, bytes], float]] = {}
LOCAL_PAGES = 200
# Readers served from a process copy and not yet counted in Redis: {(page id, day): {reader, ...}}.
_pending: dict[tuple[int, str], set[str]] = {}
_pending_since: list[float] = []


def _recheck_seconds() -> float:
    return getattr(settings, "PORTAL_LOCAL_RECHECK_SECONDS", 1.0)


def flush_pending_readers(client=None) -> None:
    """Counts the buffered readers in Redis (one pipeline). Called at least once a second while pages are read,
    and when the worker exits."""
    if not _pending:
        return
    from . import counter

    client = client or counter.redis_client()
    waiting = dict(_pending)
    _pending.clear()
    _pending_since.clear()
    if client is None:
        return
    pipe = client.pipeline(transaction=False)
    prefix = counter.hll_prefix()
    for (page_id, day), readers in waiting.items():
        key = f"{prefix}{page_id}:{day}"
        pipe.pfadd(key, *readers)
        pipe.expire(key, counter.HLL_SECONDS)
        pipe.sadd(counter.dirty_set(), f"{page_id}:{day}")
    pipe.execute()


def _buffer_reader(page_id: int, reader: str, now: float) -> None:
    from django.utils import timezone

    _pending.setdefault((page_id, timezone.localdate().isoformat()), set()).add(reader)
    if not _pending_since:
        _pending_since.append(now)


def read_and_count(path: str, reader: str, language: str | None = None) -> tuple[int, bytes] | None:
    """The cached page of `path`, counting `reader` for it on a hit; None on a miss (nothing counted)."""
    from . import counter

    client = counter.redis_client()
    if client is None:
        entry = cache.get(_key(path, language))
        if entry is not None:
            counter.record(entry[0], reader)
        return entry
    page_key = cache.make_key(_key(path, language))
    held = _local.get(page_key)
    now = time.monotonic()
    recheck = _recheck_seconds()
    if held is not None and now - held[2] < recheck:
        _buffer_reader(held[1][0], reader, now)
        if now - _pending_since[0] >= recheck:
            flush_pending_readers(client)
        return held[1]
    flush_pending_readers(client)  # a round trip is due anyway: count what this worker served meanwhile
    return _confirm(client, path, language, page_key, held, reader, now)


def _confirm(client, path: str, language: str | None, page_key: str, held, reader: str,
             now: float) -> tuple[int, bytes] | None:
    """One round trip: counts the reader, confirms this process's copy or brings the current page."""
    from django.utils import timezone

    from . import counter

    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(_HIT_SCRIPT)
    answer = script(keys=[page_key, cache.make_key(_page_id_key(path, language)),
                          cache.make_key(_version_key(path, language)), counter.dirty_set()],
                    args=[reader, timezone.localdate().isoformat(), counter.HLL_SECONDS, held[0] if held else "",
                          counter.hll_prefix()])
    if not answer:
        _local.pop(page_key, None)
        return None
    if len(answer) == 1 and held is not None:
        _local[page_key] = (held[0], held[1], now)
        return held[1]
    entry = cache._cache._serializer.loads(answer[1])
    if len(_local) >= LOCAL_PAGES:
        _local.pop(next(iter(_local)))
    _local[page_key] = (answer[0], entry, now)
    return entry


atexit.register(flush_pending_readers)


def put(page_id: int, path: str, content: bytes) -> None:
    seconds = settings.PORTAL_PAGE_CACHE_SECONDS
    cache.set_many({_key(path): (page_id, content), _page_id_key(path): page_id,
                    _version_key(path): time.time_ns()}, seconds)
    paths = cache.get(_index_key(page_id)) or set()
    if path not in paths:
        cache.set(_index_key(page_id), paths | {path}, seconds * 2)


def _drop_local_copies(paths) -> None:
    for path in paths:
        for code, _name in settings.LANGUAGES:
            _local.pop(cache.make_key(_key(path, code)), None)


def forget(page_id: int) -> None:
    paths = cache.get(_index_key(page_id)) or set()
    _drop_local_copies(paths)
    cache.delete_many([key(path, code) for path in paths for code, _name in settings.LANGUAGES
                       for key in (_key, _page_id_key, _version_key)])
    cache.delete(_index_key(page_id))
