"""Activities in the picker (a dialogue a petition was discussed at, an activity a campaign or a commendation
refers to): by title, with kind, unit and date."""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short
from danvan.core.text import search_terms

from .models import Activity

_ID = re.compile(r"^#(\d+)$")


class ActivitySource(picker.Source):
    name = "activity"
    noun = gettext_lazy("hoạt động")

    def queryset(self, user, scope: str) -> QuerySet:
        from danvan.accounts import permissions

        qs = Activity.objects.select_related("unit", "kind")
        return qs if user is None or scope == "all" else permissions.scope(qs, user, permissions.VIEW)

    def search(self, qs: QuerySet, query: str) -> QuerySet:
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs.order_by("-start_date", "-id")

    def looks_like_key(self, text: str) -> bool:
        return bool(_ID.match(text.strip()))

    def by_key(self, qs: QuerySet, key: str) -> Activity | None:
        match = _ID.match(key.strip())
        return qs.filter(pk=int(match.group(1))).first() if match else None

    def value(self, obj: Activity) -> str:
        return f"{obj.title} (#{obj.pk})"

    def options(self, objs: list[Activity]) -> list[picker.Option]:
        return [picker.Option(self.value(a), a.title,
                              " · ".join([a.kind.name, a.unit.name, format_date_short(a.start_date)]))
                for a in objs]


picker.register(ActivitySource())
