"""The reminders' lines in the home page's work queue: unread reminders, and the due items of plugged-in
sources that no other app lists there (e.g. the work programme's tasks)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.core import clock
from danvan.core.formatting import format_date_short
from danvan.core.home_panels import WorkItem

from . import selectors


def work_items(request, unit) -> list:
    unread = selectors.unread_count_for_request(request)
    if unread > selectors.BELL_LIMIT:  # rare: the queue states the exact number
        unread = selectors.unread_count(request.user, exact=True)
    items = [WorkItem(_("Thông báo nhắc việc chưa đọc"), unread, reverse("reminders:list") + "?chua_doc=1")]
    today = clock.today()
    for label, item in selectors.work_queue_items(request.user, day=today):
        items.append(WorkItem(_("%(kind)s: %(title)s — hạn %(date)s") % {
            "kind": label, "title": item.title, "date": format_date_short(item.due)}, 1, item.url,
            urgent=item.due < today))
    return items
