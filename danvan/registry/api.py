"""REST API under /api/v1/registry/: thin over the same services and selectors as the UI."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import is_write_on_behalf, object_or_404_scoped
from danvan.core import api as core_api
from danvan.core.api import ScopedReadOnlyViewSet, ScopedViewSet, on_behalf_of
from danvan.core.api_numbers import VnNumbersMixin
from danvan.core.concurrency import parse_version
from danvan.core.params import YEAR_MAX, YEAR_MIN, page_param, year_param
from danvan.core.sync import SyncPaginationMixin
from danvan.orgunits.models import OrgUnit, Sector

from . import selectors, services
from .models import DvkModel, DvkYear, Field, Level


class _NoCountPages(BasePagination):
    """Page numbers without COUNT(*) over the filtered table (fast at millions of rows)."""

    page_size = 50

    def paginate_queryset(self, queryset, request, view=None):
        self.page = page_param(request.query_params.get("page"))
        rows = list(queryset[(self.page - 1) * self.page_size: self.page * self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        self.request = request
        return rows[: self.page_size]

    def get_paginated_response(self, data):
        return Response({"page": self.page, "has_next": self.has_next, "results": data})

    def get_paginated_response_schema(self, schema):
        return {"type": "object", "properties": {"page": {"type": "integer"}, "has_next": {"type": "boolean"},
                                                 "results": schema}}

    def get_schema_operation_parameters(self, view):
        return [{"name": "page", "required": False, "in": "query", "schema": {"type": "integer"}}]


class NoCountPagination(SyncPaginationMixin, _NoCountPages):
    """Page numbers without COUNT(*); sync pages with `changed_since` / `cursor` (core.sync)."""


class YearSerializer(VnNumbersMixin, serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.key", read_only=True)
    field = serializers.CharField(source="field.code", read_only=True)
    name = serializers.CharField(source="model.name", read_only=True)

    class Meta:
        model = DvkYear
        fields = ["id", "model", "name", "year", "status", "unit", "field", "subject", "kind", "registered_on",
                  "recognised_on", "recognised_year", "recognition_level", "recognising_body", "decision_number",
                  "decision_date", "not_recognised_reason", "returned_note", "honour_level", "honour_event",
                  "honoured_on", "version"]
        read_only_fields = fields


class ModelSerializer(VnNumbersMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", queryset=OrgUnit.objects.all())
    field = serializers.SlugRelatedField(slug_field="code", queryset=Field.objects.all())
    sector = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), required=False,
                                          allow_null=True)
    collective_unit = serializers.SlugRelatedField(slug_field="key", queryset=OrgUnit.objects.all(), required=False,
                                                   allow_null=True)
    years = YearSerializer(many=True, read_only=True)
    year = serializers.IntegerField(write_only=True, required=False)
    register = serializers.BooleanField(write_only=True, required=False, default=False)
    registered_on = serializers.DateField(write_only=True, required=False, allow_null=True)
    on_behalf = serializers.BooleanField(write_only=True, required=False, default=False)
    submission_key = serializers.UUIDField(required=False, allow_null=True)

    class Meta:
        model = DvkModel
        fields = ["id", "unit", "kind", "subject", "name", "collective_unit", "group_name", "person_name",
                  "person_position", "person_unit", "field", "sector", *DvkModel.CONTENT_FIELDS, "external_ref",
                  "replicated_from", "discontinued_on", "discontinued_reason", "version", "years", "year", "register",
                  "registered_on", "on_behalf", "submission_key"]
        read_only_fields = ["id", "replicated_from", "discontinued_on", "discontinued_reason", "version"]
        extra_kwargs = {"name": {"required": True}}


def _data(validated: dict) -> dict:
    return {k: v for k, v in validated.items() if k in services.MODEL_FIELDS}


class ModelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, ScopedViewSet):
    """Models: list (?q=, ?unit=), detail with years, create, PATCH (send `version`), and actions."""

    serializer_class = ModelSerializer
    pagination_class = NoCountPagination
    queryset = DvkModel.objects.select_related("unit", "field", "sector").prefetch_related("years")

    def get_base_queryset(self):
        qs = super().get_base_queryset().order_by("-id")
        unit_key = self.request.query_params.get("unit")
        if unit_key:
            unit = object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=unit_key)
            qs = qs.filter(selectors.subtree_q(unit, "both"))
        from danvan.core.text import search_terms

        for term in search_terms(self.request.query_params.get("q", "")):
            qs = qs.filter(search_text__contains=term)
        return qs

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        if "year" not in v:
            raise serializers.ValidationError({"year": ["Năm đăng ký: bắt buộc."]})
        key = v.get("submission_key") or request.headers.get("Idempotency-Key") or None
        model = services.create_model(actor=request.user, unit=v["unit"], year=v["year"], data=_data(v),
                                      on_behalf=v.get("on_behalf", False), register=v.get("register", False),
                                      registered_on=v.get("registered_on"), submission_key=key,
                                      external_ref=v.get("external_ref"))
        model = self.get_queryset().get(pk=model.pk)
        return Response(self.get_serializer(model).data, status=201)

    def update(self, request, *args, **kwargs):
        model = self.get_object()
        serializer = self.get_serializer(model, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_model(actor=request.user, model=model, data=_data(serializer.validated_data),
                              expected_version=parse_version(request.data.get("version")),
                              on_behalf=on_behalf_of(request, model))
        return Response(self.get_serializer(self.get_queryset().get(pk=model.pk)).data)

    @action(detail=True, methods=["post"], url_path="register-year")
    def register_year(self, request, pk=None):
        model = self.get_object()
        typed_year = year_param(request.data.get("year"))
        if typed_year is None:  # "1e30", 20 digits, text: a message, never int() on it
            raise serializers.ValidationError({"year": [_("Năm không hợp lệ (từ %(a)s đến %(b)s).") % {
                "a": YEAR_MIN, "b": YEAR_MAX}]})
        year = services.register_year(actor=request.user, model=model, year=typed_year,
                                      registered_on=serializers.DateField(allow_null=True).to_internal_value(
                                          request.data["registered_on"]) if request.data.get("registered_on")
                                      else None, on_behalf=on_behalf_of(request, model))
        return Response(YearSerializer(year).data, status=201)

    @action(detail=True, methods=["post"])
    def replicate(self, request, pk=None):
        model = self.get_object()
        original = object_or_404_scoped(DvkModel.objects.all(), request.user, pk=request.data.get("original"))
        services.mark_replicated(actor=request.user, original=original, copy=model,
                                 on_behalf=on_behalf_of(request, model))
        return Response(self.get_serializer(self.get_queryset().get(pk=model.pk)).data)

    @action(detail=True, methods=["post"])
    def discontinue(self, request, pk=None):
        model = self.get_object()
        on = request.data.get("on")
        services.discontinue(actor=request.user, model=model, reason=request.data.get("reason", ""),
                             on=serializers.DateField().to_internal_value(on) if on else None,
                             on_behalf=on_behalf_of(request, model),
                             expected_version=parse_version(request.data.get("version")))
        return Response(self.get_serializer(self.get_queryset().get(pk=model.pk)).data)


def _date(request, name):
    value = request.data.get(name)
    return serializers.DateField().to_internal_value(value) if value else None


class YearViewSet(ScopedReadOnlyViewSet):
    """Model-years with the list filters (?unit=&year=&status=&field=&subject=&kind=&level=&sector=&q=&sort=)
    and the workflow steps as POST actions (send `version` to refuse acting on a stale page)."""

    serializer_class = YearSerializer
    pagination_class = NoCountPagination
    queryset = DvkYear.objects.all()

    def get_base_queryset(self):
        p = self.request.query_params
        if self.action != "list":
            return DvkYear.objects.select_related("model", "unit", "field")
        unit = object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=p["unit"]) if p.get("unit") else None
        year = p.get("year")
        filters = selectors.ListFilters(
            unit=unit, year=year_param(year), status=p.get("status", ""),
            field=p.get("field", ""), subject=p.get("subject", ""), kind=p.get("kind", ""), level=p.get("level", ""),
            sector=p.get("sector", ""), q=p.get("q", ""), sort=p.get("sort", "moi"))
        return selectors.year_rows(self.request.user, filters).select_related("model", "unit", "field")

    def _step(self, func, **kwargs):
        year = self.get_object()
        result = func(actor=self.request.user, dvk_year=year,
                      expected_version=parse_version(self.request.data.get("version")),
                      **kwargs)
        return Response(YearSerializer(result).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        year = self.get_object()
        return self._step(services.submit, registered_on=_date(request, "registered_on"),
                          on_behalf=is_write_on_behalf(request.user, year))

    @action(detail=True, methods=["post"], url_path="start-assessment")
    def start_assessment(self, request, pk=None):
        return self._step(services.start_assessment)

    @action(detail=True, methods=["post"], url_path="return")
    def return_for_changes(self, request, pk=None):
        return self._step(services.return_for_changes, note=request.data.get("note", ""))

    @action(detail=True, methods=["post"])
    def recognise(self, request, pk=None):
        return self._step(services.recognise, level=request.data.get("level", ""),
                          recognising_body=request.data.get("recognising_body", ""),
                          decision_number=request.data.get("decision_number", ""),
                          decision_date=_date(request, "decision_date"), recognised_on=_date(request, "recognised_on"))

    @action(detail=True, methods=["post"], url_path="not-recognise")
    def not_recognise(self, request, pk=None):
        return self._step(services.not_recognise, reason=request.data.get("reason", ""))

    @action(detail=True, methods=["post"])
    def honour(self, request, pk=None):
        return self._step(services.honour, level=request.data.get("level", ""), event=request.data.get("event", ""),
                          honoured_on=_date(request, "honoured_on"))

    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        year = self.get_object()
        assessment = services.record_assessment(actor=request.user, dvk_year=year,
                                                scores=request.data.get("scores") or {},
                                                comment=request.data.get("comment", ""))
        return Response({"id": assessment.pk, "scores": assessment.scores, "total": str(assessment.total)},
                        status=201)


@extend_schema(
    parameters=[OpenApiParameter("unit", str), OpenApiParameter("year", int),
                OpenApiParameter("boundaries", str, enum=["historical", "current"])],
    responses=OpenApiTypes.OBJECT,
)
class CountsView(core_api.CountsView):
    """GET ?unit=VN-92&year=2024[&first_year=2016][&boundaries=current]: the statistics page's figures, read from
    the reporting engine (`selectors.engine_figures`): the numbers of every other surface; null = no data."""

    def figures(self, request, unit, year, boundaries):
        first = year_param(request.query_params.get("first_year"), year)
        if first is None:
            raise serializers.ValidationError({"first_year": ["Năm đầu: phải là năm, ví dụ 2016."]})
        figures = selectors.engine_figures(unit=unit, first_year=min(first, year), last_year=year,
                                           boundaries=boundaries)
        figures.pop("boundaries", None)
        return {"first_year": min(first, year), **figures, "levels": dict(Level.choices)}


router = DefaultRouter()
router.register("models", ModelViewSet, basename="registry-model")
router.register("years", YearViewSet, basename="registry-year")

urlpatterns = [path("counts/", CountsView.as_view(), name="registry-counts"), *router.urls]
