"""The home-page panel: the campaigns under way that the user's unit organises or takes part in."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone


def home_panel(request, unit):
    from django.db.models import Q

    from .selectors import visible_campaigns

    today = timezone.localdate()
    campaigns = list(visible_campaigns(request.user).filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today))[:5])
    if not campaigns:
        return None
    return render_to_string("campaigns/panel.html", {"campaigns": campaigns}, request=request)
