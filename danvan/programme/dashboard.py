"""The unit dashboard's chart of the work programme: key tasks and projects planned and done in the subtree,
projects split by who assigned them — the engine's figures (selectors.completion), like every chart."""

from __future__ import annotations

from django.utils.translation import gettext as _

from danvan.dashboards.selectors import Chart, context, number

from . import facts, selectors


def completion_chart(filters) -> Chart:
    done = selectors.completion(unit=filters.unit, period=filters.period.code, boundaries=filters.boundaries)
    rows = [[_("Nhiệm vụ trọng tâm"), number(done["tasks"]), number(done["tasks_done"])],
            [_("Đề án"), number(done["projects"]), number(done["projects_done"])]]
    for row in done["by_assigner"].values():
        if row["projects"]:
            rows.append([_("Đề án — %(who)s") % {"who": row["label"]}, number(row["projects"]),
                         number(row["projects_done"])])
    return Chart("chuong-trinh", _("Thực hiện chương trình công tác năm"), "bar", context(filters, facts.CODES),
                 [_("Nội dung"), _("Tổng số"), _("Đã hoàn thành")], rows)
