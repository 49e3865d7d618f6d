"""The home-page panel: the campaigns under way that the user's unit organises or takes part in, each with its
results against its targets (for the user's unit: the targets given to units inside it)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone


def home_panel(request, unit):
    from django.db.models import Q

    from .selectors import metric_progress, visible_campaigns

    today = timezone.localdate()
    campaigns = list(visible_campaigns(request.user).filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today))[:5])
    if not campaigns:
        return None

    def within(campaign):  # the organiser sees the whole campaign; a participant its own share
        return None if unit is None or unit.parent_id is None or campaign.unit_id == unit.pk else unit

    rows = [(campaign, [m for m in metric_progress(campaign, within=within(campaign)) if m.target is not None])
            for campaign in campaigns[:3]] + [(campaign, []) for campaign in campaigns[3:]]
    return render_to_string("campaigns/panel.html", {"rows": rows}, request=request)


def work_items(request, unit) -> list:
    """"Việc cần làm": houses started long ago and still not completed, per campaign."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from danvan.core.home_panels import WorkItem

    from .models import House
    from .selectors import STALLED_AFTER_DAYS, stalled_houses

    return [
        WorkItem(_("Nhà khởi công quá %(d)s ngày chưa hoàn thành — %(c)s") % {
            "d": STALLED_AFTER_DAYS, "c": row["campaign__name"]}, row["n"],
            f"{reverse('campaigns:houses', args=[row['campaign_id']])}?trang_thai={House.Status.STARTED}")
        for row in stalled_houses(request.user)
    ]
