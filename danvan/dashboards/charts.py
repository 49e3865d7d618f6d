"""The dashboard's charts, in page order, and their cached data."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from danvan.programme.dashboard import completion_chart

from . import records, selectors
from .cache import cached, cached_many
from .params import Filters

# (id, section, builder). Sections group the page; every chart has its table, CSV and XLSX.
CHARTS: list[tuple[str, str, Callable[[Filters], selectors.Chart]]] = [
    ("xu-huong", "figures", selectors.trend_chart),
    ("xep-hang", "figures", selectors.ranking_chart),
    ("ban-do", "figures", lambda filters: selectors.map_chart(filters, chart_data("xep-hang", filters))),
    ("linh-vuc", "breakdown", selectors.field_chart),
    ("khoi", "breakdown", selectors.sector_chart),
    ("tap-the-ca-nhan", "breakdown", selectors.subject_chart),
    ("chuong-trinh", "figures", completion_chart),  # the work programme's completion (issue 18)
    ("don-thu-theo-thang", "petitions", records.petitions_monthly_chart),
    ("don-thu-qua-han", "petitions", records.petitions_overdue_chart),
    ("diem-nong", "petitions", records.hotspots_chart),
    ("van-dong-chi-tieu", "campaigns", records.campaigns_target_chart),
    ("nha-theo-trang-thai", "campaigns", records.houses_chart),
]
BUILDERS = {chart_id: build for chart_id, _section, build in CHARTS}
SECTIONS = {
    "figures": _("Số liệu chính"),
    "breakdown": _("Phân tích theo lĩnh vực, khối, tập thể và cá nhân"),
    "petitions": _("Đơn thư, điểm nóng"),
    "campaigns": _("Cuộc vận động, phong trào"),
}


def chart_data(chart_id: str, filters: Filters) -> dict:
    """One chart as JSON-ready data, from the cache when nothing changed since it was built."""
    build = BUILDERS[chart_id]
    return cached(("chart", chart_id, *filters.cache_parts()), lambda: build(filters).as_json())


def all_charts(filters: Filters) -> list[dict]:
    data = cached_many([(("chart", chart_id, *filters.cache_parts()),
                         lambda build=build: build(filters).as_json()) for chart_id, _section, build in CHARTS])
    return [chart | {"section": section} for chart, (_id, section, _b) in zip(data, CHARTS, strict=True)]
