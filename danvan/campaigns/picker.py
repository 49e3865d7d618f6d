"""Campaigns in the picker (what a commendation rewards), and the records a campaign links to (an activity
or a commendation) in one picker."""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short
from danvan.core.text import search_terms

from .models import Campaign, CampaignLink

_ID = re.compile(r"^#(\d+)$")


class CampaignSource(picker.Source):
    name = "campaign"
    noun = gettext_lazy("cuộc vận động")

    def queryset(self, user, scope: str) -> QuerySet:
        from . import selectors

        if user is None or scope == "all":
            return Campaign.objects.select_related("unit")
        return selectors.visible_campaigns(user)

    def search(self, qs: QuerySet, query: str) -> QuerySet:
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs.order_by("-start_date", "-id")

    def looks_like_key(self, text: str) -> bool:
        return bool(_ID.match(text.strip()))

    def by_key(self, qs: QuerySet, key: str) -> Campaign | None:
        match = _ID.match(key.strip())
        return qs.filter(pk=int(match.group(1))).first() if match else None

    def value(self, obj: Campaign) -> str:
        return f"{obj.name} (#{obj.pk})"

    def options(self, objs: list[Campaign]) -> list[picker.Option]:
        return [picker.Option(self.value(c), c.name, " · ".join([c.unit.name, format_date_short(c.start_date)]))
                for c in objs]


class CampaignRecordSource(picker.CompositeSource):
    """An activity or a commendation that belongs to a campaign: "Tên (hoạt động #12)"."""

    name = "campaign_record"
    noun = gettext_lazy("bản ghi")
    parts = {CampaignLink.TargetType.ACTIVITY.value: ("activity", gettext_lazy("hoạt động")),
             CampaignLink.TargetType.COMMENDATION.value: ("commendation", gettext_lazy("khen thưởng"))}


picker.register(CampaignSource())
picker.register(CampaignRecordSource())
