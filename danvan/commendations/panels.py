"""The home-page panel: this year's commendation figures of the user's unit and nominations awaiting them."""

from __future__ import annotations

from django.template.loader import render_to_string

from danvan.accounts.permissions import scope


def home_panel(request, unit) -> str | None:
    from . import selectors, services
    from .models import Commendation

    year = selectors.rules_today().year
    totals = selectors.engine_summary(unit=unit, year=year, boundaries=selectors.CURRENT)["totals"]
    pending = scope(Commendation.objects.filter(status__in=[Commendation.Status.PROPOSED,
                                                            Commendation.Status.APPROVED]),
                    request.user).select_related("proposing_unit")[:200]
    waiting = sum(1 for c in pending if services.is_above(request.user, c.proposing_unit))
    return render_to_string("commendations/_home_panel.html", {
        "year": year, "totals": totals, "waiting": waiting, "unit": unit}, request=request)
