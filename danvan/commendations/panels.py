"""The commendations' lines in the home page's work queue ("Việc cần làm")."""

from __future__ import annotations


def work_items(request, unit) -> list:
    """"Việc cần làm": proposals waiting for the user's decision; the user's proposals returned."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from danvan.core.home_panels import WorkItem

    from . import selectors
    from .models import Commendation

    counts = selectors.queue_counts(request.user)
    base = reverse("commendations:list")
    return [
        WorkItem(_("Đề nghị khen thưởng chờ duyệt, quyết định"), counts["waiting"], f"{base}?cho_duyet=1"),
        WorkItem(_("Đề nghị khen thưởng bị trả lại"), counts["returned"],
                 f"{base}?trang_thai={Commendation.Status.RETURNED}", urgent=True,
                 notes=tuple(f"{name}: {note}" if note else name for name, note in counts["returned_notes"])),
    ]
