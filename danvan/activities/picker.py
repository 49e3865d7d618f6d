"""Activities in the picker (a dialogue a petition was discussed at, an activity a campaign or a commendation
refers to): by title, with kind, unit and date."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short

from .models import Activity


class ActivitySource(picker.NumberedSource):
    name = "activity"
    noun = gettext_lazy("hoạt động")
    ordering = ("-start_date", "-id")

    def base(self) -> QuerySet:
        return Activity.objects.select_related("unit", "kind")

    def title(self, obj: Activity) -> str:
        return obj.title

    def detail(self, obj: Activity) -> str:
        return " · ".join([obj.kind.name, obj.unit.name, format_date_short(obj.start_date)])


picker.register(ActivitySource())
