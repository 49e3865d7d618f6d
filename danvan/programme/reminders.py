"""The work programme's deadlines as a reminder source (kind "programme_task", see danvan.reminders.sources).

The owner unit's officers are reminded of each open key task or project of an approved programme; the home
work queue already lists these items (programme.panels), so the source stays out of it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from danvan.reminders.sources import DueItem

from .selectors import tasks_due_between

KIND = "programme_task"


def programme_task_items(*, day: datetime.date, start: datetime.date, end: datetime.date,
                         units: QuerySet | None = None) -> Iterator[DueItem]:
    items = tasks_due_between(start, end)
    if units is not None:
        items = items.filter(owner_unit__in=units)
    for item in items:
        title = " ".join(str(item.title).split())
        yield DueItem(
            kind=KIND, key=str(item.pk), unit=item.owner_unit, due=item.deadline,
            title=title if len(title) <= 160 else title[:159].rstrip() + "…", url=item.get_absolute_url(),
            record=item, detail=_("%(kind)s — chương trình công tác năm %(year)s của %(unit)s") % {
                "kind": item.get_kind_display(), "year": item.programme.year, "unit": item.programme.unit.name})
