"""Models ("mô hình") in the picker: by name, with their unit and year."""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.text import search_terms

from .models import DvkModel

_ID = re.compile(r"^#(\d+)$")


class ModelSource(picker.Source):
    name = "model"
    noun = gettext_lazy("mô hình")

    def queryset(self, user, scope: str) -> QuerySet:
        from danvan.accounts import permissions

        qs = DvkModel.objects.select_related("unit")
        return qs if user is None or scope == "all" else permissions.scope(qs, user, permissions.VIEW)

    def search(self, qs: QuerySet, query: str) -> QuerySet:
        for term in search_terms(query):
            qs = qs.filter(search_text__contains=term)
        return qs.order_by("-id")

    def looks_like_key(self, text: str) -> bool:
        return bool(_ID.match(text.strip()))

    def by_key(self, qs: QuerySet, key: str) -> DvkModel | None:
        match = _ID.match(key.strip())
        return qs.filter(pk=int(match.group(1))).first() if match else None

    def value(self, obj: DvkModel) -> str:
        return f"{obj.name} (#{obj.pk})"

    def options(self, objs: list[DvkModel]) -> list[picker.Option]:
        return [picker.Option(self.value(m), m.name, m.unit.name) for m in objs]


picker.register(ModelSource())
