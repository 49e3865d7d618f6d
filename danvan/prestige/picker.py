"""Activities and commendations in the picker, to link them to a person of prestige by name.

"Hội nghị biểu dương người có uy tín năm 2025 (#12)": typed letters of the title (or the recipient's name), with
the organising unit and date; scoped by the gatekeeper like every other read.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short
from danvan.core.text import search_terms

_ID = re.compile(r"^#?(\d+)$")


class _ById(picker.Source):
    def looks_like_key(self, text: str) -> bool:
        return bool(_ID.match(text.strip()))

    def by_key(self, qs: QuerySet, key: str):
        match = _ID.match(key.strip())
        return qs.filter(pk=int(match.group(1))).first() if match else None

    def search(self, qs: QuerySet, query: str) -> QuerySet:
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs.order_by("-id")


class ActivitySource(_ById):
    name = "activity"
    noun = gettext_lazy("hoạt động")

    def queryset(self, user, scope: str) -> QuerySet:
        from danvan.accounts import permissions
        from danvan.activities.models import Activity

        qs = Activity.objects.select_related("unit")
        return qs if user is None or scope == "all" else permissions.scope(qs, user, permissions.VIEW)

    def value(self, obj) -> str:
        return f"{obj.title} (#{obj.pk})"

    def options(self, objs: list) -> list[picker.Option]:
        return [picker.Option(self.value(a), a.title, f"{a.unit.name} · {format_date_short(a.start_date)}")
                for a in objs]


class CommendationSource(_ById):
    name = "commendation"
    noun = gettext_lazy("khen thưởng")

    def queryset(self, user, scope: str) -> QuerySet:
        from danvan.commendations import selectors
        from danvan.commendations.models import Commendation

        qs = Commendation.objects.select_related("unit", "form")
        return qs if user is None or scope == "all" else selectors.visible(user, qs)

    def value(self, obj) -> str:
        return f"{obj} (#{obj.pk})"

    def options(self, objs: list) -> list[picker.Option]:
        return [picker.Option(self.value(c), str(c), c.unit.name) for c in objs]


picker.register(ActivitySource())
picker.register(CommendationSource())
