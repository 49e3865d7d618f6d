"""Hotspots and public-sentiment reports in the petitions API (/api/v1/petitions/hotspots/, /sentiment-reports/)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from danvan.accounts.permissions import home_unit, is_write_on_behalf, object_or_404_scoped
from danvan.core.api import ScopedReadOnlyViewSet
from danvan.core.imports import parse_date
from danvan.orgunits.models import OrgUnit

from . import selectors, services
from .api_serializers import HotspotSerializer, SentimentSerializer, _date, _version
from .models import Hotspot, SentimentReport


class HotspotViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Hotspots in scope; ?unit=KEY&active=1 gives the board of a subtree."""

    queryset = Hotspot.objects.select_related("unit").prefetch_related("cases")
    serializer_class = HotspotSerializer

    def get_base_queryset(self):
        qs = super().get_base_queryset()
        params = self.request.query_params
        if params.get("unit"):
            unit = object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=params["unit"])
            qs = qs.filter(pk__in=selectors.hotspots_in(unit).values("pk"))
        if params.get("active") == "1":
            qs = qs.filter(resolved_on__isnull=True)
        return qs.order_by("resolved_on", "-risk_level", "-flagged_on", "id")

    def create(self, request, *args, **kwargs):
        serializer = HotspotSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        codes = [c.strip().upper() for c in data.pop("case_codes", [])]
        cases = list(selectors.visible_cases(request.user).filter(tracking_code__in=codes))
        if len(cases) != len(set(codes)):
            raise ValidationError({"case_codes": _("Có mã vụ việc không tìm thấy.")})
        data.pop("resolved_on", None)
        hotspot = services.hotspot_flag(actor=request.user, cases=cases, **data)
        return Response(HotspotSerializer(hotspot).data, status=201)

    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        hotspot = self.get_object()
        services.hotspot_resolve(actor=request.user, hotspot=hotspot, resolved_on=_date(request.data),
                                 on_behalf=is_write_on_behalf(request.user, hotspot),
                                 expected_version=_version(request.data))
        hotspot.refresh_from_db()
        return Response(HotspotSerializer(hotspot).data)


class SentimentViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = SentimentReport.objects.select_related("unit").prefetch_related("issues", "cases")
    serializer_class = SentimentSerializer

    def create(self, request, *args, **kwargs):
        serializer = SentimentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        issues = [dict(i) for i in data.pop("issues", [])]
        report = services.sentiment_create(actor=request.user, issues=issues, **data)
        return Response(SentimentSerializer(report).data, status=201)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        report = services.sentiment_submit(actor=request.user, report=report,
                                           on_behalf=is_write_on_behalf(request.user, report))
        return Response(SentimentSerializer(report).data)

    @extend_schema(parameters=[OpenApiParameter("unit", str), OpenApiParameter("from", str),
                               OpenApiParameter("to", str)], responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"], url_path="top-issues")
    def top_issues(self, request):

        key = request.query_params.get("unit")
        unit = (object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key) if key
                else home_unit(request.user))
        if unit is None:
            return Response({"unit": None, "fields": []})
        today = selectors.today()
        start = parse_date(request.query_params.get("from", "")) or datetime.date(today.year, 1, 1)
        end = parse_date(request.query_params.get("to", "")) or datetime.date(today.year, 12, 31)
        return Response({"unit": unit.key, "from": start, "to": end,
                         "fields": selectors.top_issues(unit, start, end)})
