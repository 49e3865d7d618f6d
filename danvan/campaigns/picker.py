"""Campaigns in the picker (what a commendation rewards), and the records a campaign links to (an activity
or a commendation) in one picker."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short

from .models import Campaign, CampaignLink


class CampaignSource(picker.NumberedSource):
    name = "campaign"
    noun = gettext_lazy("cuộc vận động")
    ordering = ("-start_date", "-id")

    def base(self) -> QuerySet:
        return Campaign.objects.select_related("unit")

    def visible(self, user) -> QuerySet:
        from . import selectors

        return selectors.visible_campaigns(user)

    def title(self, obj: Campaign) -> str:
        return obj.name

    def detail(self, obj: Campaign) -> str:
        return " · ".join([obj.unit.name, format_date_short(obj.start_date)])


class CampaignRecordSource(picker.CompositeSource):
    """An activity or a commendation that belongs to a campaign: "Tên (hoạt động #12)"."""

    name = "campaign_record"
    noun = gettext_lazy("bản ghi")
    parts = {CampaignLink.TargetType.ACTIVITY.value: ("activity", gettext_lazy("hoạt động")),
             CampaignLink.TargetType.COMMENDATION.value: ("commendation", gettext_lazy("khen thưởng"))}


picker.register(CampaignSource())
picker.register(CampaignRecordSource())
