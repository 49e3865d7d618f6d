"""Helpers shared by the registry views."""

from __future__ import annotations

from danvan.accounts.permissions import object_or_404_scoped
from danvan.core.picker import typed_key
from danvan.orgunits.models import OrgUnit

from ..models import DvkModel


def _scoped_unit(request, key: str | None) -> OrgUnit | None:
    if not key:
        return None
    return object_or_404_scoped(OrgUnit.objects.all(), request.user, key=typed_key(key, request.user).upper())


def _model(request, pk) -> DvkModel:
    return object_or_404_scoped(DvkModel.objects.select_related("unit", "field", "sector", "replicated_from"),
                                request.user, pk=pk)
