"""The registry's panel on the home page: this year's figures for the user's unit."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .rules import reporting_year
from .selectors import engine_figures


def home_panel(request, unit):
    # The engine's figures: the same numbers as the key-figures panel, the annual report and the API.
    year = reporting_year(timezone.localdate())
    figures = engine_figures(unit=unit, first_year=year, last_year=year, boundaries="current")
    return render_to_string("registry/_home_panel.html", {"unit": unit, "year": year, "figures": figures},
                            request=request)
