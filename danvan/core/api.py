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
