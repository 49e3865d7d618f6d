"""REST API under /api/v1/commendations/: thin over the same services; workflow steps are POST actions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import APPROVE, object_or_404_scoped
from danvan.core import api as core_api
from danvan.core.api import ScopedViewSet, import_upload
from danvan.core.api_numbers import VnNumbersMixin
from danvan.core.concurrency import parse_version
from danvan.core.imports import parse_date
from danvan.core.params import year_param
from danvan.core.parsers import FormParser, MultiPartParser
from danvan.orgunits.models import OrgUnit

from . import importers, selectors, services
from .models import AwardForm, Commendation
from .views import resolve_unit


class AwardFormSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardForm
        fields = ["code", "name", "kind", "level", "has_classes", "default_authority", "order", "is_active"]


class CommendationSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    proposing_unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    recipient_unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    form = serializers.SlugRelatedField(slug_field="code", read_only=True)
    form_level = serializers.CharField(source="form.level", read_only=True)
    recipient_display = serializers.CharField(read_only=True)

    class Meta:
        model = Commendation
        fields = ["id", "status", "unit", "proposing_unit", "recipient_type", "recipient_unit", "recipient_name",
                  "recipient_display", "recipient_position", "recipient_unit_text", "form", "form_level",
                  "award_class", "issuing_authority", "decision_number", "decision_date", "reason",
                  "period_start_year", "period_end_year", "link_kind", "link_id", "link_label", "return_note",
                  "duplicate_confirmed", "external_ref", "version", "created_at", "updated_at"]


class CommendationWriteSerializer(VnNumbersMixin, serializers.Serializer):
    """Input shape only; every rule is in the services (errors come back per field, in Vietnamese)."""

    unit = serializers.CharField(help_text="unit key, e.g. VN-92")
    proposing_unit = serializers.CharField(required=False, allow_blank=True)
    recipient_type = serializers.ChoiceField(choices=Commendation.RecipientType.choices)
    recipient_unit = serializers.CharField(required=False, allow_blank=True)
    recipient_name = serializers.CharField(required=False, allow_blank=True, default="")
    recipient_position = serializers.CharField(required=False, allow_blank=True, default="")
    recipient_unit_text = serializers.CharField(required=False, allow_blank=True, default="")
    form = serializers.SlugRelatedField(slug_field="code", queryset=AwardForm.objects.all())
    award_class = serializers.ChoiceField(choices=Commendation.AwardClass.choices, required=False, default="")
    issuing_authority = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    period_start_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    period_end_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    link_kind = serializers.ChoiceField(choices=Commendation.LinkKind.choices, required=False, default="")
    link_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    link_label = serializers.CharField(required=False, allow_blank=True, default="")
    external_ref = serializers.CharField(required=False, allow_blank=True, default="")
    on_behalf = serializers.BooleanField(required=False, default=False)
    confirm_duplicate = serializers.BooleanField(required=False, default=False)
    submission_key = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


def _service_kwargs(data: dict, *, partial_fields: set[str] | None = None) -> dict:
    errors: dict = {}
    kwargs = {}
    for name in ("recipient_type", "recipient_name", "recipient_position", "recipient_unit_text", "form",
                 "award_class", "issuing_authority", "reason", "period_start_year", "period_end_year",
                 "link_kind", "link_id", "link_label", "external_ref"):
        if partial_fields is None or name in partial_fields:
            kwargs[name] = data[name]
    for name, label, required in (("unit", _("Đơn vị được khen"), True),
                                  ("proposing_unit", _("Đơn vị đề nghị"), False),
                                  ("recipient_unit", _("Tập thể là đơn vị"), False)):
        if partial_fields is not None and name not in partial_fields:
            continue
        key = data.get(name) or ""
        if not key and not required:
            kwargs[name] = None
            continue
        try:
            kwargs[name] = resolve_unit(key, name, label)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return kwargs


class CommendationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Commendations in the caller's scope.

    Filters: ?unit=VN-92 (subtree), ?boundaries=historical|current, ?year=, ?form=<code>, ?level=, ?recipient_type=,
    ?status=, ?q= (diacritics optional). Workflow: POST …/{id}/propose|approve|return|decide|cancel/.
    """

    serializer_class = CommendationSerializer
    queryset = Commendation.objects.all()

    action_rights = {"approve": APPROVE, "return_": APPROVE, "decide": APPROVE}

    def visible_queryset(self, qs):
        return selectors.visible(self.request.user, qs)

    def get_base_queryset(self):
        qs = super().get_base_queryset()
        if self.action != "list":
            return selectors.with_related(qs)
        params = self.request.query_params
        subtree = None
        if params.get("unit"):
            subtree = object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=params["unit"])
        year = params.get("year")
        qs = selectors.filter_commendations(
            qs, subtree=subtree,
            boundaries=selectors.HISTORICAL if params.get("boundaries") == selectors.HISTORICAL else selectors.CURRENT,
            year=year_param(year), form=params.get("form", ""),
            award_level=params.get("level", ""), recipient_type=params.get("recipient_type", ""),
            status=params.get("status", ""), query=params.get("q", ""))
        return selectors.with_related(qs).order_by("-decision_date", "-id")

    def create(self, request):
        serializer = CommendationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        obj = services.commendation_create(
            actor=request.user, on_behalf=data["on_behalf"], confirm_duplicate=data["confirm_duplicate"],
            submission_key=data["submission_key"], **_service_kwargs(data))
        return Response(CommendationSerializer(obj).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        obj = self.get_object()
        serializer = CommendationWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = set(request.data) - {"on_behalf", "confirm_duplicate", "version", "submission_key"}
        obj = services.commendation_update(
            actor=request.user, commendation=obj, expected_version=data.get("version"),
            on_behalf=data.get("on_behalf", False), confirm_duplicate=data.get("confirm_duplicate", False),
            **_service_kwargs(data, partial_fields=fields))
        return Response(CommendationSerializer(obj).data)

    def destroy(self, request, pk=None):
        obj = self.get_object()
        services.commendation_delete(actor=request.user, commendation=obj,
                                     on_behalf=_flag(request.data.get("on_behalf")))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _step(self, run):
        obj = self.get_object()
        obj = run(obj, self.request.data)
        return Response(CommendationSerializer(obj).data)

    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        return self._step(lambda obj, d: services.commendation_propose(
            actor=request.user, commendation=obj, on_behalf=_flag(d.get("on_behalf")),
            confirm_duplicate=_flag(d.get("confirm_duplicate")), expected_version=_version(d)))

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(lambda obj, d: services.commendation_approve(
            actor=request.user, commendation=obj, note=d.get("note", ""), expected_version=_version(d)))

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._step(lambda obj, d: services.commendation_return(
            actor=request.user, commendation=obj, note=d.get("note", ""), expected_version=_version(d)))

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        def run(obj, d):
            raw = str(d.get("decision_date") or "")
            day = parse_date(raw) if raw else None
            if raw and day is None:
                raise ValidationError({"decision_date": _("Ngày quyết định: “%(v)s” không hợp lệ.") % {"v": raw}})
            return services.commendation_decide(
                actor=request.user, commendation=obj, decision_number=d.get("decision_number", ""),
                decision_date=day, issuing_authority=d.get("issuing_authority", ""), expected_version=_version(d))
        return self._step(run)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(lambda obj, d: services.commendation_cancel(
            actor=request.user, commendation=obj, note=d.get("note", ""), on_behalf=_flag(d.get("on_behalf")),
            expected_version=_version(d)))

    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        return import_upload(request, importers.import_commendations)


def _flag(value) -> bool:
    return str(value).lower() in ("1", "true", "on", "yes")


def _version(data) -> int | None:
    return parse_version(data.get("version"))


class AwardFormViewSet(viewsets.ReadOnlyModelViewSet):
    """The award forms (reference data, readable by every signed-in user)."""

    queryset = AwardForm.objects.filter(is_active=True)
    serializer_class = AwardFormSerializer
    lookup_field = "code"
    pagination_class = None


@extend_schema(
    parameters=[OpenApiParameter("unit", str), OpenApiParameter("year", int),
                OpenApiParameter("boundaries", str, enum=["historical", "current"])],
    responses=OpenApiTypes.OBJECT,
)
class CountsView(core_api.CountsView):
    """GET ?unit=VN-92&year=2023&boundaries=historical|current → the counting functions' figures."""

    def figures(self, request, unit, year, boundaries):
        summary = selectors.engine_summary(unit=unit, year=year, boundaries=boundaries)
        return {
            "collective": summary["totals"]["collective"], "individual": summary["totals"]["individual"],
            "by_form": {row["code"]: {"collective": row["collective"], "individual": row["individual"]}
                        for row in summary["by_form"]},
            "by_award_level": summary["by_award_level"], "by_unit_level": summary["by_unit_level"],
            "coverage": summary["coverage"],
        }


router = DefaultRouter()
router.register("commendations", CommendationViewSet, basename="commendation")
router.register("award-forms", AwardFormViewSet, basename="award-form")
urlpatterns = [path("counts/", CountsView.as_view(), name="commendation-counts"), *router.urls]
