"""The activities app's lines in the home page's work queue: commitments and documents due."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.formatting import format_date_short
from danvan.core.home_panels import WorkItem

from . import selectors

WHAT = {"dissemination": gettext_lazy("Học tập, quán triệt"), "interim": gettext_lazy("Sơ kết"),
        "final": gettext_lazy("Tổng kết")}


def work_items(request, unit) -> list:
    counts = selectors.commitment_queue(request.user)
    base = reverse("activities:commitments")
    items = [
        WorkItem(_("Cam kết sau đối thoại quá hạn"), counts["overdue"], f"{base}?tinh_trang=qua_han", urgent=True),
        WorkItem(_("Cam kết sau đối thoại sắp đến hạn (trong %(n)s ngày)") % {
            "n": selectors.COMMITMENT_DUE_DAYS}, counts["due_soon"], f"{base}?tinh_trang=sap_han"),
    ]
    if unit is not None:
        for due in selectors.documents_due(unit)[:5]:
            items.append(WorkItem(
                _("%(what)s văn bản %(doc)s — hạn %(date)s") % {
                    "what": WHAT[due["what"]], "doc": due["document"], "date": format_date_short(due["due"])},
                1, reverse("activities:document_detail", args=[due["document"].pk]), urgent=due["late"]))
    return items
