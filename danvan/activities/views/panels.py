"""The home-page panel: this year's figures of the user's unit and overdue dialogue commitments."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def home_panel(request, unit):
    from .. import selectors

    year = selectors.today().year
    figures = selectors.summary(unit=unit, period=str(year), boundaries="current")
    overdue = selectors.in_subtree(selectors.commitments_for(request.user), unit, boundaries="current",
                                   prefix="activity__unit__").filter(
        status="open", deadline__lt=selectors.today()).count()
    html = render_to_string("activities/panel.html", {
        "unit": unit, "year": year, "figures": figures, "overdue": overdue}, request=request)
    return (_("Hoạt động năm %(year)s") % {"year": year}, html)
