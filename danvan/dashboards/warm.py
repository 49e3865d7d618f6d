"""Pre-building the chart cache, so the first official to open a dashboard after figures change does not
wait for the engine's live breakdowns (national: seconds; served from the cache: milliseconds)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import QueryDict

from danvan.orgunits.models import OrgUnit
from danvan.reports import rollups

from . import charts, params

LAST_WARMED_KEY = "dashboards:warmed-version"


def warm(units: list[OrgUnit] | None = None, query: str = "") -> int:
    """Build every chart of the given units' dashboards (default: the nation and today's provinces, with the
    default filters) into the cache; the number of dashboards built."""
    if units is None:
        nation = OrgUnit.objects.get(key="VN")
        units = [nation, *OrgUnit.objects.filter(parent=nation, kind=OrgUnit.Kind.PROVINCE, valid_to__isnull=True)
                 .order_by("path")]
    for unit in units:
        charts.all_charts(params.parse(unit, QueryDict(query)))
    return len(units)


def warm_if_changed(units: list[OrgUnit] | None = None) -> int:
    """`warm()` when figures changed since the last run (the roll-up version moved), else nothing."""
    version = rollups.version()
    if cache.get(LAST_WARMED_KEY) == version:
        return 0
    built = warm(units)
    cache.set(LAST_WARMED_KEY, version, None)
    return built
