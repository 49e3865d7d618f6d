"""The signed-in home page's content: "Việc cần làm" first, then the unit's key figures from the engine."""

from __future__ import annotations

from django.utils import timezone

from danvan.core import home_panels
from danvan.reports import engine
from danvan.reports.periods import reporting_year_of

from . import selectors
from .cache import cached


def home_context(request, unit) -> dict:
    year = reporting_year_of(timezone.localdate())
    boundaries = engine.CURRENT if unit is None or unit.valid_to is None else engine.HISTORICAL
    figures = []
    if unit is not None:
        figures = cached(("home-figures", unit.pk, year, boundaries),
                         lambda: selectors.key_figures(unit, year, boundaries))
    work_queue, panels = home_panels.for_home(request, unit)
    return {
        "work_queue": work_queue,
        "panels": panels,
        "key_figures": figures,
        "figures_year": year,
        "figures_boundaries": boundaries,
    }
