"""JSON of the dashboard charts: /api/v1/dashboards/<UNIT>/ (every chart) and /api/v1/dashboards/<UNIT>/<chart>/,
with the page's filters (?ky=2025&dia_gioi=hien-nay&chi_tieu=dvk.registered). Same selectors, same cache."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from danvan.accounts.permissions import object_or_404_scoped
from danvan.orgunits.models import OrgUnit

from . import charts, params

PARAMETERS = [
    OpenApiParameter("ky", str, description="Kỳ: 2025, 2025S1, 2025Q3, 202511 (mặc định: năm nay)"),
    OpenApiParameter("dia_gioi", str, enum=["hien-nay", "lich-su"], description="Ranh giới"),
    OpenApiParameter("chi_tieu", str, description="Mã chỉ tiêu, ví dụ dvk.registered"),
]


def _filters(request, key: str) -> params.Filters:
    unit = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key.strip().upper())
    try:
        return params.parse(unit, request.query_params)
    except ValidationError as error:
        raise DRFValidationError({"detail": error.messages}) from None


@extend_schema(parameters=PARAMETERS, responses={200: dict}, summary="Mọi biểu đồ của bảng điều khiển",
               operation_id="dashboards_retrieve")
@api_view(["GET"])
def dashboard_view(request, key: str):
    filters = _filters(request, key)
    return Response({"unit": filters.unit.key, "period": filters.period.code,
                     "boundaries": filters.boundaries, "indicator": filters.indicator,
                     "charts": charts.all_charts(filters)})


@extend_schema(parameters=PARAMETERS, responses={200: dict}, summary="Một biểu đồ của bảng điều khiển",
               operation_id="dashboards_chart_retrieve")
@api_view(["GET"])
def chart_view(request, key: str, chart_id: str):
    if chart_id not in charts.BUILDERS:
        raise Http404
    return Response(charts.chart_data(chart_id, _filters(request, key)))


app_name = "dashboards-api"
urlpatterns = [
    path("<str:key>/", dashboard_view, name="dashboard"),
    path("<str:key>/<slug:chart_id>/", chart_view, name="chart"),
]
