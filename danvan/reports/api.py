"""REST API: figures of a unit and period, the indicator catalogue, data values (through the services)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import is_write_on_behalf, object_or_404_scoped, on_behalf_for
from danvan.core.api import ScopedViewSet
from danvan.core.api_numbers import VnNumbersMixin
from danvan.orgunits.models import OrgUnit

from . import cache as report_cache
from . import engine, selectors
from .models import DataValue, Indicator
from .periods import YEAR, parse_period
from .services import datavalue_delete, datavalue_set


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["code", "name", "unit_of_measure", "source", "formula", "categories", "is_money", "order",
                  "description"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue (not unit-scoped: the same for everyone)."""

    queryset = Indicator.objects.filter(is_active=True).order_by("order", "code")
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_.]+"
    pagination_class = None


class DataValueSerializer(VnNumbersMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", queryset=OrgUnit.objects.all())
    indicator = serializers.CharField(source="indicator_id")
    period = serializers.CharField(max_length=40, help_text="2026Q3, or as people write it: “Quý 3/2026”")
    value = serializers.CharField()
    version = serializers.IntegerField(required=False)
    on_behalf = serializers.BooleanField(required=False, write_only=True)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = DataValue
        fields = ["id", "unit", "period", "indicator", "category", "sector", "value", "version", "on_behalf",
                  "created_at", "updated_at", "warnings"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators: list = []

    def validate_period(self, value: str) -> str:
        try:
            return parse_period(value).code
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None

    def get_warnings(self, dv) -> list[str]:
        return [w.message for w in getattr(dv, "warnings", [])]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["value"] = str(instance.value)
        return data


class DataValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, mixins.DestroyModelMixin, ScopedViewSet):
    """Entered aggregates in the caller's scope. Filter with ?unit=KEY&period=2023&indicator=CODE.

    Writes go through `datavalue_set` / `datavalue_delete` (permission, validation, locks, audit, rules).
    A PUT/PATCH carries the `version` it was read with; a stale version is refused.
    """

    serializer_class = DataValueSerializer
    queryset = DataValue.objects.select_related("unit").order_by("unit__path", "period", "indicator_id")

    def get_base_queryset(self):
        qs = super().get_base_queryset()
        params = self.request.query_params
        if params.get("unit"):
            qs = qs.filter(unit__key=params["unit"])
        if params.get("period"):
            try:
                qs = qs.filter(period=parse_period(params["period"]).code)
            except ValueError as error:
                raise DRFValidationError({"period": [str(error)]}) from None
        if params.get("indicator"):
            qs = qs.filter(indicator_id=params["indicator"])
        return qs

    def _on_behalf(self, unit, requested) -> bool:
        # An explicit "on_behalf": false for a unit below is refused, not silently turned into on-behalf entry.
        return on_behalf_for(self.request.user, unit, requested)

    def perform_create(self, serializer):
        data = serializer.validated_data
        unit = data["unit"]
        # Units outside the caller's scope look like they do not exist.
        object_or_404_scoped(OrgUnit.objects.all(), self.request.user, pk=unit.pk)
        serializer.instance = datavalue_set(
            actor=self.request.user, unit=unit, period=data["period"], indicator=data["indicator_id"],
            value=data["value"], category=data.get("category", ""), sector=data.get("sector", ""),
            on_behalf=self._on_behalf(unit, data.get("on_behalf")), expected_version=data.get("version"))

    def perform_update(self, serializer):
        current = serializer.instance
        data = serializer.validated_data
        if "unit" in data and data["unit"].pk != current.unit_id or any(
                field in data and data[field] != getattr(current, attr) for field, attr in
                [("period", "period"), ("indicator_id", "indicator_id"), ("category", "category"),
                 ("sector", "sector")]):
            raise DRFValidationError({"non_field_errors": ["Chỉ được sửa giá trị; hãy xóa và nhập lại nếu cần."]})
        serializer.instance = datavalue_set(
            actor=self.request.user, unit=current.unit, period=current.period, indicator=current.indicator_id,
            value=data.get("value", current.value), category=current.category, sector=current.sector,
            on_behalf=self._on_behalf(current.unit, data.get("on_behalf")),
            expected_version=data.get("version", current.version))

    def perform_destroy(self, instance):
        datavalue_delete(actor=self.request.user, datavalue=instance,
                         on_behalf=is_write_on_behalf(self.request.user, instance.unit))


@extend_schema(
    parameters=[OpenApiParameter("unit", str, required=True), OpenApiParameter("period", str, required=True),
                OpenApiParameter("boundaries", str, enum=["historical", "current"]),
                OpenApiParameter("indicators", str), OpenApiParameter("by", str,
                                                                       enum=["level", "child", "sector", "category"])],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
def figures_view(request):
    """GET ?unit=VN-92&period=2023[&boundaries=current][&indicators=a,b][&by=level|child|sector|category]."""
    params = request.query_params
    try:
        period = parse_period(params.get("period", ""))
    except ValueError as error:
        raise DRFValidationError({"period": [str(error)]}) from None
    unit = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=params.get("unit", ""))
    boundaries = params.get("boundaries", "historical")
    if boundaries not in ("historical", "current"):
        raise DRFValidationError({"boundaries": ["Giá trị phải là historical hoặc current."]})
    known = engine.indicators()
    codes = [c for c in params.get("indicators", "").split(",") if c] or list(known)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise DRFValidationError({"indicators": [f"Không có chỉ tiêu mã “{c}”." for c in unknown]})
    by = params.get("by")
    if by and by not in selectors.BREAKDOWNS:
        raise DRFValidationError({"by": ["Giá trị phải là level, child, sector hoặc category."]})
    # Year figures by level or child come from the roll-ups: cached under their version (reports/cache.py).
    version = (report_cache.figures_version(unit.pk, [period.year], boundaries)
               if period.type == YEAR and by in (None, "", "level", "child") else None)
    body = report_cache.cached("api_figures", (unit.pk, period.code, boundaries, tuple(codes), by or ""), version,
                               lambda: _figures_body(unit, period, codes, boundaries, by))
    return Response({**body, "as_of": selectors.as_of()})


def _figures_body(unit, period, codes: list[str], boundaries: str, by: str | None) -> dict:
    body = {
        "unit": unit.key, "name": unit.name, "period": period.code, "period_label": period.label,
        "boundaries": boundaries, "as_of": None,  # set per response (the reading time)
        "figures": {c: selectors.number(v) for c, v in
                    selectors.figures(unit=unit, period=period.code, indicators=codes,
                                      boundaries=boundaries).items()},
    }
    if by:
        split = selectors.breakdowns(unit=unit, period=period.code, indicators=codes, by=by, boundaries=boundaries)
        body["breakdown"] = {"by": by, "values": {c: {k: selectors.number(v) for k, v in values.items()}
                                                  for c, values in split.items()}}
    return body


@extend_schema(parameters=[OpenApiParameter("boundaries", str, enum=["historical", "current"])],
               responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def annual_view(request, key: str, year: str):
    """The annual figure set (annual_figures) of a unit: /api/v1/reports/annual/VN-92/2023/?boundaries=current.
    The year may be written as people write it ("năm 2023"); another kind of period, or none, is a 400."""
    unit = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key)
    boundaries = request.query_params.get("boundaries", "historical")
    if boundaries not in ("historical", "current"):
        raise DRFValidationError({"boundaries": ["Giá trị phải là historical hoặc current."]})
    try:
        period = parse_period(year)
    except ValueError as error:
        raise DRFValidationError({"year": [str(error)]}) from None
    if period.type != YEAR:
        raise DRFValidationError({"year": [_("Số liệu tổng kết năm cần một năm (ví dụ 2023 hoặc “năm 2023”); "
                                             "“%(value)s” là %(label)s — dùng /api/v1/reports/figures/?period=….")
                                           % {"value": year, "label": period.label}]})
    from django.utils import timezone

    from .cache import cached, figures_version

    # The JSON-ready body is kept under the same version as the figures (issue 16: converting ~3.000 numbers was
    # half of the call); `as_of` stays the reading time, as in `selectors.annual_figures`.
    version = figures_version(unit.pk, [period.year, period.year - 1], boundaries)
    body = cached("api-annual", (unit.pk, period.year, boundaries), version,
                  lambda: _jsonable(selectors.annual_figures(unit=unit, year=period.year, boundaries=boundaries)))
    if version is not None:
        body = {**body, "as_of": timezone.localtime(timezone.now()).isoformat()}
    return Response(body)


def _jsonable(value):
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


router = DefaultRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("datavalues", DataValueViewSet, basename="datavalue")
urlpatterns = [
    path("figures/", figures_view, name="reports-figures"),
    path("annual/<str:key>/<path:year>/", annual_view, name="reports-annual"),
    *router.urls,
]
