"""API request bodies as the pages get them: every string NFC, a NUL byte refused with the API error shape.

`core.middleware.InputHygieneMiddleware` cleans the GET/POST of pages; DRF parses bodies itself (JSON always,
forms again from the raw body, PUT and PATCH too), so its parsers are wrapped here the same way.
"""

from __future__ import annotations

import unicodedata

from django.http import QueryDict
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .api_parsers import ObjectJSONParser

NUL_MESSAGE = "Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL). Hãy nhập lại."


def clean(value):
    """The same structure with every string NFC; ParseError on a NUL byte anywhere (keys included)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(NUL_MESSAGE, code="nul_byte")
        return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def _clean_querydict(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean(key), [clean(v) for v in values])
    cleaned._mutable = False
    return cleaned


class JSONParser(ObjectJSONParser):
    """A JSON object (main's rule), NFC, without NUL."""

    def parse(self, stream, media_type=None, parser_context=None):
        return clean(super().parse(stream, media_type, parser_context))


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _clean_querydict(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        return parsers.DataAndFiles(_clean_querydict(result.data), result.files)
