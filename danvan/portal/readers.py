"""Who a reader is, without storing who they are: a keyed hash of the client address (danvan.core.ratelimit
reads it honestly behind the trusted proxies, PROXY_HOPS) and, for the view counter, the browser."""

from __future__ import annotations

import hashlib

from django.conf import settings

from danvan.core.ratelimit import client_address


def client_fingerprint(request, *extra: str) -> str:
    raw = "|".join([settings.SECRET_KEY, client_address(request), *extra])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]
