"""One error shape for the whole API: {"errors": [{"code", "field", "message_vi", "message_en"}]}.

Status codes as HTTP means them: 400 a malformed request (unreadable body, bad query parameter),
401 no or bad credentials, 403 not allowed, 404 not found or outside the caller's scope, 405 wrong method,
409 a version conflict (somebody saved first) or a record created at the same time by another request,
413 a body too large, 422 a well-formed request whose
content breaks a rule, 429 too many requests. Service-layer errors (Django ValidationError /
PermissionDenied) map onto the same shape, so the UI, the API and importers share one rule set.

Messages are written in Vietnamese (msgids) and translated by locale/en; `message_en` is found in the
English catalogue, also for messages with values filled in (the msgid's placeholders become a pattern).
DRF's own messages are English msgids; their Vietnamese comes from DRF's catalogue.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import override
from django.utils.translation.trans_real import translation
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from danvan.core.concurrency import StaleRecordError
from danvan.core.db import UniqueConflict, conflict_message, is_unique_violation
from danvan.core.imports import ImportFailed

GENERIC_EN = {
    400: "The request is malformed.",
    401: "Authentication is required.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    405: "Method not allowed.",
    406: "Not acceptable.",
    409: "Somebody else changed this record after you read it; read it again and retry.",
    413: "The request body is too large.",
    415: "Unsupported media type.",
    422: "The content is not valid.",
    429: "Too many requests; retry later.",
}
GENERIC_VI = {
    400: "Yêu cầu không đúng dạng.",
    401: "Cần đăng nhập hoặc mã truy cập API hợp lệ.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy bản ghi hoặc bạn không có quyền xem.",
    405: "Phương thức không được hỗ trợ.",
    406: "Không có định dạng phản hồi phù hợp.",
    409: "Bản ghi vừa được người khác sửa sau khi bạn đọc; hãy đọc lại rồi gửi lại.",
    413: "Nội dung gửi lên quá lớn.",
    415: "Kiểu nội dung không được hỗ trợ.",
    422: "Nội dung không hợp lệ.",
    429: "Quá nhiều yêu cầu; hãy thử lại sau.",
}


@lru_cache(maxsize=2)
def _catalogue(language: str) -> dict[str, str]:
    return dict(translation(language)._catalog.items())


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    """English msgstrs of Vietnamese msgids with placeholders, as (regex over the Vietnamese, template)."""
    found = []
    for msgid, msgstr in _catalogue("en").items():
        if not isinstance(msgid, str) or "%(" not in msgid or not msgstr:
            continue
        parts, names, position = [], set(), 0
        for match in _PLACEHOLDER.finditer(msgid):
            parts.append(re.escape(msgid[position:match.start()]))
            name = match.group(1)
            parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
            names.add(name)
            position = match.end()
        parts.append(re.escape(msgid[position:]))
        try:
            found.append((re.compile("^" + "".join(parts) + "$", re.S), msgstr))
        except re.error:
            continue
    return found


@lru_cache(maxsize=1)
def _vi_to_english_msgid() -> dict[str, str]:
    """DRF/Django messages: their Vietnamese translation -> the English msgid."""
    return {v: k for k, v in _catalogue("vi").items() if isinstance(k, str) and v}


def both_languages(message, status_code: int) -> tuple[str, str]:
    """(message_vi, message_en) of one message, however it was produced."""
    if isinstance(message, Promise):
        with override("vi"):
            vi = str(message)
        with override("en"):
            return vi, str(message)
    text = str(message)
    english = _catalogue("en").get(text)
    if english:
        return text, english
    vietnamese = _catalogue("vi").get(text)
    if vietnamese and vietnamese != text:  # an English msgid (DRF, Django) rendered in English
        return vietnamese, text
    if text in _vi_to_english_msgid():
        return text, _vi_to_english_msgid()[text]
    for pattern, template in _patterns():
        match = pattern.match(text)
        if match:
            try:
                return text, template % {k: _english_value(v) for k, v in match.groupdict().items()}
            except (KeyError, ValueError, TypeError):
                break
    return text, GENERIC_EN.get(status_code, GENERIC_EN[422]) if _looks_vietnamese(text) else text


def _english_value(value: str) -> str:
    """A value filled into a message may itself be a message (e.g. a period label is not; a reason is)."""
    english = _catalogue("en").get(value)
    return english or value


def _looks_vietnamese(text: str) -> bool:
    return any(ord(ch) > 127 for ch in text)


def error(code: str, message, *, field: str | None = None, status_code: int = 422, **extra) -> dict:
    vi, en = both_languages(message, status_code)
    return {"code": code, "field": field, "message_vi": vi, "message_en": en, **extra}


def error_response(status_code: int, errors: list[dict], headers: dict | None = None) -> Response:
    return Response({"errors": errors}, status=status_code, headers=headers)


def _flatten(detail, field: str | None, status_code: int, out: list[dict]) -> None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else str(key)
            _flatten(value, f"{field}.{name}" if field and name else (name or field), status_code, out)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            nested = isinstance(value, dict | list) and not isinstance(value, str)
            _flatten(value, f"{field}.{index}" if nested and field else field, status_code, out)
    else:
        code = getattr(detail, "code", None) or "invalid"
        out.append(error(str(code), detail, field=field, status_code=status_code))


def _validation_status(request) -> int:
    """A bad query parameter on a read is a bad request (400); bad content in a write is 422."""
    method = getattr(request, "method", "GET") if request is not None else "GET"
    return status.HTTP_400_BAD_REQUEST if method in ("GET", "HEAD", "OPTIONS") else 422


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, StaleRecordError):
        set_rollback()
        return error_response(409, [error("version_conflict", m, field="version", status_code=409)
                                    for m in exc.messages])
    if isinstance(exc, UniqueConflict) or (isinstance(exc, IntegrityError) and is_unique_violation(exc)):
        # Two requests created the same record at once (issue 13): the loser gets a conflict, never a 500.
        set_rollback()
        return error_response(409, [error("conflict", conflict_message(), status_code=409)])
    if isinstance(exc, ImportFailed):
        set_rollback()
        return error_response(422, [error("invalid_row", e.message, field=e.column or None, line=e.line)
                                    for e in exc.errors])
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        return error_response(413, [error("too_large", GENERIC_VI[413], status_code=413)])
    elif isinstance(exc, TooManyFieldsSent):
        return error_response(400, [error("too_many_fields", GENERIC_VI[400], status_code=400)])
    if not isinstance(exc, exceptions.APIException):
        return None
    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    code_status = exc.status_code
    if isinstance(exc, exceptions.ValidationError):
        code_status = _validation_status(request)
    errors: list[dict] = []
    _flatten(exc.detail, None, code_status, errors)
    if not errors:
        errors.append(error("error", GENERIC_VI.get(code_status, GENERIC_VI[400]), status_code=code_status))
    return error_response(code_status, errors, headers)


def json_error(status_code: int, code: str) -> JsonResponse:
    """The same shape for responses Django makes outside DRF (unknown /api/ URL, server error)."""
    vi = GENERIC_VI.get(status_code, "Lỗi máy chủ; sự cố đã được ghi lại.")
    en = GENERIC_EN.get(status_code, "Server error; it has been logged.")
    return JsonResponse({"errors": [{"code": code, "field": None, "message_vi": vi, "message_en": en}]},
                        status=status_code)


class ApiErrorShapeMiddleware:
    """Django's own HTML error pages (no URL matched, a server error) become the API error shape under /api/."""

    CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large", 500: "server_error"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.path.startswith("/api/") and response.status_code in self.CODES
                and not response.get("Content-Type", "").startswith("application/json")
                and not getattr(response, "data", None)):
            return json_error(response.status_code, self.CODES[response.status_code])
        return response
