"""The anonymous article page, cached whole by path; forgotten on publish, unpublish and feedback approval.

`PortalPageCacheMiddleware` answers a cached path before URL routing and Wagtail's page lookup, so a hit costs
a cache read and the view count (no database query with Redis as the cache).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language


def _key(path: str, language: str | None = None) -> str:
    return f"portal:path:{language or get_language() or 'vi'}:{path}"


def _index_key(page_id: int) -> str:
    return f"portal:paths:{page_id}"


def get(path: str) -> tuple[int, bytes] | None:
    return cache.get(_key(path))


def put(page_id: int, path: str, content: bytes) -> None:
    seconds = settings.PORTAL_PAGE_CACHE_SECONDS
    cache.set(_key(path), (page_id, content), seconds)
    paths = cache.get(_index_key(page_id)) or set()
    if path not in paths:
        cache.set(_index_key(page_id), paths | {path}, seconds * 2)


def forget_path(path: str) -> None:
    cache.delete_many([_key(path, code) for code, _name in settings.LANGUAGES])


def forget(page_id: int) -> None:
    paths = cache.get(_index_key(page_id)) or set()
    cache.delete_many([_key(path, code) for path in paths for code, _name in settings.LANGUAGES])
    cache.delete(_index_key(page_id))
