"""REST API under /api/v1/petitions/. Thin: serializers shape, services decide; workflow steps are POST actions.

Privacy: list responses never carry petitioners; a detail response carries them only when the
caller may see the identity (selectors.can_see_identity), otherwise a count and a "protected" flag.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import ensure_can, home_unit, is_write_on_behalf, object_or_404_scoped, scope
from danvan.core.api import ScopedReadOnlyViewSet
from danvan.core.api_numbers import VnNumbersMixin
from danvan.core.concurrency import parse_version
from danvan.core.imports import parse_date
from danvan.core.workflow import available_transitions
from danvan.orgunits.fields import UnitKeySerializerField as UnitKeyField
from danvan.orgunits.models import OrgUnit

from . import selectors, services
from .models import Case, DeadlineRule, Hotspot, SentimentReport


class PetitionerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    is_representative = serializers.BooleanField(required=False, default=False)


CASE_FIELDS = [
    "id", "tracking_code", "unit", "location_unit", "channel", "kind", "subject", "field", "petitioner_type",
    "headcount", "is_remote", "is_complex", "status", "received_on", "accepted_on", "not_accepted_reason",
    "verifying_on", "dialogue_on", "dialogue_ref", "dialogue_label", "decided_on", "decision_number", "outcome",
    "closed_on", "ended_on", "transferred_to_body", "accept_due", "resolve_due", "accept_rule", "resolve_rule",
    "version",
]


class CaseListSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    location_unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    days_left = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    resolved_on_time = serializers.BooleanField(read_only=True)
    transferred_case = serializers.SlugRelatedField(slug_field="tracking_code", read_only=True)
    duplicate_of = serializers.SlugRelatedField(slug_field="tracking_code", read_only=True)
    hotspot = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Case
        fields = [*CASE_FIELDS, "days_left", "overdue", "resolved_on_time", "transferred_case", "duplicate_of",
                  "hotspot"]

    def _today(self):
        # Read once per serializer (a list of 50 cases asked twice per case; issue 16).
        if not hasattr(self, "_today_value"):
            self._today_value = selectors.today()
        return self._today_value

    def get_days_left(self, case) -> int | None:
        return case.days_left(self._today())

    def get_overdue(self, case) -> bool:
        return case.is_overdue(self._today())


class CaseDetailSerializer(CaseListSerializer):
    content = serializers.CharField(read_only=True)
    outcome_note = serializers.CharField(read_only=True)
    petitioners = serializers.SerializerMethodField()
    petitioner_count = serializers.SerializerMethodField()
    identity_protected = serializers.SerializerMethodField()
    extensions = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [*CaseListSerializer.Meta.fields, "content", "outcome_note", "petitioners", "petitioner_count",
                  "identity_protected", "extensions", "available_transitions"]

    def get_available_transitions(self, case) -> list[str]:
        """The statuses the case may move to next: the same list the case page turns into buttons."""
        return available_transitions(case)

    def _visible(self, case) -> bool:
        return selectors.can_see_identity(self.context["request"].user, case)

    def get_petitioners(self, case) -> list | None:
        if not self._visible(case):
            return None
        return PetitionerSerializer(case.petitioners.all(), many=True).data

    def get_petitioner_count(self, case) -> int:
        return case.petitioners.count()

    def get_identity_protected(self, case) -> bool:
        return not self._visible(case)

    def get_extensions(self, case) -> list:
        return [{"decision_number": e.decision_number, "decided_on": e.decided_on, "days": e.days}
                for e in case.extensions.all()]


class CaseCreateSerializer(VnNumbersMixin, serializers.Serializer):
    unit = UnitKeyField()
    location_unit = UnitKeyField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=Case._meta.get_field("kind").choices)
    channel = serializers.ChoiceField(choices=Case.Channel.choices)
    subject = serializers.CharField(max_length=300)
    content = serializers.CharField(required=False, allow_blank=True, default="")
    field = serializers.ChoiceField(choices=Case._meta.get_field("field").choices)
    received_on = serializers.DateField()
    petitioner_type = serializers.ChoiceField(choices=Case.PetitionerType.choices, default="one")
    headcount = serializers.IntegerField(min_value=1, default=1)
    is_remote = serializers.BooleanField(default=False)
    is_complex = serializers.BooleanField(default=False)
    petitioners = PetitionerSerializer(many=True, required=False)
    submission_key = serializers.CharField(max_length=64, required=False, allow_blank=True)
    on_behalf = serializers.BooleanField(default=False)


class CaseUpdateSerializer(VnNumbersMixin, serializers.Serializer):
    version = serializers.IntegerField(required=False)
    channel = serializers.ChoiceField(choices=Case.Channel.choices, required=False)
    kind = serializers.ChoiceField(choices=Case._meta.get_field("kind").choices, required=False)
    subject = serializers.CharField(max_length=300, required=False)
    content = serializers.CharField(required=False, allow_blank=True)
    field = serializers.ChoiceField(choices=Case._meta.get_field("field").choices, required=False)
    location_unit = UnitKeyField(required=False, allow_null=True)
    petitioner_type = serializers.ChoiceField(choices=Case.PetitionerType.choices, required=False)
    headcount = serializers.IntegerField(min_value=1, required=False)
    is_remote = serializers.BooleanField(required=False)
    is_complex = serializers.BooleanField(required=False)
    received_on = serializers.DateField(required=False)


def _date(data, name="on"):
    value = data.get(name)
    day = parse_date(str(value)) if value else None
    if day is None:
        raise ValidationError({name: _("Hãy nhập ngày hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).")})
    return day


def _version(data):
    return parse_version(data.get("version"))


class CaseViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]
    """Cases in the caller's scope. Filters: q, status, kind, field, unit (key), overdue=1, hotspot=1."""

    queryset = Case.objects.select_related("unit", "location_unit", "transferred_case", "duplicate_of")

    def get_serializer_class(self):
        if self.action == "create":
            return CaseCreateSerializer
        return CaseDetailSerializer if self.action == "retrieve" else CaseListSerializer

    def get_base_queryset(self):
        qs = super().get_base_queryset()
        if self.action != "list":
            return qs
        params = self.request.query_params
        unit = None
        if params.get("unit"):
            unit = object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=params["unit"])
        return selectors.filter_cases(qs, q=params.get("q", ""), status=params.get("status", ""),
                                      kind=params.get("kind", ""), field=params.get("field", ""), unit=unit,
                                      overdue=params.get("overdue") == "1", hotspot=params.get("hotspot") == "1")

    def create(self, request, *args, **kwargs):
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        petitioners = [dict(p) for p in data.pop("petitioners", [])]
        existed = bool(data.get("submission_key")) and Case.objects.filter(
            submission_key=data["submission_key"]).exists()
        case = services.case_create(actor=request.user, petitioners=petitioners,
                                    submission_key=data.pop("submission_key", "") or None, **data)
        body = CaseDetailSerializer(case, context={"request": request}).data
        # A parallel post with the same key may have created it between the check above and the insert.
        existed = existed or getattr(case, "found_existing", False)
        return Response(body, status=200 if existed else 201)

    def partial_update(self, request, pk=None):
        """PATCH the editable fields of a case; send "version" to refuse a concurrent edit."""
        case = self.get_object()
        serializer = CaseUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        services.case_update(actor=request.user, case=case, expected_version=changes.pop("version", None),
                             on_behalf=is_write_on_behalf(request.user, case), **changes)
        return self._respond(case)

    @action(detail=True, methods=["post"])
    def petitioners(self, request, pk=None):
        """Add a petitioner (for tố cáo only with the identity right)."""
        case = self.get_object()
        serializer = PetitionerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.petitioner_add(actor=request.user, case=case, data=dict(serializer.validated_data),
                                on_behalf=is_write_on_behalf(request.user, case))
        return self._respond(case)

    def get_object(self):
        case = super().get_object()
        if self.request.method in ("POST", "PATCH"):  # every such action writes: refuse before reading input
            ensure_can(self.request.user, "write", case, on_behalf=True)
        return case

    def _respond(self, case):
        case.refresh_from_db()
        return Response(CaseDetailSerializer(case, context={"request": self.request}).data)

    def _common(self, case):
        return {"actor": self.request.user, "case": case,
                "on_behalf": is_write_on_behalf(self.request.user, case),
                "expected_version": _version(self.request.data)}

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        case = self.get_object()
        return self._respond(services.case_accept(accepted_on=_date(request.data), **self._common(case)))

    @action(detail=True, methods=["post"], url_path="not-accept")
    def not_accept(self, request, pk=None):
        case = self.get_object()
        return self._respond(services.case_not_accept(on=_date(request.data), reason=request.data.get("reason", ""),
                                                      **self._common(case)))

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        case = self.get_object()
        return self._respond(services.case_start_verification(on=_date(request.data), **self._common(case)))

    @action(detail=True, methods=["post"])
    def dialogue(self, request, pk=None):
        case = self.get_object()
        return self._respond(services.case_record_dialogue(
            on=_date(request.data), activity_ref=request.data.get("activity_ref", ""),
            activity_label=request.data.get("activity_label", ""), **self._common(case)))

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        return self._respond(services.case_decide(
            on=_date(request.data), decision_number=request.data.get("decision_number", ""),
            outcome=request.data.get("outcome", ""), outcome_note=request.data.get("outcome_note", ""),
            **self._common(case)))

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        case = self.get_object()
        return self._respond(services.case_close(on=_date(request.data), **self._common(case)))

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        case = self.get_object()
        return self._respond(services.case_withdraw(on=_date(request.data), reason=request.data.get("reason", ""),
                                                    **self._common(case)))

    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        case = self.get_object()
        to_unit = None
        if request.data.get("to_unit"):
            to_unit = OrgUnit.objects.filter(key=request.data["to_unit"]).first()
            if to_unit is None:
                raise ValidationError({"to_unit": _("Không có đơn vị mã này.")})
        return self._respond(services.case_transfer(on=_date(request.data), to_unit=to_unit,
                                                    to_body=request.data.get("to_body", ""),
                                                    reason=request.data.get("reason", ""), **self._common(case)))

    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        case = self.get_object()
        code = str(request.data.get("duplicate_of", "")).strip().upper()
        into = selectors.visible_cases(request.user).filter(tracking_code=code).first()
        if into is None:
            raise ValidationError({"duplicate_of": _("Không tìm thấy đơn gốc với mã tra cứu này.")})
        return self._respond(services.case_merge(into=into, on=_date(request.data), **self._common(case)))

    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        case = self.get_object()
        days = request.data.get("days")
        services.case_extend(decision_number=request.data.get("decision_number", ""),
                             decided_on=_date(request.data), days=int(days) if days else None, **self._common(case))
        return self._respond(case)

    @action(detail=True, methods=["post"], url_path="grant-identity")
    def grant_identity(self, request, pk=None):
        """Request the identity right for another user (issue 13): 202 with the pending request; the right takes
        effect only when a second approver confirms it (`confirm-identity`)."""
        case = self.get_object()
        user = get_user_model().objects.filter(username=request.data.get("username", ""), is_active=True).first()
        if user is None:
            raise ValidationError({"username": _("Không có người dùng với tên đăng nhập này.")})
        pending = services.identity_request(actor=request.user, case=case, user=user,
                                           reason=request.data.get("reason", ""))
        return Response(_identity_request_body(pending), status=202)

    def _identity_request(self, request, case):
        found = case.identity_requests.filter(pk=_int(request.data.get("request"))).first()
        if found is None:
            raise ValidationError({"request": _("Không có đề nghị cấp quyền này ở vụ việc.")})
        return found

    @action(detail=True, methods=["post"], url_path="confirm-identity")
    def confirm_identity(self, request, pk=None):
        """A second approver confirms a pending identity request (body: `request`, optional `note`)."""
        case = self.get_object()
        found = self._identity_request(request, case)
        services.identity_confirm(actor=request.user, request=found, note=request.data.get("note", ""))
        found.refresh_from_db()
        return Response(_identity_request_body(found))

    @action(detail=True, methods=["post"], url_path="refuse-identity")
    def refuse_identity(self, request, pk=None):
        """A second approver refuses a pending identity request, or its requester withdraws it."""
        case = self.get_object()
        found = self._identity_request(request, case)
        return Response(_identity_request_body(
            services.identity_refuse(actor=request.user, request=found, note=request.data.get("note", ""))))

    @extend_schema(parameters=[OpenApiParameter("unit", str)], responses=CaseListSerializer(many=True))
    @action(detail=False, methods=["get"])
    def overdue(self, request):
        unit = self._unit()
        qs = scope(selectors.overdue_cases(unit), request.user)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(CaseListSerializer(page, many=True).data)

    @extend_schema(parameters=[OpenApiParameter("unit", str),
                               OpenApiParameter("period", str, description="Kỳ báo cáo: 2026, 2026Q3, “Quý 3/2026”, "
                                                "“6 tháng đầu năm 2026”… (mặc định: năm nay); cũ: ky"),
                               OpenApiParameter("from", str, description="cũ: cùng với to, phải trùng đúng một kỳ"),
                               OpenApiParameter("to", str), OpenApiParameter("boundaries", str)],
                   responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def stats(self, request):
        """The statistics page's figures for a unit and a reporting period, read from the reporting engine."""
        from types import SimpleNamespace

        from danvan.core.api import query_param

        from .views.common import reporting_period

        unit = self._unit()
        typed = query_param(request, "period", "ky", default="")
        shim = SimpleNamespace(GET={"ky": typed, "from": request.query_params.get("from", ""),
                                    "to": request.query_params.get("to", "")})
        period, _typed, error = reporting_period(shim)
        if error:
            raise ValidationError({"period": [error]})
        boundaries = "current" if request.query_params.get("boundaries") == "current" else "historical"
        figures = selectors.counts(unit, period, boundaries=boundaries)
        figures.pop("period")
        return Response({"unit": unit.key, "period": period.code, "period_label": period.label,
                         "from": period.start, "to": period.end, **figures})

    def _unit(self):
        key = self.request.query_params.get("unit")
        if key:
            return object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=key)
        unit = home_unit(self.request.user)
        if unit is None:
            from django.http import Http404

            raise Http404
        return unit


class HotspotSerializer(VnNumbersMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", queryset=OrgUnit.objects.all())
    cases = serializers.SlugRelatedField(slug_field="tracking_code", many=True, read_only=True)
    case_codes = serializers.ListField(child=serializers.CharField(), write_only=True, required=False)
    on_behalf = serializers.BooleanField(write_only=True, default=False)

    class Meta:
        model = Hotspot
        fields = ["id", "unit", "title", "kind", "risk_level", "flagged_on", "headcount", "note", "resolved_on",
                  "cases", "case_codes", "on_behalf", "version"]
        read_only_fields = ["resolved_on", "version"]


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


class SentimentIssueSerializer(VnNumbersMixin, serializers.Serializer):
    field = serializers.CharField()
    description = serializers.CharField(max_length=500)
    mentions = serializers.IntegerField(min_value=1, default=1)
    is_hot = serializers.BooleanField(default=False)


class SentimentSerializer(VnNumbersMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", queryset=OrgUnit.objects.all())
    issues = SentimentIssueSerializer(many=True, required=False)
    cases = serializers.SlugRelatedField(slug_field="tracking_code", many=True, read_only=True)
    on_behalf = serializers.BooleanField(write_only=True, default=False)

    class Meta:
        model = SentimentReport
        fields = ["id", "unit", "period_type", "period_code", "period_start", "period_end", "title", "mood",
                  "mood_note", "hot_issues", "proposals", "status", "submitted_on", "issues", "cases", "on_behalf",
                  "version"]
        read_only_fields = ["period_start", "period_end", "status", "submitted_on", "version"]
        validators = []  # uniqueness is the service's rule, with its Vietnamese message


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
        import datetime

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


class DeadlineRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeadlineRule
        fields = ["id", "kind", "stage", "days", "complex_days", "remote_days", "remote_complex_days", "max_count",
                  "legal_source", "valid_from"]


class DeadlineRuleViewSet(viewsets.ReadOnlyModelViewSet):
    """The legal time limits (public law, readable by every signed-in user)."""

    queryset = DeadlineRule.objects.all()
    serializer_class = DeadlineRuleSerializer
    pagination_class = None


router = DefaultRouter()
router.register("cases", CaseViewSet, basename="petition-case")
router.register("hotspots", HotspotViewSet, basename="petition-hotspot")
router.register("sentiment-reports", SentimentViewSet, basename="petition-sentiment")
router.register("deadline-rules", DeadlineRuleViewSet, basename="petition-rule")
urlpatterns = router.urls


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _identity_request_body(found) -> dict:
    return {"id": found.pk, "case": found.case.tracking_code, "user": found.user.get_username(),
            "requested_by": found.requested_by.get_username() if found.requested_by else None,
            "status": found.status, "decided_by": found.decided_by.get_username() if found.decided_by else None}
