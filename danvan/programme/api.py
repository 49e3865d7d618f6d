"""REST API under /api/v1/programme/: thin over the same services; workflow steps are POST actions.

- programmes/ (list, read, create, PATCH theme/symbol/summary, DELETE a draft); actions approve, reopen,
  draft-from-part-two; import/ (XLSX or CSV, all or nothing, 422 with one error per row and column)
- items/ (list, read, create, PATCH, DELETE while the programme is a draft); actions status (the monthly
  status), links (add/remove linked documents, campaigns, activities, periodic reports by id), history
- counts/?unit=VN-92&year=2026: the subtree's completion from the engine
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts import permissions
from danvan.accounts.permissions import object_or_404_scoped
from danvan.core import api as core_api
from danvan.core.api import ScopedViewSet, import_upload, requested_on_behalf
from danvan.core.concurrency import parse_version
from danvan.core.imports import parse_date
from danvan.core.params import year_param
from danvan.orgunits.models import OrgUnit

from . import importers, selectors, services
from .models import LINK_FIELD_CHOICES, Programme, ProgrammeItem, StatusUpdate


def _unit(key: str, field: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(key=(key or "").strip()).first()
    if unit is None:
        raise ValidationError({field: _("Không có đơn vị với mã “%(k)s”.") % {"k": key}})
    return unit


class ProgrammeSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    approved_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "unit", "unit_name", "year", "theme", "symbol", "summary", "status", "approved_at",
                  "approved_by", "version", "created_at", "updated_at"]


class ProgrammeWriteSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="unit key, e.g. VN-92")
    year = serializers.IntegerField()
    theme = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    symbol = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    on_behalf = serializers.BooleanField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class StatusUpdateSerializer(serializers.ModelSerializer):
    recorded_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = StatusUpdate
        fields = ["id", "month", "status", "note", "evidence", "done_on", "recorded_by", "recorded_at", "on_behalf"]


class ItemSerializer(serializers.ModelSerializer):
    programme_unit = serializers.CharField(source="programme.unit.key", read_only=True)
    programme_year = serializers.IntegerField(source="programme.year", read_only=True)
    owner_unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    cooperating_units = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeItem
        fields = ["id", "programme", "programme_unit", "programme_year", "kind", "number", "title", "description",
                  "assigned_by", "owner_unit", "cooperating_units", "deadline", "expected_output", "status",
                  "status_month", "status_note", "done_on", "overdue", "documents", "campaigns", "activities",
                  "reports", "source", "external_ref", "version", "created_at", "updated_at"]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class ItemWriteSerializer(serializers.Serializer):
    """Input shape only; every rule is in the services (errors come back per field, in Vietnamese)."""

    programme = serializers.IntegerField(help_text="programme id")
    kind = serializers.ChoiceField(choices=ProgrammeItem.Kind.choices, required=False, default=ProgrammeItem.Kind.TASK)
    number = serializers.IntegerField(required=False, default=0, min_value=0)
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    assigned_by = serializers.ChoiceField(choices=ProgrammeItem.AssignedBy.choices, required=False,
                                          default=ProgrammeItem.AssignedBy.UNIT)
    owner_unit = serializers.CharField(required=False, allow_blank=True, default="", help_text="unit key")
    cooperating_units = serializers.ListField(child=serializers.CharField(), required=False, default=None,
                                              allow_null=True, help_text="unit keys")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    expected_output = serializers.CharField(required=False, allow_blank=True, default="")
    external_ref = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    on_behalf = serializers.BooleanField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class StatusWriteSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProgrammeItem.Status.choices)
    month = serializers.CharField(required=False, allow_blank=True, default="", help_text="YYYY-MM (default: now)")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                     help_text="links (https://… or a path of this site)")
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class LinksWriteSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=LINK_FIELD_CHOICES)
    add = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
    remove = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


def _version(data) -> int | None:
    return parse_version(data.get("version"))


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Work programmes in the caller's scope. Filters: ?unit=VN-92 (subtree), ?year=, ?status=draft|approved."""

    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.all()
    action_rights = {"approve": permissions.APPROVE, "reopen": permissions.APPROVE}

    def get_base_queryset(self):
        qs = super().get_base_queryset().select_related("unit", "approved_by")
        if self.action != "list":
            return qs
        params = self.request.query_params
        unit = None
        if params.get("unit"):
            unit = object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=params["unit"])
        return selectors.filter_programmes(qs, unit=unit, year=year_param(params.get("year")),
                                           status=params.get("status", "")).order_by("-year", "unit__path", "id")

    def may_act_on(self, obj, right):
        if right == permissions.APPROVE:
            return permissions.can_approve_programme(self.request.user, obj)
        return permissions.can_edit_programme(self.request.user, obj)

    @extend_schema(request=ProgrammeWriteSerializer, responses={201: ProgrammeSerializer})
    def create(self, request):
        serializer = ProgrammeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        obj = services.programme_create(actor=request.user, unit=_unit(data["unit"], "unit"), year=data["year"],
                                        theme=data["theme"], symbol=data["symbol"], summary=data["summary"],
                                        on_behalf=data["on_behalf"])
        return Response(ProgrammeSerializer(obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProgrammeWriteSerializer, responses=ProgrammeSerializer)
    def partial_update(self, request, pk=None):
        obj = self.get_object()
        serializer = ProgrammeWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = {name: data[name] for name in services.PROGRAMME_FIELDS if name in request.data}
        obj = services.programme_update(actor=request.user, programme=obj, expected_version=data.get("version"),
                                        on_behalf=requested_on_behalf(request.data), **fields)
        return Response(ProgrammeSerializer(obj).data)

    def destroy(self, request, pk=None):
        services.programme_delete(actor=request.user, programme=self.get_object(),
                                  on_behalf=requested_on_behalf(request.data))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        obj = services.programme_approve(actor=request.user, programme=self.get_object(),
                                         note=str(request.data.get("note", "")),
                                         expected_version=_version(request.data))
        return Response(ProgrammeSerializer(obj).data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        obj = services.programme_reopen(actor=request.user, programme=self.get_object(),
                                        reason=str(request.data.get("reason", "")),
                                        expected_version=_version(request.data))
        return Response(ProgrammeSerializer(obj).data)

    @extend_schema(request=None, responses={201: ItemSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="draft-from-part-two")
    def draft_from_part_two(self, request, pk=None):
        created = services.draft_from_part_two(actor=request.user, programme=self.get_object(),
                                               on_behalf=requested_on_behalf(request.data))
        return Response(ItemSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request):
        return import_upload(request, importers.import_items)


class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Key tasks and projects in the caller's scope (their programmes' units, or an owner unit in scope).

    Filters: ?unit=VN-92 (programmes of the subtree), ?owner=VN-92-31117, ?year=, ?kind=task|project,
    ?status=, ?state=overdue|due_soon|open, ?assigned_by=bct_bbt|cap_uy|don_vi, ?mine=1, ?q=.
    """

    serializer_class = ItemSerializer
    queryset = ProgrammeItem.objects.all()

    def get_base_queryset(self):
        qs = super().get_base_queryset().select_related("programme", "programme__unit", "owner_unit") \
            .prefetch_related("cooperating_units", "documents", "campaigns", "activities", "reports")
        if self.action != "list":
            return qs
        params = self.request.query_params
        unit = owner = None
        if params.get("unit"):
            unit = object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=params["unit"])
        if params.get("owner"):
            owner = object_or_404_scoped(OrgUnit.objects.all(), self.request.user, key=params["owner"])
        return selectors.filter_items(
            qs, unit=unit, owner=owner, year=year_param(params.get("year")), kind=params.get("kind", ""),
            status=params.get("status", ""), state=params.get("state", ""), assigned_by=params.get("assigned_by", ""),
            query=params.get("q", ""), mine_of=self.request.user if core_api.flag_param(self.request, "mine") else None,
        ).order_by("programme__year", "programme__unit__path", "kind", "number", "id")

    def may_act_on(self, obj, right):
        if self.action in ("status", "links"):
            return (permissions.can_report_programme_item(self.request.user, obj)
                    or permissions.can_edit_programme(self.request.user, obj.programme))
        return permissions.can_edit_programme(self.request.user, obj.programme)

    def _kwargs(self, data: dict, present) -> dict:
        kwargs = {name: data[name] for name in ("kind", "number", "title", "description", "assigned_by", "deadline",
                                                "expected_output", "external_ref") if name in present}
        if "owner_unit" in present:
            kwargs["owner_unit"] = _unit(data["owner_unit"], "owner_unit") if data["owner_unit"] else None
        return kwargs

    def _cooperating(self, data: dict):
        keys = data.get("cooperating_units")
        if keys is None:
            return None
        return [_unit(key, "cooperating_units") for key in keys]

    @extend_schema(request=ItemWriteSerializer, responses={201: ItemSerializer})
    def create(self, request):
        serializer = ItemWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        programme = object_or_404_scoped(Programme.objects.select_related("unit"), request.user,
                                         pk=data["programme"])
        present = set(data) - {"programme", "on_behalf", "version", "cooperating_units"}
        obj = services.item_create(actor=request.user, programme=programme, on_behalf=data["on_behalf"],
                                   cooperating_units=self._cooperating(data), **self._kwargs(data, present))
        return Response(ItemSerializer(obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ItemWriteSerializer, responses=ItemSerializer)
    def partial_update(self, request, pk=None):
        obj = self.get_object()
        serializer = ItemWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        present = set(request.data) & set(data)
        obj = services.item_update(actor=request.user, item=obj, expected_version=data.get("version"),
                                   on_behalf=requested_on_behalf(request.data),
                                   cooperating_units=self._cooperating(data) if "cooperating_units" in present
                                   else None, **self._kwargs(data, present))
        return Response(ItemSerializer(obj).data)

    def destroy(self, request, pk=None):
        services.item_delete(actor=request.user, item=self.get_object(), on_behalf=requested_on_behalf(request.data))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=StatusWriteSerializer, responses={201: StatusUpdateSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        obj = self.get_object()
        serializer = StatusWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        month = None
        if data["month"]:
            month = parse_date(data["month"] + "-01") if len(data["month"]) == 7 else parse_date(data["month"])
            if month is None:
                raise ValidationError({"month": _("Tháng: “%(v)s” không hợp lệ (dùng YYYY-MM).") % {
                    "v": data["month"]}})
        update = services.item_record_status(actor=request.user, item=obj, status=data["status"], month=month,
                                             note=data["note"], evidence="\n".join(data["evidence"]),
                                             done_on=data["done_on"], expected_version=data["version"])
        return Response(StatusUpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LinksWriteSerializer, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def links(self, request, pk=None):
        obj = self.get_object()
        serializer = LinksWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        model = ProgrammeItem._meta.get_field(data["field"]).related_model
        found = {record.pk: record for record in model.objects.filter(pk__in=data["add"])}
        missing = [pk for pk in data["add"] if pk not in found]
        if missing:
            raise ValidationError({data["field"]: _("Không tìm thấy bản ghi %(ids)s.") % {
                "ids": ", ".join(str(pk) for pk in missing)}})
        obj = services.item_links_change(actor=request.user, item=obj, field=data["field"],
                                         add=[found[pk] for pk in data["add"]], remove=data["remove"],
                                         expected_version=data["version"])
        return Response(ItemSerializer(obj).data)

    @extend_schema(responses=StatusUpdateSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """The monthly statuses of the item, newest first."""
        return Response(StatusUpdateSerializer(self.get_object().updates.select_related("recorded_by"),
                                               many=True).data)


@extend_schema(
    parameters=[OpenApiParameter("unit", str), OpenApiParameter("year", int),
                OpenApiParameter("boundaries", str, enum=["historical", "current"])],
    responses=OpenApiTypes.OBJECT,
)
class CountsView(core_api.CountsView):
    """GET ?unit=VN-92&year=2026&boundaries=historical|current → completion of the subtree's programmes (engine)."""

    def figures(self, request, unit, year, boundaries):
        done = selectors.completion(unit=unit, period=year, boundaries=boundaries)
        return {"tasks": done["tasks"], "tasks_done": done["tasks_done"], "projects": done["projects"],
                "projects_done": done["projects_done"],
                "by_assigned_by": {code: {k: v for k, v in row.items() if k != "label"}
                                   for code, row in done["by_assigner"].items()},
                "coverage": done["coverage"]}


router = DefaultRouter()
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("items", ItemViewSet, basename="programme-item")
urlpatterns = [path("counts/", CountsView.as_view(), name="programme-counts"), *router.urls]
