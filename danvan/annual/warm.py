"""Pre-drawing the report charts, so the first download of a DOCX after figures change does not wait for
matplotlib (about 0,2–0,5 s a chart on the shared 2-core machine; four charts in a national report).

Charts are cached by their content (title, labels, values: `charts.bar_chart_png`), so drawing them ahead
is just building the same payload and asking for the same images. Which reports: the nation's for this
year and last year, and every draft report saved in the system for those years (someone is working on
it). Run by the Huey job `annual.tasks.warm_report_charts` when the roll-up version moved, or by hand:
`python manage.py shell -c "from danvan.annual.warm import warm; warm()"`.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from danvan.orgunits.models import OrgUnit
from danvan.reports import rollups

from . import charts, selectors
from .models import AnnualReport
from .tables import chart_specs

LAST_WARMED_KEY = "annual:charts-warmed-version"


def _targets(years: list[int]) -> list[tuple[OrgUnit, int, str, int]]:
    nation = OrgUnit.objects.filter(key="VN").first()
    found = [(nation, year, "historical", 0) for year in years] if nation else []
    for report in (AnnualReport.objects.filter(year__in=years, status=AnnualReport.Status.DRAFT)
                   .select_related("unit").order_by("unit__path")):
        target = (report.unit, report.year, report.boundaries, report.half)
        if target not in found:
            found.append(target)
    return found


def warm(years: list[int] | None = None) -> int:
    """Draw (into the shared cache) every chart of the nation's and the draft reports of `years`
    (default: this year and last year); the number of charts drawn or found."""
    this_year = timezone.localdate().year
    years = years or [this_year - 1, this_year]
    count = 0
    for unit, year, boundaries, half in _targets(years):
        try:
            selectors.check_unit_in_year(unit, year, half)
        except selectors.BadRequest:
            continue
        report = selectors.find_report(unit, year, boundaries, half)
        payload = selectors.build_payload(unit=unit, year=year, boundaries=boundaries, report=report, half=half)
        specs = [(title, items) for title, _uom, items in chart_specs(payload)]
        charts.prepare(specs)
        count += len(specs)
    return count


def warm_if_changed(years: list[int] | None = None) -> int:
    """`warm()` when figures changed since the last run (the roll-up version moved), else nothing."""
    version = rollups.version()
    if cache.get(LAST_WARMED_KEY) == version:
        return 0
    drawn = warm(years)
    cache.set(LAST_WARMED_KEY, version, None)
    return drawn
