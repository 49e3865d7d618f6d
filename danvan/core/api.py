"""DRF plumbing shared by every app: error body, scoped viewset base."""

from __future__ import annotations

from rest_framework import viewsets

from danvan.accounts.permissions import scope
from danvan.core import api_errors


def exception_handler(exc, context):
    """Every API error in one shape (see core.api_errors)."""
    return api_errors.exception_handler(exc, context)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read API whose queryset is always restricted to the caller's units."""

    def get_queryset(self):
        return scope(super().get_queryset(), self.request.user)


def query_param(request, name: str, *aliases: str, default=None):
    """An English query parameter; the older Vietnamese names (`aliases`) keep working."""
    params = request.query_params
    for key in (name, *aliases):
        value = params.get(key)
        if value not in (None, ""):
            return value
    return default


def boundaries_param(request) -> str:
    """?boundaries=current|historical (older: ?dia_gioi=hien_nay)."""
    value = query_param(request, "boundaries", "dia_gioi", default="historical")
    return "current" if value in ("current", "hien_nay") else "historical"


def flag_param(request, name: str, *aliases: str) -> bool:
    return str(query_param(request, name, *aliases, default="")).lower() in ("1", "true", "yes", "on")
