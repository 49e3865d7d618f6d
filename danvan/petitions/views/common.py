"""Helpers shared by the petitions views."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone

from danvan.accounts.permissions import home_unit, object_or_404_scoped
from danvan.core.imports import parse_date
from danvan.core.picker import typed_key
from danvan.orgunits.models import OrgUnit


def unit_param(request) -> OrgUnit:
    """?unit=KEY inside the user's scope, else the user's home unit."""
    key = typed_key(request.GET.get("unit"), request.user)
    if key:
        return object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key)
    unit = home_unit(request.user)
    if unit is None:
        raise Http404
    return unit


def period_params(request) -> tuple[datetime.date, datetime.date]:
    """?from=&to= (yyyy-mm-dd or dd/mm/yyyy); the current calendar year by default."""
    today = timezone.localdate()
    start = end = None
    try:
        start = parse_date(request.GET.get("from", "").strip()) if request.GET.get("from") else None
        end = parse_date(request.GET.get("to", "").strip()) if request.GET.get("to") else None
    except ValueError:
        start = end = None
    start = start or datetime.date(today.year, 1, 1)
    end = end or datetime.date(today.year, 12, 31)
    if end < start:
        start, end = end, start
    return start, end


def boundaries_param(request) -> str:
    return "current" if request.GET.get("boundaries") == "current" else "historical"
