"""/api/v1/dataValueSets (with and without the trailing slash DHIS2 clients leave off): POST and GET."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from danvan.accounts.permissions import object_or_404_scoped
from danvan.core.api_errors import error, error_response
from danvan.orgunits.models import OrgUnit

from . import datavalue_import as service
from . import dhis2


class DataValueIn(serializers.Serializer):
    dataElement = serializers.CharField(help_text="indicator code, e.g. dialogue")
    period = serializers.CharField(required=False, help_text="DHIS2 period: 2023, 2023S1, 2023Q2, 202305")
    orgUnit = serializers.CharField(required=False, help_text="unit key, e.g. VN-92")
    categoryOptionCombo = serializers.CharField(required=False, help_text="the indicator's category, or default")
    attributeOptionCombo = serializers.CharField(required=False, help_text="sector code, or default")
    value = serializers.CharField(required=False, allow_blank=True)
    comment = serializers.CharField(required=False, allow_blank=True, help_text="accepted, not stored")


class DataValueSetIn(serializers.Serializer):
    dataSet = serializers.CharField(required=False)
    period = serializers.CharField(required=False, help_text="default period of the values")
    orgUnit = serializers.CharField(required=False, help_text="default unit of the values")
    attributeOptionCombo = serializers.CharField(required=False)
    dataValues = DataValueIn(many=True)


class ImportCount(serializers.Serializer):
    imported = serializers.IntegerField()
    updated = serializers.IntegerField()
    ignored = serializers.IntegerField()
    deleted = serializers.IntegerField()


class Conflict(serializers.Serializer):
    object = serializers.CharField(allow_blank=True)
    property = serializers.CharField()
    value = serializers.CharField()
    errorCode = serializers.CharField()
    indexes = serializers.ListField(child=serializers.IntegerField())


class ImportSummary(serializers.Serializer):
    responseType = serializers.CharField()
    status = serializers.ChoiceField(choices=["SUCCESS", "WARNING", "ERROR"])
    description = serializers.CharField()
    importStrategy = serializers.ChoiceField(choices=list(service.STRATEGIES))
    dryRun = serializers.BooleanField()
    importCount = ImportCount()
    conflicts = Conflict(many=True)
    warnings = serializers.ListField(child=serializers.CharField(), required=False)
    errors = serializers.ListField(child=serializers.DictField(), required=False)


class DataValueOut(serializers.Serializer):
    dataElement = serializers.CharField()
    period = serializers.CharField()
    orgUnit = serializers.CharField()
    categoryOptionCombo = serializers.CharField()
    attributeOptionCombo = serializers.CharField()
    value = serializers.CharField()
    storedBy = serializers.CharField(allow_blank=True)
    created = serializers.DateTimeField()
    lastUpdated = serializers.DateTimeField()


class DataValueSetOut(serializers.Serializer):
    dataValues = DataValueOut(many=True)


def _flag(request, name: str) -> bool:
    raw = request.query_params.get(name, "false").strip().lower()
    if raw not in ("true", "false", "1", "0", ""):
        raise DRFValidationError({name: [_("Giá trị phải là true hoặc false.")]})
    return raw in ("true", "1")


def _many(request, name: str) -> list[str]:
    return [part.strip() for value in request.query_params.getlist(name) for part in value.split(",") if part.strip()]


def _read_json(request):
    """The body as JSON, read from the stream with our own size limit (a set may be far above Django's 2,5 MB)."""
    content_type = request.content_type.split(";")[0].strip().lower()
    if content_type != "application/json":
        raise UnsupportedMediaType(content_type or "—")
    limit = settings.DATAVALUESETS_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return None
    body = request.stream.read(limit + 1) if request.stream is not None else b""
    if len(body) > limit:
        return None
    try:
        return json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ParseError(_("Nội dung không phải JSON hợp lệ.")) from None


class DataValueSetsView(APIView):
    """DHIS2's dataValueSets: import (POST) and read back (GET) entered aggregates.

    All or nothing, unlike DHIS2: a set with any conflict imports nothing (status ERROR, HTTP 422).
    """

    @extend_schema(
        operation_id="dataValueSets_create",
        request=DataValueSetIn,
        parameters=[OpenApiParameter("dryRun", bool, description="validate and count, write nothing"),
                    OpenApiParameter("importStrategy", str, enum=list(service.STRATEGIES))],
        responses={200: ImportSummary, 422: ImportSummary},
    )
    def post(self, request, *args, **kwargs):
        strategy = request.query_params.get("importStrategy", service.CREATE_AND_UPDATE).strip().upper()
        if strategy not in service.STRATEGIES:
            raise DRFValidationError({"importStrategy": [
                _("Giá trị phải là CREATE_AND_UPDATE, CREATE, UPDATE hoặc DELETE.")]})
        dry_run = _flag(request, "dryRun")
        payload = _read_json(request)
        if payload is None:
            return error_response(413, [error("too_large", _("Nội dung gửi lên quá lớn."), status_code=413)])
        try:
            summary = dhis2.import_set(actor=request.user, payload=payload, strategy=strategy, dry_run=dry_run)
        except dhis2.PayloadError as problem:
            return error_response(400, [error("invalid", str(problem), field=problem.field, status_code=400)])
        if summary["status"] == "ERROR":
            summary["errors"] = [error(c["errorCode"], c["value"], field=c["property"], indexes=c["indexes"])
                                 for c in summary["conflicts"]]
            return Response(summary, status=422)
        return Response(summary, status=status.HTTP_200_OK)

    @extend_schema(
        operation_id="dataValueSets_read",
        parameters=[OpenApiParameter("orgUnit", str, required=True, many=True, description="unit key(s)"),
                    OpenApiParameter("period", str, required=True, many=True, description="DHIS2 period code(s)"),
                    OpenApiParameter("children", bool, description="include every unit below"),
                    OpenApiParameter("dataElement", str, many=True, description="indicator code(s)"),
                    OpenApiParameter("dataSet", str, description="accepted and ignored")],
        responses={200: DataValueSetOut},
    )
    def get(self, request, *args, **kwargs):
        keys, periods = _many(request, "orgUnit"), _many(request, "period")
        missing = {name: [_("Tham số bắt buộc.")] for name, value in (("orgUnit", keys), ("period", periods))
                   if not value}
        if missing:
            raise DRFValidationError(missing)
        children = _flag(request, "children")
        units = [object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key) for key in keys]
        try:
            body = dhis2.read_set(user=request.user, units=units, periods=periods,
                                  data_elements=_many(request, "dataElement"), children=children)
        except dhis2.PayloadError as problem:
            raise DRFValidationError({problem.field: [str(problem)]}) from None
        return Response(body)


class DataValueSetsSlashView(DataValueSetsView):
    """The same endpoint with a trailing slash (danvan's URL style)."""

    @extend_schema(operation_id="dataValueSets_create_slash", request=DataValueSetIn,
                   parameters=[OpenApiParameter("dryRun", bool),
                               OpenApiParameter("importStrategy", str, enum=list(service.STRATEGIES))],
                   responses={200: ImportSummary, 422: ImportSummary})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    @extend_schema(operation_id="dataValueSets_read_slash",
                   parameters=[OpenApiParameter("orgUnit", str, required=True, many=True),
                               OpenApiParameter("period", str, required=True, many=True),
                               OpenApiParameter("children", bool),
                               OpenApiParameter("dataElement", str, many=True),
                               OpenApiParameter("dataSet", str)],
                   responses={200: DataValueSetOut})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
