"""API: /api/v1/annual/<UNIT_KEY>/<YEAR>/ (JSON of the report), section drafts, finalise, reopen; saved reports."""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import APPROVE, ensure_can, is_write_on_behalf
from danvan.core.api import ScopedReadOnlyViewSet

from . import exports, outline, selectors, services
from .models import AnnualReport
from .views import resolve


class AnnualReportSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = AnnualReport
        fields = ["id", "unit", "year", "half", "boundaries", "status", "number", "place", "report_date", "title",
                  "signing_formula", "signer_title", "signer_position", "signer", "recipients", "draft_number",
                  "finalised_at", "version", "updated_at"]


class AnnualReportViewSet(ScopedReadOnlyViewSet):
    """Saved annual reports in the caller's scope."""

    queryset = AnnualReport.objects.select_related("unit")
    serializer_class = AnnualReportSerializer
    filterset_fields = ["year", "half", "status", "boundaries"]


def _payload(request, key, year):
    try:
        unit, year, boundaries, half = resolve(request, key, year)
    except selectors.BadRequest as error:  # the API's one 400 error shape, with the Vietnamese message
        raise serializers.ValidationError({"period": [str(error)]}) from None
    record = selectors.find_report(unit, year, boundaries, half)
    return unit, year, boundaries, half, record


@extend_schema(request=None, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def report(request, key, year):
    """The report: unit, year, boundaries, figures, by_level, by_child, previous_year, narrative, document."""
    unit, year, boundaries, half, record = _payload(request, key, year)
    return Response(exports.json_payload(selectors.build_payload(unit=unit, year=year, boundaries=boundaries,
                                                                 report=record, half=half)))


@extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
def section(request, key, year, section):
    """Save a new version of a section: {"text": …, "base_version_id": id of the version you edited}."""
    unit, year, boundaries, half, record = _payload(request, key, year)
    if section not in outline.EDITABLE_KEYS:
        raise Http404
    on_behalf = is_write_on_behalf(request.user, unit)
    record = services.get_or_create_report(actor=request.user, unit=unit, year=year, boundaries=boundaries,
                                           half=half, on_behalf=on_behalf)
    base = request.data.get("base_version_id")
    try:
        base = int(base) if base not in (None, "") else None
    except (TypeError, ValueError):
        raise serializers.ValidationError({"base_version_id": "Phiên bản không hợp lệ."}) from None
    version = services.save_section(actor=request.user, report=record, section=section,
                                    text=str(request.data.get("text", "")), base_version_id=base, on_behalf=on_behalf)
    latest = selectors.section_history(record, section).first()
    return Response({"saved": version is not None, "version_id": latest.pk if latest else None})


@extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
def finalise(request, key, year):
    unit, year, boundaries, half, record = _payload(request, key, year)
    ensure_can(request.user, APPROVE, unit)
    if record is None:
        record = services.get_or_create_report(actor=request.user, unit=unit, year=year, boundaries=boundaries,
                                               half=half, on_behalf=is_write_on_behalf(request.user, unit))
    fields = {name: request.data.get(name) for name in services.FINALISE_FIELDS if request.data.get(name)}
    if fields.get("report_date"):
        import datetime

        try:
            fields["report_date"] = datetime.date.fromisoformat(str(fields["report_date"]))
        except ValueError:
            raise serializers.ValidationError({"report_date": "Ngày không hợp lệ (YYYY-MM-DD)."}) from None
    record = services.finalise(actor=request.user, report=record, note=str(request.data.get("note", "")),
                               fields=fields)
    return Response(AnnualReportSerializer(record).data)


@extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
@api_view(["POST"])
def reopen(request, key, year):
    unit, year, boundaries, half, record = _payload(request, key, year)
    ensure_can(request.user, APPROVE, unit)
    if record is None:
        raise Http404
    record = services.reopen(actor=request.user, report=record, reason=str(request.data.get("reason", "")))
    return Response(AnnualReportSerializer(record).data)


router = DefaultRouter()
router.register("reports", AnnualReportViewSet, basename="annual-report")

urlpatterns = router.urls + [
    path("<str:key>/<str:year>/", report, name="annual-api-report"),
    path("<str:key>/<str:year>/sections/<str:section>/", section, name="annual-api-section"),
    path("<str:key>/<str:year>/finalise/", finalise, name="annual-api-finalise"),
    path("<str:key>/<str:year>/reopen/", reopen, name="annual-api-reopen"),
]
