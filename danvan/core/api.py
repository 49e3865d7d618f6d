"""DRF plumbing shared by every app: error body, scoped viewset base."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from danvan.accounts.permissions import scope


def exception_handler(exc, context):
    """Map service-layer errors to DRF ones so the UI, the API and importers share one rule set."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read API whose queryset is always restricted to the caller's units."""

    def get_queryset(self):
        return scope(super().get_queryset(), self.request.user)
