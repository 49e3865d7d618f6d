"""The programme's lines in the home page's work queue ("Việc cần làm"): items the user's own units lead
that are overdue or due within a week."""

from __future__ import annotations


def work_items(request, unit) -> list:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from danvan.core.home_panels import WorkItem

    from . import selectors

    counts = selectors.queue_counts(request.user)
    base = reverse("programme:items")
    return [
        WorkItem(_("Nhiệm vụ, đề án trong chương trình công tác quá hạn"), counts["overdue"] or 0,
                 f"{base}?tinh_trang=qua_han&cua_toi=1", urgent=True),
        WorkItem(_("Nhiệm vụ, đề án sắp đến hạn (trong %(n)s ngày)") % {"n": selectors.DUE_DAYS},
                 counts["due_soon"] or 0, f"{base}?tinh_trang=sap_han&cua_toi=1"),
    ]
