"""`Idempotency-Key` on API creates: a retried POST never creates a second record.

The first request with a key claims it (a unique row per user and key, committed before the view
runs); its answer is stored and replayed for any later request with the same key and the same body
(`Idempotent-Replayed: true`). The same key with another body is refused (422); a request arriving
while the first is still running gets 409 and may retry. Server errors release the key. Keys are
kept for IDEMPOTENCY_KEY_HOURS (24 by default).
"""

from __future__ import annotations

import datetime
import hashlib
import io

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from .api_errors import json_error
from .models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"


def _user(request):
    """The caller, by token or session (this runs before DRF authenticates)."""
    from danvan.accounts.tokens import user_for_token

    header = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(header) == 2 and header[0].lower() == "bearer":
        return user_for_token(header[1])
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _read_body(request) -> bytes | None:
    """The body, read once and put back for the view; large DHIS2 sets are allowed past Django's 2,5 MB."""
    limit = max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0, getattr(settings, "DATAVALUESETS_MAX_BYTES", 0))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return None
    if length <= (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0):
        return request.body
    body = request.read(limit + 1)
    if len(body) > limit:
        return None
    request._body = body
    request._stream = io.BytesIO(body)
    return body


def _error(status: int, code: str, vi: str, en: str) -> HttpResponse:
    response = json_error(status, code)
    import json

    response.content = json.dumps({"errors": [{"code": code, "field": "Idempotency-Key", "message_vi": vi,
                                               "message_en": en}]}).encode()
    return response


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.META.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        key = key.strip()
        if not key or len(key) > 255:
            return _error(400, "invalid", "Idempotency-Key phải có từ 1 đến 255 ký tự.",
                          "Idempotency-Key must have 1 to 255 characters.")
        user = _user(request)
        if user is None:
            return self.get_response(request)  # the view answers 401
        body = _read_body(request)
        if body is None:
            return json_error(413, "too_large")
        digest = hashlib.sha256(request.path.encode() + b"\n" + body).hexdigest()
        self._purge()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(user=user, key=key, request_hash=digest)
        except IntegrityError:
            return self._replay(user, key, digest)
        response = self.get_response(request)
        if response.status_code >= 500 or response.streaming:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            return response
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status_code=response.status_code, content_type=response.get("Content-Type", "")[:100],
            body=response.content)
        return response

    def _replay(self, user, key: str, digest: str) -> HttpResponse:
        record = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if record is None:  # released by a failed first attempt in between
            return _error(409, "idempotency_in_progress", "Yêu cầu cùng Idempotency-Key vừa kết thúc; hãy gửi lại.",
                          "A request with this Idempotency-Key just finished; send again.")
        if record.request_hash != digest:
            return _error(422, "idempotency_key_reused",
                          "Idempotency-Key này đã dùng cho một yêu cầu khác; hãy dùng khóa mới.",
                          "This Idempotency-Key was used for a different request; use a new key.")
        if record.status_code is None:
            return _error(409, "idempotency_in_progress",
                          "Yêu cầu cùng Idempotency-Key đang được xử lý; hãy thử lại sau ít giây.",
                          "A request with this Idempotency-Key is still being processed; retry shortly.")
        response = HttpResponse(bytes(record.body), status=record.status_code, content_type=record.content_type)
        response["Idempotent-Replayed"] = "true"
        return response

    @staticmethod
    def _purge() -> None:
        hours = getattr(settings, "IDEMPOTENCY_KEY_HOURS", 24)
        cutoff = timezone.now() - datetime.timedelta(hours=hours)
        # Cheap: the index on created_at finds nothing most of the time.
        IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
