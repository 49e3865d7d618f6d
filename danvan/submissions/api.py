"""API: /api/v1/submissions/forms/, reports/ (list, detail, create, save, submit, return, accept, reopen),
completeness/?unit=&form=&period= (the board, with the late/missing list)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import is_write_on_behalf, object_or_404_scoped
from danvan.core.api import ScopedReadOnlyViewSet
from danvan.core.api_numbers import VnNumbersMixin
from danvan.core.concurrency import parse_version
from danvan.orgunits.models import OrgUnit

from . import selectors, services
from .models import ReportForm, Submission
from .views import resolve_board


class ReportFormSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportForm
        fields = ["code", "name", "period_type", "indicators", "sections", "deadline_days", "unit_kinds",
                  "unit_levels", "active"]


class SubmissionSerializer(serializers.ModelSerializer):
    form = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "form", "unit", "period", "period_start", "period_end", "deadline", "status", "narrative",
                  "first_submitted_at", "submitted_at", "decided_at", "decision_note", "version", "figures"]

    def get_figures(self, submission) -> dict:
        if not self.context.get("with_figures"):
            return {}
        return {row.code: {"aggregate": _number(row.aggregate), "records": _number(row.records),
                           "total": _number(row.total)}
                for row in selectors.rows(submission)}


def _number(value):
    """int when integral, else the decimal as a string (no float rounding); None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else str(value)


class ReportFormViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ReportForm.objects.filter(active=True)
    serializer_class = ReportFormSerializer
    lookup_field = "code"


class StartSerializer(VnNumbersMixin, serializers.Serializer):
    form = serializers.SlugRelatedField(slug_field="code", queryset=ReportForm.objects.filter(active=True))
    unit = serializers.CharField(max_length=64)
    period = serializers.CharField(max_length=40, help_text="2026Q3, or as people write it: “Quý 3/2026”")


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter(
    "period", str, description="Kỳ báo cáo: 2026Q3, hoặc như người dùng viết: “Quý 3/2026” (không đọc được → 400)")]))
class SubmissionViewSet(ScopedReadOnlyViewSet):
    """Reports in the caller's scope; workflow steps are POST actions on one report."""

    queryset = Submission.objects.select_related("form", "unit", "unit__parent")
    serializer_class = SubmissionSerializer
    filterset_fields = ["status"]

    def get_base_queryset(self):
        """?period= as people write it ("Quý 3/2026") or as a code; an unreadable one is a 400."""
        qs = super().get_base_queryset()
        typed = (self.request.query_params.get("period") or "").strip()
        if typed:
            from danvan.reports.periods import parse_period

            try:
                qs = qs.filter(period=parse_period(typed).code)
            except ValueError as error:
                raise serializers.ValidationError({"period": [str(error)]}) from None
        return qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "with_figures": self.action != "list"}

    def create(self, request):
        """Start (or fetch) the report of {form, unit, period}."""
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=data.validated_data["unit"])
        submission = services.start(actor=request.user, form=data.validated_data["form"], unit=unit,
                                    period=data.validated_data["period"],
                                    on_behalf=is_write_on_behalf(request.user, unit))
        return Response(self.get_serializer(submission).data, status=status.HTTP_201_CREATED)

    def _respond(self, submission):
        submission.refresh_from_db()
        return Response(self.get_serializer(submission).data)

    @action(detail=True, methods=["post"])
    def save(self, request, pk=None):
        """{"values": {code: number or ""}, "narrative": {section: text}, "version": n}"""
        submission = self.get_object()
        values, narrative = request.data.get("values") or {}, request.data.get("narrative")
        if not isinstance(values, dict) or (narrative is not None and not isinstance(narrative, dict)):
            raise serializers.ValidationError({"values": "Cần một đối tượng {mã chỉ tiêu: giá trị}."})
        services.save(actor=request.user, submission=submission, values=values, narrative=narrative,
                      expected_version=_version(request), on_behalf=is_write_on_behalf(request.user, submission))
        return self._respond(submission)

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object", "properties": {
        "rule": {"type": "string"}, "blocking": {"type": "boolean"}, "message": {"type": "string"}}}}})
    @action(detail=True, methods=["get"])
    def check(self, request, pk=None):
        results = selectors.check(self.get_object())
        return Response([{"rule": r.rule_code, "blocking": r.blocking, "message": r.message} for r in results])

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        services.submit(actor=request.user, submission=submission, expected_version=_version(request),
                        on_behalf=is_write_on_behalf(request.user, submission))
        return self._respond(submission)

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        submission = self.get_object()
        services.return_report(actor=request.user, submission=submission, note=str(request.data.get("note", "")))
        return self._respond(submission)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        submission = self.get_object()
        services.accept(actor=request.user, submission=submission, note=str(request.data.get("note", "")))
        return self._respond(submission)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        submission = self.get_object()
        services.reopen(actor=request.user, submission=submission, reason=str(request.data.get("reason", "")))
        return self._respond(submission)


def _version(request):
    return parse_version(request.data.get("version"))


@extend_schema(request=None, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def completeness(request):
    """Expected, submitted, on time, late, missing for a subtree, form and period; `units` lists every unit."""
    unit, form, period = resolve_board(request, request.query_params)
    try:
        board = selectors.completeness(root=unit, form=form, period=period)
    except DjangoValidationError as error:  # a period of the wrong type
        raise Http404(" ".join(error.messages)) from None
    except ValueError as error:  # a malformed period
        raise Http404(str(error)) from None
    return Response({
        "unit": unit.key, "form": form.code, "period": board.period.code, "deadline": board.deadline,
        "expected": board.expected, "submitted": board.submitted, "accepted": board.accepted,
        "on_time": board.on_time, "late": board.late, "missing": board.missing,
        "units": [{"unit": row.unit.key, "name": row.unit.name, "state": row.state, "overdue": row.overdue,
                   "status": row.submission.status if row.submission else None,
                   "report": row.submission.pk if row.submission else None,
                   "first_submitted_at": timezone.localtime(row.submission.first_submitted_at).isoformat()
                   if row.submission and row.submission.first_submitted_at else None}
                  for row in board.rows],
    })


router = DefaultRouter()
router.register("forms", ReportFormViewSet, basename="submission-form")
router.register("reports", SubmissionViewSet, basename="submission")

urlpatterns = router.urls + [
    path("completeness/", completeness, name="submissions-completeness"),
]
