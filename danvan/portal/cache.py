"""The anonymous article page, cached whole by path; forgotten on publish, unpublish and feedback approval.

`PortalPageCacheMiddleware` answers a cached path before URL routing and Wagtail's page lookup. With Redis as
the cache a hit is one round trip: a server-side script reads the page and, only when it is there, counts the
reader (`read_and_count`); without Redis it is a cache read plus the counter's cache writes. No database query.
"""

from __future__ import annotations

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


def get(path: str) -> tuple[int, bytes] | None:
    return cache.get(_key(path))


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
# This process's copies of hot pages, by cache key: (version, (page id, html)). Redis says on every hit whether
# a copy is still current, so a copy is never served after the page changed; it saves moving and unpickling
# the page (~30 KB) on each hit.
_local: dict[str, tuple[bytes, tuple[int, bytes]]] = {}
LOCAL_PAGES = 200


def read_and_count(path: str, reader: str) -> tuple[int, bytes] | None:
    """The cached page of `path`, counting `reader` for it on a hit; None on a miss (nothing counted)."""
    from django.utils import timezone

    from . import counter

    client = counter.redis_client()
    if client is None:
        entry = get(path)
        if entry is not None:
            counter.record(entry[0], reader)
        return entry
    script = _scripts.get(id(client))
    if script is None:
        script = _scripts[id(client)] = client.register_script(_HIT_SCRIPT)
    page_key = cache.make_key(_key(path))
    held = _local.get(page_key)
    answer = script(keys=[page_key, cache.make_key(_page_id_key(path)), cache.make_key(_version_key(path)),
                          counter.dirty_set()],
                    args=[reader, timezone.localdate().isoformat(), counter.HLL_SECONDS, held[0] if held else "",
                          counter.hll_prefix()])
    if not answer:
        _local.pop(page_key, None)
        return None
    if len(answer) == 1 and held is not None:
        return held[1]
    entry = cache._cache._serializer.loads(answer[1])
    if len(_local) >= LOCAL_PAGES:
        _local.pop(next(iter(_local)))
    _local[page_key] = (answer[0], entry)
    return entry


def put(page_id: int, path: str, content: bytes) -> None:
    seconds = settings.PORTAL_PAGE_CACHE_SECONDS
    import time

    cache.set_many({_key(path): (page_id, content), _page_id_key(path): page_id,
                    _version_key(path): time.time_ns()}, seconds)
    paths = cache.get(_index_key(page_id)) or set()
    if path not in paths:
        cache.set(_index_key(page_id), paths | {path}, seconds * 2)


def forget_path(path: str) -> None:
    cache.delete_many([key(path, code) for code, _name in settings.LANGUAGES
                       for key in (_key, _page_id_key, _version_key)])


def forget(page_id: int) -> None:
    paths = cache.get(_index_key(page_id)) or set()
    cache.delete_many([key(path, code) for path in paths for code, _name in settings.LANGUAGES
                       for key in (_key, _page_id_key, _version_key)])
    cache.delete(_index_key(page_id))
