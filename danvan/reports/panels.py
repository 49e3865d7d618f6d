"""Home-page panel: the unit's key figures of the current reporting year."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from danvan.accounts.permissions import can

from . import selectors
from .periods import YEAR, period_containing

KEY_CODES = ["dvk.registered", "dvk.recognised", "conference.dissemination", "dialogue", "media",
             "petition.received"]


def key_figures_panel(request, unit):
    if not can(request.user, "view", unit):
        return None
    period = period_containing(timezone.localdate(), YEAR)
    known = selectors.engine.indicators()
    codes = [c for c in KEY_CODES if c in known]
    shown = selectors.figure_set(unit=unit, period=period, indicators=codes)
    return render_to_string("reports/_panel.html", {
        "unit": unit, "period": period, "as_of": shown["as_of"], "coverage": shown["coverage"],
        "boundaries": shown["boundaries"],
        "items": [{"info": known[c], "value": shown["values"][c]} for c in codes]}, request=request)
