"""The registry's lines in the home page's work queue ("Việc cần làm")."""

from __future__ import annotations


def work_items(request, unit) -> list:
    """"Việc cần làm": models waiting for assessment or recognition, models returned for completion."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from danvan.core.home_panels import WorkItem

    from .models import DvkYear
    from .selectors import queue_counts

    counts = queue_counts(request.user)
    base = reverse("registry:list")
    return [
        WorkItem(_("Mô hình chờ đưa ra bình xét"), counts["awaiting_assessment"],
                 f"{base}?{urlencode({'trang_thai': DvkYear.Status.REGISTERED})}"),
        WorkItem(_("Mô hình đang bình xét, chờ công nhận"), counts["awaiting_recognition"],
                 f"{base}?{urlencode({'trang_thai': DvkYear.Status.UNDER_ASSESSMENT})}"),
        WorkItem(_("Mô hình bị trả lại, cần bổ sung"), counts["returned"],
                 f"{base}?{urlencode({'trang_thai': DvkYear.Status.RETURNED})}", urgent=True,
                 notes=tuple(f"{name}: {note}" if note else name for name, note in counts["returned_notes"])),
    ]
