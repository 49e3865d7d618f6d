"""Commendations in the picker (what a campaign links to), and what an award rewards (a "Dân vận khéo"
model, an activity or a campaign) in one picker."""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short
from danvan.core.text import search_terms

from .models import Commendation

_ID = re.compile(r"^#(\d+)$")


class CommendationSource(picker.Source):
    name = "commendation"
    noun = gettext_lazy("khen thưởng")

    def queryset(self, user, scope: str) -> QuerySet:
        from danvan.accounts import permissions

        qs = Commendation.objects.select_related("unit", "form", "recipient_unit")
        return qs if user is None or scope == "all" else permissions.scope(qs, user, permissions.VIEW)

    def search(self, qs: QuerySet, query: str) -> QuerySet:
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs.order_by("-decision_date", "-id")

    def looks_like_key(self, text: str) -> bool:
        return bool(_ID.match(text.strip()))

    def by_key(self, qs: QuerySet, key: str) -> Commendation | None:
        match = _ID.match(key.strip())
        return qs.filter(pk=int(match.group(1))).first() if match else None

    def value(self, obj: Commendation) -> str:
        return f"{obj} (#{obj.pk})"

    def options(self, objs: list[Commendation]) -> list[picker.Option]:
        return [picker.Option(self.value(c), str(c), " · ".join(
            b for b in (c.unit.name, c.decision_number, format_date_short(c.decision_date)) if b)) for c in objs]


class AchievementSource(picker.CompositeSource):
    """What an award rewards: "Tên (mô hình #12)", "Tên (hoạt động #5)", "Tên (cuộc vận động #3)"."""

    name = "achievement"
    noun = gettext_lazy("thành tích")
    parts = {Commendation.LinkKind.DVK_MODEL.value: ("model", gettext_lazy("mô hình")),
             Commendation.LinkKind.ACTIVITY.value: ("activity", gettext_lazy("hoạt động")),
             Commendation.LinkKind.CAMPAIGN.value: ("campaign", gettext_lazy("cuộc vận động"))}


picker.register(CommendationSource())
picker.register(AchievementSource())
