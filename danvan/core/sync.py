"""Incremental sync for every API list: `changed_since`, cursor pages, tombstones, ETag / If-None-Match.

`?changed_since=<ISO time>` (or `?cursor=…`) switches a list to cursor pages ordered by id — a keyset
query (`id > last ORDER BY id LIMIT n`) that stays fast at millions of rows — returning the records
changed at or after that time and, on the first page, `deleted`: the records deleted since then
(tombstones written on delete). Lists without it keep their page numbers.
"""

from __future__ import annotations

import datetime

from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

MAX_TOMBSTONES = 10_000


def parse_changed_since(raw: str) -> datetime.datetime:
    value = None
    try:
        value = parse_datetime(raw.strip().replace(" ", "+"))  # "+" in an unencoded query arrives as a space
        if value is None and parse_date(raw.strip()):
            value = datetime.datetime.combine(parse_date(raw.strip()), datetime.time())
    except ValueError:
        value = None
    if value is None:
        raise ValidationError({"changed_since": [_("Thời điểm phải theo ISO 8601, ví dụ 2026-11-25T08:00:00+07:00.")]})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def change_field(model) -> str | None:
    names = {f.name for f in model._meta.get_fields()}
    for name in ("updated_at", "created_at"):
        if name in names:
            return name
    return None


class PkCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000


class SyncPaginationMixin:
    """Adds the sync mode to a page-number pagination class."""

    def _sync_mode(self, request) -> bool:
        params = request.query_params
        return "changed_since" in params or "cursor" in params

    def paginate_queryset(self, queryset, request, view=None):
        self._sync = self._sync_mode(request)
        if not self._sync:
            return super().paginate_queryset(queryset, request, view)
        self._cursor = PkCursorPagination()
        self._deleted = None
        raw = request.query_params.get("changed_since")
        if raw is not None:
            since = parse_changed_since(raw)
            field = change_field(queryset.model)
            if field:
                queryset = queryset.filter(**{f"{field}__gte": since})
            if "cursor" not in request.query_params:
                self._deleted = tombstones(queryset.model, request.user, since)
        return self._cursor.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if not getattr(self, "_sync", False):
            return super().get_paginated_response(data)
        response = self._cursor.get_paginated_response(data)
        if self._deleted is not None:
            response.data["deleted"] = self._deleted
        return response

    def get_paginated_response_schema(self, schema):
        base = super().get_paginated_response_schema(schema)
        base["properties"].setdefault("next", {"type": "string", "nullable": True, "format": "uri"})
        base["properties"].setdefault("previous", {"type": "string", "nullable": True, "format": "uri"})
        base["properties"]["deleted"] = {
            "type": "array", "description": "with changed_since, first page: records deleted since then",
            "items": {"type": "object", "required": ["id", "deleted_at"],
                      "properties": {"id": {"type": "string"},
                                     "deleted_at": {"type": "string", "format": "date-time"}}}}
        base["required"] = ["results"]
        return base

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), *[
            {"name": "changed_since", "required": False, "in": "query", "schema": {"type": "string"},
             "description": "ISO 8601 time: only records changed since then, cursor pages, deletions as tombstones"},
            {"name": "cursor", "required": False, "in": "query", "schema": {"type": "string"},
             "description": "the next/previous cursor of a sync page"},
            {"name": "page_size", "required": False, "in": "query", "schema": {"type": "integer"},
             "description": "sync pages: 1–1000 rows (50 by default)"},
        ]]


class LookaheadPageNumberPagination(PageNumberPagination):
    """Page numbers without COUNT(*) (issue 16), like the list pages (`core.paging`): a page fetches
    `page_size + 1` rows, and the extra row says whether `next` exists. `count` stays in the answer, exact when it
    is free (the last page, e.g. any list shorter than a page) and null otherwise; a page's cost no longer grows
    with the number of records the caller may see."""

    def paginate_queryset(self, queryset, request, view=None):
        from django.core.paginator import InvalidPage

        from .params import PAGE_MAX

        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        try:
            number = int(request.query_params.get(self.page_query_param) or 1)
            if not 1 <= number <= PAGE_MAX:
                raise InvalidPage
        except (TypeError, ValueError, InvalidPage):
            from rest_framework.exceptions import NotFound

            raise NotFound(self.invalid_page_message) from None
        start = (number - 1) * page_size
        rows = list(queryset[start:start + page_size + 1])
        if not rows and number > 1:
            from rest_framework.exceptions import NotFound

            raise NotFound(self.invalid_page_message)
        self.number, self._has_next = number, len(rows) > page_size
        self._count = None if self._has_next else start + len(rows)
        return rows[:page_size]

    def _link(self, number: int) -> str:
        from rest_framework.utils.urls import remove_query_param, replace_query_param

        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_next_link(self):
        return self._link(self.number + 1) if self._has_next else None

    def get_previous_link(self):
        return self._link(self.number - 1) if self.number > 1 else None

    def get_paginated_response(self, data):
        from rest_framework.response import Response

        return Response({"count": self._count, "next": self.get_next_link(),
                         "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        base = super().get_paginated_response_schema(schema)
        base["properties"]["count"] = {
            "type": "integer", "nullable": True, "example": 123,
            "description": "the number of records, when known without counting (the last page); else null"}
        return base


class SyncPageNumberPagination(SyncPaginationMixin, LookaheadPageNumberPagination):
    """The API's default: page numbers (without COUNT(*); `count` on the last page), or cursor pages for sync."""


def tombstones(model, user, since) -> list[dict]:
    from danvan.accounts.permissions import scope

    from .models import Tombstone

    qs = scope(Tombstone.objects.filter(model=model._meta.label_lower, deleted_at__gte=since), user)
    return [{"id": object_id, "deleted_at": at.isoformat()} for object_id, at in
            qs.order_by("deleted_at", "pk").values_list("object_id", "deleted_at")[:MAX_TOMBSTONES]]


def record_deletions(model, rows: list[tuple[object, int | None]]) -> None:
    """Tombstones for rows deleted in bulk (no signals): (pk, unit id) pairs."""
    from .models import Tombstone

    now = timezone.now()
    Tombstone.objects.bulk_create([Tombstone(model=model._meta.label_lower, object_id=str(pk), unit_id=unit_id,
                                             deleted_at=now) for pk, unit_id in rows], batch_size=2000)


def _unit_id(instance) -> int | None:
    path = getattr(type(instance), "SCOPE_UNIT_FIELD", "")
    try:
        if "__" not in path:
            return getattr(instance, f"{path}_id", None)
        target = instance
        for part in path.split("__"):
            target = getattr(target, part)
        return getattr(target, "pk", None)
    except Exception:  # noqa: BLE001 - a parent deleted in the same cascade: the tombstone stays superuser-only
        return None


def _on_delete(sender, instance, **kwargs) -> None:
    from .models import Tombstone

    Tombstone.objects.create(model=sender._meta.label_lower, object_id=str(instance.pk), unit_id=_unit_id(instance))


def connect_tombstones() -> None:
    """Every scoped record type (the ones lists expose) leaves a tombstone when deleted."""
    from django.apps import apps

    from .models import Tombstone

    for model in apps.get_models():
        if getattr(model, "SCOPE_UNIT_FIELD", None) and model is not Tombstone:
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"tombstone-{model._meta.label_lower}")


class ApiConditionalGetMiddleware:
    """ETag on every successful API read; `If-None-Match` with the same tag answers 304 Not Modified.

    The tag hashes the body, so it changes exactly when what the caller would read changes; responses
    vary by credentials (the same URL shows each user their own scope).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (not request.path.startswith("/api/") or request.method not in ("GET", "HEAD")
                or response.status_code != 200 or response.streaming):
            return response
        patch_vary_headers(response, ("Authorization", "Cookie"))
        if not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(request, etag=response.get("ETag"), response=response)



