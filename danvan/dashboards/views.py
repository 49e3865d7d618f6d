"""Dashboard pages: /bang-dieu-khien/<UNIT>/?ky=…&dia_gioi=…&chi_tieu=… and each chart's CSV/XLSX."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from danvan.accounts.permissions import home_unit, object_or_404_scoped
from danvan.core.exports import csv_response, xlsx_response
from danvan.core.picker import typed_key
from danvan.orgunits.models import OrgUnit
from danvan.orgunits.selectors import ancestors
from danvan.reports import engine

from . import cache, charts, params


def mine(request):
    """The dashboard of the user's home unit."""
    unit = home_unit(request.user)
    if unit is None:
        raise Http404
    return redirect("dashboards:unit", unit.key)


def _filters(request, key: str) -> tuple[OrgUnit, params.Filters | None, str]:
    unit = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key.strip().upper())
    try:
        return unit, params.parse(unit, request.GET), ""
    except ValidationError as error:
        return unit, None, " ".join(error.messages)
def _other_unit(request, key: str):
    """The "Đơn vị khác" picker: go to the chosen unit's dashboard with the same filters."""
    chosen = typed_key(request.GET.get("don_vi"), request.user)
    if not chosen or chosen == key.strip().upper() or not OrgUnit.objects.filter(key=chosen).exists():
        return None
    query = request.GET.copy()
    query.pop("don_vi", None)
    url = reverse("dashboards:unit", args=[chosen]) + (f"?{query.urlencode()}" if query else "")
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def dashboard(request, key: str):
    if request.GET.get("don_vi"):
        response = _other_unit(request, key)
        if response is not None:
            return response
    unit, filters, error = _filters(request, key)
    context = {"unit": unit, "filters": filters, "error": error, "trail": ancestors(unit),
               "raw_period": request.GET.get("ky", ""),
               "indicators": sorted(engine.indicators().values(), key=lambda i: i.code),
               "boundary_choices": [("hien-nay", "Ranh giới hiện nay"), ("lich-su", "Ranh giới lịch sử")]}
    if filters is not None:
        context.update({"query": filters.query(), "boundary_param": params.BOUNDARY_PARAM[filters.boundaries]})
        # The charts' part of the page is the same for everyone who may see the unit: rendered once per
        # roll-up version (its ~5.000 table cells took most of a province page's time) and kept with the charts.
        context["body"] = cache.cached(("page-body", unit.key, filters.query(), get_language()),
                                       lambda: _render_body(unit, filters))
    else:
        context["body"] = render_to_string("dashboards/_body.html", context)
    if request.htmx:
        return HttpResponse(context["body"], status=400 if error else 200)
    return render(request, "dashboards/dashboard.html", context, status=400 if error else 200)


def _render_body(unit: OrgUnit, filters: params.Filters) -> str:
    data = charts.all_charts(filters)
    return render_to_string("dashboards/_body.html", {
        "unit": unit, "query": filters.query(),
        "sections": [(label, [c for c in data if c["section"] == section])
                     for section, label in charts.SECTIONS.items()],
        "api_base": reverse("dashboards-api:dashboard", args=[unit.key]),
    })


class _BadFilters(Exception):
    pass


def _chart_or_404(request, key: str, chart_id: str) -> dict:
    if chart_id not in charts.BUILDERS:
        raise Http404
    _unit, filters, error = _filters(request, key)
    if filters is None:
        raise _BadFilters(error)
    return charts.chart_data(chart_id, filters)


def _bad_filters(error: _BadFilters) -> HttpResponseBadRequest:
    """A download with a period (or other filter) that cannot be read: the Vietnamese message, 400 — not 404."""
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
def chart_csv(request, key: str, chart_id: str):
    try:
        chart = _chart_or_404(request, key, chart_id)
    except _BadFilters as error:
        return _bad_filters(error)
    return csv_response(f"{chart_id}-{key}.csv", chart["columns"], chart["rows"])
def chart_xlsx(request, key: str, chart_id: str):
    try:
        chart = _chart_or_404(request, key, chart_id)
    except _BadFilters as error:
        return _bad_filters(error)
    return xlsx_response(f"{chart_id}-{key}.xlsx", [(chart["name"][:31], chart["columns"], chart["rows"])])
