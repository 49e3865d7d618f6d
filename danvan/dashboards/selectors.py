"""The dashboards' figures. Every engine figure is read through `danvan.reports.selectors` (figures,
trend, breakdowns), so a dashboard shows the annual report's numbers; petitions and campaigns come from
their own apps' selectors. Each chart is one `Chart`: the same rows feed the chart, the HTML table, the
CSV/XLSX downloads and the JSON API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.orgunits.models import OrgUnit, Sector
from danvan.reports import engine
from danvan.reports import selectors as figures_engine

from .params import Filters

KEY_CODES = ["dvk.registered", "dvk.recognised", "conference.dissemination", "dialogue", "media",
             "commendation.collective", "commendation.individual", "petition.received", "petition.resolved",
             "campaign.money.received", "campaign.houses.completed"]
TREND_YEARS = 10
REFORM_DATE = datetime.date(2025, 7, 1)  # from 1/7/2025: 34 provinces, no districts


def number(value) -> int | float:
    """JSON-friendly number: int when integral."""
    value = Decimal(value or 0)
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class Chart:
    """One chart's data. `columns` head the table; `rows` hold a label then numbers; `links` (optional)
    give each row's drill-down address; `kind` tells the browser how to draw it."""

    id: str
    name: str
    kind: str  # line | bar | hbar | stack | map
    context: str  # unit, period, boundaries and coverage: part of every title
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    money: bool = False
    extra: dict = field(default_factory=dict)  # map points, archipelagos

    @property
    def title(self) -> str:
        return f"{self.name} — {self.context}"

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "name": self.name, "context": self.context, "kind": self.kind,
                "columns": self.columns, "rows": self.rows, "links": self.links, "money": self.money, **self.extra}


def indicator_info(code: str) -> engine.IndicatorInfo:
    return engine.indicators()[code]


def coverage_text(filters: Filters, codes: list[str] | None = None) -> str:
    """"số liệu của 61/63 đơn vị trực thuộc" for the chart's indicators, from the engine's coverage
    (`reports.selectors.figure_set`); nothing is counted here, so dashboards and reports agree."""
    from danvan.reports.coverage import coverage_phrase

    shown = figures_engine.figure_set(unit=filters.unit, period=filters.period.code,
                                      indicators=codes or [filters.indicator], boundaries=filters.boundaries)
    return coverage_phrase(shown["coverage"])


def context(filters: Filters, codes: list[str] | None = None, *, coverage: bool = True) -> str:
    """The title's second half: unit, period, boundaries and (for engine figures) coverage."""
    parts = [filters.unit.name, filters.period.label, filters.boundaries_label]
    covered = coverage_text(filters, codes) if coverage else ""
    if covered:
        parts.append(covered)
    return ", ".join(parts)


# --- home page: key figures --------------------------------------------------------------------------------

def key_figures(unit: OrgUnit, year: int, boundaries: str = engine.CURRENT) -> list[dict]:
    """This year against last year for the home page, from the engine's `figure_set` (None = no data).

    The change is given only when both years have data; coverage is the engine's ("61/63")."""
    from danvan.reports.coverage import figure_coverage

    known = engine.indicators()
    codes = [c for c in KEY_CODES if c in known]
    now = figures_engine.figure_set(unit=unit, period=str(year), indicators=codes, boundaries=boundaries)
    before = figures_engine.figure_set(unit=unit, period=str(year - 1), indicators=codes, boundaries=boundaries)
    rows = []
    for code in codes:
        value, previous = now["values"][code], before["values"][code]
        change = None
        if value is not None and previous:
            change = (Decimal(value) - Decimal(previous)) / Decimal(previous)  # a ratio: 0,25 = +25%
        rows.append({"code": code, "info": known[code], "value": value, "previous": previous, "change": change,
                     "coverage": figure_coverage(now["coverage"].get(code))})
    return rows


# --- dashboard charts -------------------------------------------------------------------------------------

def dashboard_url(unit: OrgUnit, query: str = "") -> str:
    url = reverse("dashboards:unit", args=[unit.key])
    return f"{url}?{query}" if query else url


def trend_chart(filters: Filters) -> Chart:
    info = indicator_info(filters.indicator)
    last = filters.period.year
    years = list(range(last - TREND_YEARS + 1, last + 1))
    values = figures_engine.trend(unit=filters.unit, years=years, indicators=[filters.indicator],
                                  boundaries=filters.boundaries)[filters.indicator]
    return Chart("xu-huong", _("%(name)s qua %(n)s năm") % {"name": info.name, "n": TREND_YEARS}, "line",
                 context(filters), [_("Năm"), f"{info.name} ({info.unit_of_measure})"],
                 [[str(y), number(values[y])] for y in years], money=info.is_money)


def ranking_chart(filters: Filters) -> Chart:
    """The child units by the chosen indicator, largest first; units without data last, shown "—" (no data
    is not 0). Each row links to the child's dashboard with the same filters (the drill-down)."""
    info = indicator_info(filters.indicator)
    children = figures_engine.child_figures(unit=filters.unit, period=filters.period.code,
                                            indicators=[filters.indicator], boundaries=filters.boundaries)
    ordered = sorted(children, key=lambda c: (c["figures"][filters.indicator] is None,
                                              -(c["figures"][filters.indicator] or 0), c["unit"].path))
    chart = Chart("xep-hang", _("Xếp hạng đơn vị trực thuộc theo %(name)s") % {"name": info.name.lower()}, "hbar",
                  context(filters), [_("Đơn vị"), f"{info.name} ({info.unit_of_measure})"], money=info.is_money)
    query = filters.query()
    for child in ordered:
        value = child["figures"][filters.indicator]
        chart.rows.append([child["unit"].name, None if value is None else number(value)])
        chart.links.append(dashboard_url(child["unit"], query))
    chart.extra = {"keys": [child["unit"].key for child in ordered]}
    return chart


def map_chart(filters: Filters, ranking: dict | None = None) -> Chart:
    """Proportional circles on the child units' centres (the 63 old provinces' for years before the reform on
    historical boundaries), Hoàng Sa and Trường Sa always drawn on the national map."""
    from . import geo

    ranking = ranking or ranking_chart(filters).as_json()  # the ranking's JSON (usually from the cache)
    legacy = filters.boundaries == engine.HISTORICAL and filters.period.end < REFORM_DATE
    points, grid_points = [], []
    chart = Chart("ban-do", _("Bản đồ %(name)s theo đơn vị") % {"name": indicator_info(filters.indicator).name.lower()},
                  "map", ranking["context"], [_("Đơn vị"), ranking["columns"][1], _("Vĩ độ"), _("Kinh độ")],
                  money=ranking["money"])
    for (name, value), link, key in zip(ranking["rows"], ranking["links"], ranking["keys"], strict=True):
        found = geo.centre(key, legacy=legacy)
        if found is None:
            continue
        lat, lon = found
        chart.rows.append([name, value, round(lat, 4), round(lon, 4)])
        chart.links.append(link)
        points.append({"name": name, "value": value, "lat": lat, "lon": lon, "url": link})
        grid_points.append((name, lat, lon))
    top = max((p["value"] or 0 for p in points), default=0)
    archipelagos = geo.archipelagos() if filters.unit.parent_id is None else []
    tiles = geo.tile_grid(grid_points) if filters.unit.level == OrgUnit.Level.CENTRAL else {}
    chart.extra = {"points": points, "archipelagos": [
        {"name": a["name"], "lat": a["lat"], "lon": a["lon"]} for a in archipelagos],
        "tiles": [{"name": p["name"], "value": p["value"], "url": p["url"], "row": tiles[p["name"]][0],
                   "col": tiles[p["name"]][1], "share": round((p["value"] or 0) / top, 2) if top else 0}
                  for p in points if p["name"] in tiles]}
    return chart


def field_chart(filters: Filters) -> Chart:
    """Models registered and recognised by field (lĩnh vực): the registry's category on the engine's facts."""
    codes = ["dvk.registered", "dvk.recognised"]
    split = figures_engine.breakdowns(unit=filters.unit, period=filters.period.code, indicators=codes,
                                      by="category", boundaries=filters.boundaries)
    names = indicator_info("dvk.registered").categories
    labels = sorted(set(split["dvk.registered"]) | set(split["dvk.recognised"]),
                    key=lambda code: (code not in names, list(names).index(code) if code in names else 0, code))
    return Chart("linh-vuc", _("Mô hình “Dân vận khéo” theo lĩnh vực"), "bar", context(filters, codes),
                 [_("Lĩnh vực"), _("Đăng ký"), _("Được công nhận")],
                 [[names.get(code, code or _("Chưa phân loại")), number(split["dvk.registered"].get(code)),
                   number(split["dvk.recognised"].get(code))] for code in labels])


def sector_chart(filters: Filters) -> Chart:
    info = indicator_info(filters.indicator)
    split = figures_engine.breakdowns(unit=filters.unit, period=filters.period.code, indicators=[filters.indicator],
                                      by="sector", boundaries=filters.boundaries)[filters.indicator]
    names = dict(Sector.objects.filter(code__in=list(split)).values_list("code", "name"))
    return Chart("khoi", _("%(name)s theo khối") % {"name": info.name}, "bar", context(filters),
                 [_("Khối"), f"{info.name} ({info.unit_of_measure})"],
                 [[names.get(code, code or _("Không thuộc khối")), number(value)]
                  for code, value in sorted(split.items(), key=lambda kv: -kv[1])], money=info.is_money)


def subject_chart(filters: Filters) -> Chart:
    """Collective vs individual: recognised models and commendations."""
    codes = ["dvk.recognised.collective", "dvk.recognised.individual", "commendation.collective",
             "commendation.individual"]
    values = figures_engine.figures(unit=filters.unit, period=filters.period.code, indicators=codes,
                                    boundaries=filters.boundaries)
    return Chart("tap-the-ca-nhan", _("Tập thể và cá nhân"), "stack", context(filters, codes),
                 [_("Nội dung"), _("Tập thể"), _("Cá nhân")], [
                     [_("Mô hình “Dân vận khéo” được công nhận"), number(values[codes[0]]), number(values[codes[1]])],
                     [_("Được khen thưởng"), number(values[codes[2]]), number(values[codes[3]])]])
