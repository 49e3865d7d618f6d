"""Faults a client can retry answer 503 with Retry-After, not a bare 500 (Django's `handler500`).

A lost or restarting database (`OperationalError`, `InterfaceError`), an unreachable Redis (cache, sessions,
queue) and a full disk or quota under MEDIA_ROOT (`ENOSPC`, `EDQUOT`) are passing conditions of the
installation, not bugs of the request: the person gets a Vietnamese page (the API its error shape, code
`unavailable`) saying that nothing was saved and to try again in a moment. Every other exception stays a
500. Services write in transactions, so an interrupted request leaves nothing half done.
"""

from __future__ import annotations

import errno
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def is_transient(exc: BaseException | None) -> bool:
    if exc is None:
        return False
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
        return True
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency
        return False
    return isinstance(exc, (RedisConnectionError, RedisTimeoutError))


def server_error(request, *args, **kwargs):
    """handler500: 503 + Retry-After for the passing faults above, the plain 500 page otherwise."""
    exc = sys.exc_info()[1]
    if not is_transient(exc):
        return HttpResponse(loader.get_template("500.html").render(), status=500)
    vi = "Hệ thống tạm thời không xử lý được yêu cầu (mất kết nối cơ sở dữ liệu, hàng đợi hoặc hết chỗ lưu tệp); " \
         "chưa có gì được ghi. Hãy thử lại sau ít phút."
    if request.path.startswith("/api/"):
        response = JsonResponse({"errors": [{
            "code": "unavailable", "field": None, "message_vi": vi,
            "message_en": "The service is temporarily unavailable; nothing was saved. Retry in a moment."}]},
            status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render({"message": vi}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
