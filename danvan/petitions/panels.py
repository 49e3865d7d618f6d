"""Home-page panel: overdue cases and active hotspots in the user's subtree."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def overdue_panel(request, unit):
    from . import selectors

    overdue = selectors.overdue_cases(unit).count()
    hotspots = selectors.hotspots_in(unit).filter(resolved_on__isnull=True).count()
    if not overdue and not hotspots:
        return None
    return render_to_string("petitions/_home_panel.html", {
        "unit": unit, "overdue": overdue, "hotspots": hotspots, "title": _("Đơn thư, điểm nóng")}, request=request)
