"""The home-page panel: this year's figures of the user's unit and overdue dialogue commitments."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def home_panel(request, unit):
    from .. import selectors

    year = selectors.today().year
    figures = selectors.summary(unit=unit, period=str(year), boundaries="current")
    mine = selectors.commitments_of_unit(selectors.commitments_for(request.user), unit).filter(status="open")
    overdue = mine.filter(deadline__lt=selectors.today()).count()
    open_count = mine.count()
    html = render_to_string("activities/panel.html", {
        "unit": unit, "year": year, "figures": figures, "overdue": overdue, "open_count": open_count}, request=request)
    return (_("Hoạt động năm %(year)s") % {"year": year}, html)
