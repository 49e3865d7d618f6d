"""Models ("mô hình") in the picker: by name, with their unit and year."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker

from .models import DvkModel


class ModelSource(picker.NumberedSource):
    name = "model"
    noun = gettext_lazy("mô hình")

    def base(self) -> QuerySet:
        return DvkModel.objects.select_related("unit")

    def title(self, obj: DvkModel) -> str:
        return obj.name

    def detail(self, obj: DvkModel) -> str:
        return obj.unit.name


picker.register(ModelSource())
