"""REST API under /api/v1/prestige/: thin over the same services and the same names rule as the pages.

- `people/` lists and reads people of prestige only for callers whose membership is at province level or below
  (the names rule); a national caller gets 403 on the list with a pointer to `counts/`, and 404 on a person.
- `phone` is null unless the caller is of the person's commune or its province.
- `counts/?unit=&year=&boundaries=` gives the engine's figures (people by ethnic group and role, support) to
  everyone who may read the unit, national callers included.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import can_see_prestige_phone, may_see_prestige_names, object_or_404_scoped
from danvan.core import api as core_api
from danvan.core.api import ScopedViewSet, import_upload, requested_on_behalf
from danvan.core.api_numbers import VnNumbersMixin
from danvan.core.params import DB_INT_MAX, year_param
from danvan.orgunits.models import OrgUnit

from . import importers, selectors, services
from .models import EthnicGroup, Person, SupportEntry
from .views import NAMES_REFUSED


class EthnicGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = EthnicGroup
        fields = ["code", "name", "other_names", "is_minority"]


class SupportEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportEntry
        fields = ["id", "day", "kind", "amount", "provider", "note", "external_ref"]


class PersonSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    former_unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    ethnic_group = serializers.SlugRelatedField(slug_field="code", read_only=True)
    ethnic_group_name = serializers.CharField(source="ethnic_group.name", read_only=True)
    phone = serializers.SerializerMethodField()
    activities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    commendations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    support = SupportEntrySerializer(source="support_entries", many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", "unit", "former_unit", "full_name", "birth_year", "sex", "ethnic_group", "ethnic_group_name",
                  "village", "role", "role_detail", "phone", "decision_number", "decision_date", "authority",
                  "authority_name", "status", "status_date", "status_reason", "status_decision_number", "note",
                  "activities", "commendations", "support", "external_ref", "version", "created_at", "updated_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_phone(self, obj) -> str | None:
        user = self.context["request"].user if "request" in self.context else None
        return obj.phone if user is not None and can_see_prestige_phone(user, obj) else None


class PersonWriteSerializer(VnNumbersMixin, serializers.Serializer):
    """Input shape only; every rule is in the services (errors come back per field, in Vietnamese)."""

    unit = serializers.CharField(help_text="commune key, e.g. VN-92-31679")
    former_unit = serializers.CharField(required=False, allow_blank=True, default="",
                                       help_text="commune before 1/7/2025, e.g. VN-94-951-31678")
    full_name = serializers.CharField(max_length=200)
    birth_year = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                          max_value=9999)
    sex = serializers.ChoiceField(choices=Person.Sex.choices)
    ethnic_group = serializers.SlugRelatedField(slug_field="code", queryset=EthnicGroup.objects.all())
    village = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    role = serializers.ChoiceField(choices=Person.Role.choices)
    role_detail = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    authority = serializers.ChoiceField(choices=Person.Authority.choices, required=False, allow_blank=True,
                                        default="")
    authority_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    external_ref = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    on_behalf = serializers.BooleanField(required=False, allow_null=True, default=None)
    submission_key = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)
    version = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                       max_value=DB_INT_MAX)


class PersonStatusSerializer(VnNumbersMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=Person.Status.choices)
    date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    decision_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    version = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                       max_value=DB_INT_MAX)


class PersonSupportWriteSerializer(VnNumbersMixin, serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.ChoiceField(choices=SupportEntry.Kind.choices)
    amount = serializers.DecimalField(max_digits=18, decimal_places=0, required=False, default=0)
    provider = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    version = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                       max_value=DB_INT_MAX)


class PersonLinkSerializer(VnNumbersMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("activity", "activity"), ("commendation", "commendation")])
    id = serializers.IntegerField(min_value=1, max_value=DB_INT_MAX)


def _unit(key: str, field: str, label: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(key=(key or "").strip().upper()).first()
    if unit is None:
        raise ValidationError({field: _("%(f)s: không có đơn vị với mã “%(k)s”.") % {"f": label, "k": key}})
    return unit


def _kwargs(data: dict, fields: set[str] | None = None) -> dict:
    kwargs = {}
    for name in ("full_name", "birth_year", "sex", "ethnic_group", "village", "role", "role_detail", "phone",
                 "decision_number", "decision_date", "authority", "authority_name", "note", "external_ref"):
        if fields is None or name in fields:
            kwargs[name] = data[name]
    if fields is None or "unit" in fields:
        kwargs["unit"] = _unit(data["unit"], "unit", _("Xã"))
    if fields is None or "former_unit" in fields:
        key = data.get("former_unit") or ""
        kwargs["former_unit"] = _unit(key, "former_unit", _("Xã trước 01/7/2025")) if key else None
    return kwargs


def _names_required(request) -> None:
    if not may_see_prestige_names(request.user):
        raise exceptions.PermissionDenied(str(NAMES_REFUSED))


class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """People of prestige in the caller's scope (province level and below).

    Filters: ?unit=VN-92 (subtree), ?boundaries=historical|current, ?status=in_list|recognised|replaced|removed|
    deceased, ?ethnic_group=05, ?role=chuc_sac, ?year= (in the list at that year's end), ?q= (diacritics optional).
    Steps: POST …/{id}/status/, …/{id}/support/, …/{id}/links/ (DELETE with ?kind=&id= removes).
    """

    serializer_class = PersonSerializer
    queryset = Person.objects.all()

    def visible_queryset(self, qs):
        return selectors.named(self.request.user, qs)

    def get_base_queryset(self):
        qs = super().get_base_queryset().prefetch_related("support_entries", "activities", "commendations")
        if self.action != "list":
            return selectors.with_related(qs)
        params = self.request.query_params
        subtree = None
        if params.get("unit"):
            subtree = object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=params["unit"])
        qs = selectors.filter_people(
            qs, subtree=subtree,
            boundaries=selectors.HISTORICAL if params.get("boundaries") == selectors.HISTORICAL else selectors.CURRENT,
            status=params.get("status", ""), ethnic_group=params.get("ethnic_group", ""),
            role=params.get("role", ""), query=params.get("q", ""), year=year_param(params.get("year")))
        return selectors.with_related(qs).order_by("unit__path", "full_name", "id")

    @extend_schema(parameters=[
        OpenApiParameter("unit", str), OpenApiParameter("boundaries", str, enum=["historical", "current"]),
        OpenApiParameter("status", str), OpenApiParameter("ethnic_group", str), OpenApiParameter("role", str),
        OpenApiParameter("year", int), OpenApiParameter("q", str)])
    def list(self, request, *args, **kwargs):
        _names_required(request)
        return super().list(request, *args, **kwargs)

    def _out(self, obj) -> dict:
        obj = self.get_queryset().get(pk=obj.pk)
        return PersonSerializer(obj, context={"request": self.request}).data

    @extend_schema(request=PersonWriteSerializer, responses={201: PersonSerializer})
    def create(self, request):
        _names_required(request)
        serializer = PersonWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        obj = services.person_create(
            actor=request.user, on_behalf=requested_on_behalf(request.data) is not False,
            submission_key=data["submission_key"], **_kwargs(data))
        return Response(self._out(obj), status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonWriteSerializer, responses=PersonSerializer)
    def partial_update(self, request, pk=None):
        obj = self.get_object()
        serializer = PersonWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = set(request.data) - {"on_behalf", "version", "submission_key"}
        requested = requested_on_behalf(request.data)
        services.person_update(actor=request.user, person=obj, expected_version=data.get("version"),
                               on_behalf=requested is not False, **_kwargs(data, fields))
        return Response(self._out(obj))

    def destroy(self, request, pk=None):
        obj = self.get_object()
        services.person_delete(actor=request.user, person=obj,
                               on_behalf=requested_on_behalf(request.data) is not False)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=PersonStatusSerializer, responses=PersonSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        obj = self.get_object()
        serializer = PersonStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.person_set_status(actor=request.user, person=obj, status=data["status"], day=data["date"],
                                   reason=data["reason"], decision_number=data["decision_number"],
                                   on_behalf=requested_on_behalf(request.data) is not False,
                                   expected_version=data["version"])
        return Response(self._out(obj))

    @extend_schema(request=PersonSupportWriteSerializer, responses={201: SupportEntrySerializer})
    @action(detail=True, methods=["post"], url_path="support")
    def support(self, request, pk=None):
        obj = self.get_object()
        serializer = PersonSupportWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.support_add(actor=request.user, person=obj, day=data["day"], kind=data["kind"],
                                     amount=data["amount"], provider=data["provider"], note=data["note"],
                                     on_behalf=requested_on_behalf(request.data) is not False,
                                     expected_version=data["version"])
        return Response(SupportEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonLinkSerializer, responses=PersonSerializer,
                   parameters=[OpenApiParameter("kind", str, enum=["activity", "commendation"]),
                               OpenApiParameter("id", int)])
    @action(detail=True, methods=["post", "delete"], url_path="links")
    def links(self, request, pk=None):
        obj = self.get_object()
        source = request.data if request.method == "POST" else request.query_params
        serializer = PersonLinkSerializer(data={"kind": source.get("kind"), "id": source.get("id")})
        serializer.is_valid(raise_exception=True)
        kind, target_id = serializer.validated_data["kind"], serializer.validated_data["id"]
        on_behalf = requested_on_behalf(request.data) is not False
        if request.method == "POST":
            from danvan.core.picker import source as picker_source

            src = picker_source(kind)
            target = src.queryset(request.user, "view").filter(pk=target_id).first()
            if target is None:
                raise ValidationError({"id": _("Không tìm thấy bản ghi hoặc bạn không có quyền xem.")})
            services.link_add(actor=request.user, person=obj, target=target, on_behalf=on_behalf)
        else:
            related = obj.activities if kind == "activity" else obj.commendations
            target = related.filter(pk=target_id).first()
            if target is None:
                raise ValidationError({"id": _("Không tìm thấy liên kết.")})
            services.link_remove(actor=request.user, person=obj, target=target, on_behalf=on_behalf)
        return Response(self._out(obj))

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        _names_required(request)
        return import_upload(request, importers.import_people)

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"], url_path="import-support", parser_classes=[MultiPartParser, FormParser])
    def import_support(self, request):
        _names_required(request)
        return import_upload(request, importers.import_support)


class EthnicGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """The 54 ethnic groups (reference data, readable by every signed-in user)."""

    queryset = EthnicGroup.objects.all()
    serializer_class = EthnicGroupSerializer
    lookup_field = "code"
    pagination_class = None


@extend_schema(
    parameters=[OpenApiParameter("unit", str), OpenApiParameter("year", int),
                OpenApiParameter("boundaries", str, enum=["historical", "current"])],
    responses=OpenApiTypes.OBJECT,
)
class CountsView(core_api.CountsView):
    """GET ?unit=VN-92&year=2026&boundaries=historical|current → people in the list at the year's end by ethnic
    group and role, and support received — counts only, for every caller who may read the unit."""

    def figures(self, request, unit, year, boundaries):
        s = selectors.engine_summary(unit=unit, year=year, boundaries=boundaries)
        return {
            "people": s["people"], "minority": s["minority"],
            "by_ethnic_group": {row["code"]: row["people"] for row in s["by_ethnic"]},
            "by_role": {row["code"]: row["people"] for row in s["by_role"]},
            "support_count": s["support_count"],
            "support_amount": None if s["support_amount"] is None else int(s["support_amount"]),
            "support_by_kind": {row["code"]: {"count": row["count"], "amount": int(row["amount"])}
                                for row in s["support_by_kind"]},
            "coverage": s["coverage"],
        }


router = DefaultRouter()
router.register("people", PersonViewSet, basename="prestige-person")
router.register("ethnic-groups", EthnicGroupViewSet, basename="ethnic-group")
urlpatterns = [path("counts/", CountsView.as_view(), name="prestige-counts"), *router.urls]
