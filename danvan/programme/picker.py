"""The records a programme item is carried out by that have no picker source in their own app yet, in the
one picker (danvan.core.picker): documents ("document") and periodic reports ("submission"), typed by a few
letters of their symbol, title, form, unit or period. Activities and campaigns use their apps' sources
("activity", "campaign").

Each source reads only what the user may read (the gatekeeper's rules, through the apps' own visibility
selectors); with no user (a form showing a value it already holds) every record is known.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from danvan.core import picker
from danvan.core.formatting import format_date_short


class _RecordSource(picker.NumberedSource):
    field = ""  # the link field of ProgrammeItem
    key_pattern = re.compile(r"^#?(\d+)$")
    title_length = 150

    def queryset(self, user, scope: str) -> QuerySet:
        if user is None:
            return self.base()
        from .services import visible_link_targets

        return visible_link_targets(user, self.field)

    def detail(self, obj) -> str:
        return obj.unit.name


class DocumentSource(_RecordSource):
    name, field = "document", "documents"
    noun = gettext_lazy("văn bản")

    def base(self) -> QuerySet:
        from danvan.activities.models import Document

        return Document.objects.select_related("unit")

    def detail(self, obj) -> str:
        return f"{obj.issuing_body} · {format_date_short(obj.issued_on)}"


class ReportSource(_RecordSource):
    """Periodic reports have no search text: each typed word matches the form's name or code, the unit's name
    (diacritics optional) or the period code."""

    name, field = "submission", "reports"
    noun = gettext_lazy("báo cáo định kỳ")

    def base(self) -> QuerySet:
        from danvan.submissions.models import Submission

        return Submission.objects.select_related("unit", "form")

    def search(self, qs: QuerySet, query: str) -> QuerySet:
        from danvan.core.text import fold
        from danvan.submissions.models import ReportForm

        forms = [(pk, fold(f"{name} {code}"))
                 for pk, name, code in ReportForm.objects.values_list("pk", "name", "code")]
        for word in query.split():
            folded = fold(word)
            form_ids = [pk for pk, text in forms if folded in text]
            qs = qs.filter(Q(form_id__in=form_ids) | Q(unit__search_text__contains=folded) | Q(period__icontains=word))
        return qs.order_by("-period_end", "-id")

    def title(self, obj) -> str:
        from danvan.reports.periods import period_label

        return f"{obj.form.name} — {period_label(obj.period)}"


for _source in (DocumentSource(), ReportSource()):
    picker.register(_source)
