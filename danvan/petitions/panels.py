"""The petitions' lines in the home page's work queue: cases near or past their legal deadline."""

from __future__ import annotations

from django.utils.translation import gettext as _


def work_items(request, unit) -> list:
    """"Việc cần làm": cases past, or close to, their legal deadline."""
    from django.urls import reverse

    from danvan.accounts import permissions
    from danvan.core.home_panels import WorkItem

    from . import selectors

    counts = selectors.deadline_queue(request.user)
    base = reverse("petitions:case_list")
    items = []
    if permissions.may_act_somewhere(request.user, permissions.APPROVE):
        # Issue 13: the denouncer-identity right takes effect only when a second approver confirms.
        items.append(WorkItem(_("Đề nghị cấp quyền xem danh tính người tố cáo chờ bạn xác nhận"),
                              selectors.identity_requests_to_decide(request.user).count(),
                              reverse("petitions:identity_requests"), urgent=True))
    return items + [
        WorkItem(_("Đơn thư quá hạn giải quyết theo luật"), counts["overdue"], f"{base}?overdue=1", urgent=True),
        WorkItem(_("Đơn thư sắp đến hạn (trong %(n)s ngày)") % {"n": selectors.DUE_SOON_DAYS}, counts["due_soon"],
                 f"{base}?due_soon=1"),
    ]
