"""The client's address, honest behind the documented reverse proxy.

X-Forwarded-For is written by the client unless a proxy we trust rewrites it. With PROXY_HOPS = n
(n trusted proxies in front of the application, each appending the address it saw), the client is
the n-th address from the right; with 0 (the default) only REMOTE_ADDR counts.
"""

from __future__ import annotations

import hashlib

from django.conf import settings


def client_address(request) -> str:
    hops = int(getattr(settings, "PROXY_HOPS", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return forwarded[0] if forwarded else remote
    return forwarded[-hops]


def client_fingerprint(request, *extra: str) -> str:
    """A short keyed hash of the client address (and `extra`): rate-limit and dedup keys store no address."""
    raw = "|".join([settings.SECRET_KEY, client_address(request), *extra])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]
