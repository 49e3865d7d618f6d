"""Commendations in the picker (what a campaign links to), and what an award rewards (a "Dân vận khéo"
model, an activity or a campaign) in one picker."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short

from .models import Commendation


class CommendationSource(picker.NumberedSource):
    name = "commendation"
    noun = gettext_lazy("khen thưởng")
    ordering = ("-decision_date", "-id")

    def base(self) -> QuerySet:
        return Commendation.objects.select_related("unit", "form", "recipient_unit")

    def detail(self, obj: Commendation) -> str:
        return " · ".join(b for b in (obj.unit.name, obj.decision_number, format_date_short(obj.decision_date)) if b)


class AchievementSource(picker.CompositeSource):
    """What an award rewards: "Tên (mô hình #12)", "Tên (hoạt động #5)", "Tên (cuộc vận động #3)"."""

    name = "achievement"
    noun = gettext_lazy("thành tích")
    parts = {Commendation.LinkKind.DVK_MODEL.value: ("model", gettext_lazy("mô hình")),
             Commendation.LinkKind.ACTIVITY.value: ("activity", gettext_lazy("hoạt động")),
             Commendation.LinkKind.CAMPAIGN.value: ("campaign", gettext_lazy("cuộc vận động"))}


picker.register(CommendationSource())
picker.register(AchievementSource())
