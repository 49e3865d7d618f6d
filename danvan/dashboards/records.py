"""Dashboard charts of petitions and campaigns, through those apps' selectors — which read the reporting engine
(petitions' figures, campaigns' money and houses), so every number is the one of the other surfaces."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.reports import engine

from .params import Filters
from .selectors import Chart, context, dashboard_url, number

MONTHS_SHOWN = 12


def _petition_boundaries(filters: Filters) -> str:
    from danvan.petitions import selectors

    return selectors.CURRENT if filters.boundaries == engine.CURRENT else selectors.HISTORICAL


def petitions_monthly_chart(filters: Filters) -> Chart:
    """Cases received and resolved per month of the period — the engine's figures of each month (the statistics
    page's numbers for that month); "—" where a month has no data."""
    from danvan.petitions import selectors

    months = selectors.monthly(filters.unit, filters.period,
                               boundaries=_petition_boundaries(filters))[-MONTHS_SHOWN:]
    return Chart("don-thu-theo-thang", _("Đơn thư tiếp nhận và giải quyết đúng hạn theo tháng"), "bar",
                 context(filters, ["petition.received", "petition.resolved"]),
                 [_("Tháng"), _("Tiếp nhận"), _("Giải quyết"), _("Giải quyết đúng hạn")],
                 [[f"{m['period'].index:02d}/{m['period'].year}", _figure(m["received"]), _figure(m["resolved"]),
                   _figure(m["on_time"])] for m in months])


def _figure(value):
    return None if value is None else number(value)


def _by_child_chart(chart_id: str, name: str, column: str, rows: list[dict], filters: Filters) -> Chart:
    from danvan.orgunits.models import OrgUnit

    units = {u.key: u for u in OrgUnit.objects.filter(key__in=[r["key"] for r in rows])}
    chart = Chart(chart_id, name, "hbar", context(filters, coverage=False), [_("Đơn vị"), column])
    for row in rows:
        chart.rows.append([row["name"], row["count"]])
        unit = units.get(row["key"])
        chart.links.append(dashboard_url(unit, filters.query()) if unit and unit != filters.unit else "")
    return chart


def petitions_overdue_chart(filters: Filters) -> Chart:
    from danvan.petitions import selectors

    return _by_child_chart("don-thu-qua-han", _("Đơn thư quá hạn giải quyết theo đơn vị (đến hôm nay)"),
                           _("Số vụ việc quá hạn"),
                           selectors.overdue_by_unit(filters.unit, boundaries=_petition_boundaries(filters)), filters)


def hotspots_chart(filters: Filters) -> Chart:
    from danvan.petitions import selectors

    return _by_child_chart("diem-nong", _("Điểm nóng đang theo dõi theo đơn vị"), _("Số điểm nóng"),
                           selectors.hotspots_by_unit(filters.unit, boundaries=_petition_boundaries(filters)), filters)


def _campaigns(filters: Filters) -> list:
    """Campaigns of the unit's subtree or above it that ran during the period (at most 5, newest first)."""
    from danvan.campaigns.models import Campaign

    unit, period = filters.unit, filters.period
    above = [k for k in unit.path.split("/") if k]
    qs = Campaign.objects.filter(Q(unit__path__startswith=unit.path) | Q(unit__key__in=above)).filter(
        start_date__lte=period.end).filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    return list(qs.order_by("-start_date", "-id")[:5])


def campaigns_target_chart(filters: Filters) -> Chart:
    from danvan.campaigns import selectors

    within = None if filters.unit.parent_id is None else filters.unit
    chart = Chart("van-dong-chi-tieu", _("Cuộc vận động: kết quả so với chỉ tiêu"), "bar",
                  context(filters, coverage=False),
                  [_("Cuộc vận động — chỉ tiêu"), _("Chỉ tiêu"), _("Đạt được")])
    for campaign in _campaigns(filters):
        for metric in selectors.metric_progress(campaign, within=within, end=filters.period.end,
                                                boundaries=_petition_boundaries(filters)):
            if metric.target is None:
                continue
            chart.rows.append([f"{campaign.name} — {metric.label} ({metric.measure})", number(metric.target),
                               number(metric.achieved)])
            chart.links.append(campaign.get_absolute_url())
    return chart


def houses_chart(filters: Filters) -> Chart:
    from danvan.campaigns import selectors
    from danvan.campaigns.models import House

    within = None if filters.unit.parent_id is None else filters.unit
    totals = dict.fromkeys(House.Status.values, 0)
    for campaign in _campaigns(filters):
        for status, n in selectors.houses_by_status(campaign, within=within, as_of=filters.period.end,
                                                    boundaries=_petition_boundaries(filters)).items():
            totals[status] += n
    labels = dict(House.Status.choices)
    return Chart("nha-theo-trang-thai", _("Nhà đại đoàn kết, nhà tình nghĩa theo trạng thái"), "bar",
                 context(filters, coverage=False), [_("Trạng thái"), _("Số nhà (căn)")],
                 [[str(labels[s]), totals[s]] for s in House.Status.values])
