"""The client's address and atomic rate limits, shared by every limit of the site.

Behind a reverse proxy every request comes from the proxy's address, so the client is read from
X-Forwarded-For — but only the entries appended by the proxies we trust (`PROXY_HOPS`, the number of
proxies in front of the app; 0 = none): anything further left was written by the client and can be forged.
Counters live in the configured cache (Redis in production) and are incremented atomically *before* the
guarded work is done, so twenty parallel attempts cannot all slip under a limit of five.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The address of the client as the nearest trusted proxy saw it."""
    hops = getattr(settings, "PROXY_HOPS", 0)
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # With N trusted proxies, the last N entries were added by them; the one before is the client's address
    # as our outermost proxy saw it. The proxy chain is [client, proxy1, …]; REMOTE_ADDR is the last proxy.
    chain = forwarded + [remote]
    return chain[-hops - 1] if len(chain) > hops else chain[0]


def hit(key: str, limit: int, window: int) -> bool:
    """Count one attempt under `key`; True while the count is within `limit` for the `window` (seconds)."""
    full_key = f"ratelimit:{key}"
    if cache.add(full_key, 1, window):
        return limit >= 1
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr: this attempt opens a new window
        cache.add(full_key, 1, window)
        count = 1
    return count <= limit


def reset(key: str) -> None:
    cache.delete(f"ratelimit:{key}")
