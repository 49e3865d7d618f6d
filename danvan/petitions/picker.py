"""Cases in the picker (the case a duplicate is merged into, the cases of a hotspot or a sentiment report):
by a few words of the subject or by tracking code. Never a petitioner's name in what is shown."""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short

from .models import Case

_CODE = re.compile(r"^[A-Z0-9]{8,16}$")  # tracking codes: 12 letters and digits


class CaseSource(picker.SearchTextSource):
    name = "case"
    noun = gettext_lazy("vụ việc")
    ordering = ("-received_on", "-id")

    def base(self) -> QuerySet:
        return Case.objects.select_related("unit")

    def visible(self, user) -> QuerySet:
        from . import selectors

        return selectors.visible_cases(user)

    def looks_like_key(self, text: str) -> bool:
        from .services.cases import TRACKING_ALPHABET, TRACKING_LENGTH

        text = text.strip().upper()
        if len(text) == TRACKING_LENGTH and all(c in TRACKING_ALPHABET for c in text):
            return True  # a generated code, letters only about once in 30 (it was then read as words)
        return bool(_CODE.match(text)) and any(c.isdigit() for c in text) and any(c.isalpha() for c in text)

    def by_key(self, qs: QuerySet, key: str) -> Case | None:
        return qs.filter(tracking_code=key.strip().upper()).first()

    def key_of(self, obj: Case) -> str:
        return obj.tracking_code

    def value(self, obj: Case) -> str:
        return f"{obj.subject[:120]} ({obj.tracking_code})"

    def options(self, objs: list[Case]) -> list[picker.Option]:
        return [picker.Option(self.value(c), c.subject[:120],
                              " · ".join([c.get_kind_display(), c.unit.name, format_date_short(c.received_on),
                                          c.get_status_display()]))
                for c in objs]


picker.register(CaseSource())
