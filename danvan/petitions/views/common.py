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


def reporting_period(request, *, legacy: bool = True):
    """(Period, typed text, error message) from ?ky= (a period as people write it: "Quý 3/2026", "III/2026",
    "6 tháng đầu năm 2026", "2026Q3"…; the current reporting year by default). Older links with ?from=&to= that
    span exactly one reporting period keep working. An unreadable period gives the current year and a
    Vietnamese message listing the accepted forms (the page answers 400)."""
    from danvan.reports.periods import YEAR, period_containing

    from .. import selectors

    typed = (request.GET.get("ky") or "").strip()
    default = period_containing(timezone.localdate(), YEAR)
    if not typed and legacy and (request.GET.get("from") or request.GET.get("to")):
        start, end = period_params(request)
        found = selectors.period_spanning(start, end)
        if found is None:
            return default, "", selectors.not_a_period_message(start, end)
        return found, "", ""
    if not typed:
        return default, "", ""
    from danvan.reports.periods import parse_period

    try:
        return parse_period(typed), typed, ""
    except ValueError as error:
        return default, typed, str(error)
