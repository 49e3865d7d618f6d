"""The periodic reports' lines in the home page's work queue."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.core.formatting import format_date_short
from danvan.core.home_panels import WorkItem

from . import selectors
from .models import Submission


def work_items(request, unit) -> list:
    queue = selectors.queue(request.user)
    base = reverse("submissions:index")
    items = [WorkItem(_("Báo cáo định kỳ chờ chấp nhận"), queue["awaiting"],
                      f"{base}?status={Submission.Status.SUBMITTED}")]
    for submission in queue["returned"][:5]:
        items.append(WorkItem(
            _("Báo cáo bị trả lại: %(form)s kỳ %(period)s") % {"form": submission.form.name,
                                                               "period": submission.period},
            1, submission.get_absolute_url(), urgent=True,
            notes=(_("Ý kiến cấp trên: %(note)s") % {"note": submission.decision_note},)
            if submission.decision_note else ()))
    for due in queue["due"]:
        label = _("Báo cáo quá hạn nộp: %(form)s kỳ %(period)s (hạn %(date)s)") if due.late else _(
            "Báo cáo sắp đến hạn nộp: %(form)s kỳ %(period)s (hạn %(date)s)")
        items.append(WorkItem(label % {"form": due.form.name, "period": due.period,
                                       "date": format_date_short(due.deadline)},
                              1, reverse("submissions:entry", args=[due.form.code, due.unit.key, due.period]),
                              urgent=due.late))
    return items
