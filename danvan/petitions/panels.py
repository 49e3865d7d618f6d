"""The petitions' lines in the home page's work queue: cases near or past their legal deadline."""

from __future__ import annotations

from django.utils.translation import gettext as _


def work_items(request, unit) -> list:
    """"Việc cần làm": cases past, or close to, their legal deadline."""
    from django.urls import reverse

    from danvan.core.home_panels import WorkItem

    from . import selectors

    counts = selectors.deadline_queue(request.user)
    base = reverse("petitions:case_list")
    return [
        WorkItem(_("Đơn thư quá hạn giải quyết theo luật"), counts["overdue"], f"{base}?overdue=1", urgent=True),
        WorkItem(_("Đơn thư sắp đến hạn (trong %(n)s ngày)") % {"n": selectors.DUE_SOON_DAYS}, counts["due_soon"],
                 f"{base}?due_soon=1"),
    ]
