"""REST API under /api/v1/activities/. Thin: scoped querysets, writes through the same services as the UI."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import (
    can_update_commitment,
    document_visibility_q,
    home_unit,
    object_or_404_scoped,
    scope,
)
from danvan.core.api import ScopedReadOnlyViewSet, boundaries_param, flag_param, on_behalf_of, query_param
from danvan.core.api_numbers import VnNumbersMixin
from danvan.core.concurrency import parse_version
from danvan.orgunits.models import OrgUnit, Sector

from . import periods, selectors, services
from .models import Activity, ActivityKind, Commitment, Document
from .symbols import normalise
from .views.common import resolve_unit


class KindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityKind
        fields = ["code", "name", "is_conference", "is_dialogue", "is_competition", "is_media", "is_active"]


class ActivitySerializer(VnNumbersMixin, serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.key", required=False)
    kind = serializers.SlugRelatedField(slug_field="code", queryset=ActivityKind.objects.all())
    sector = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), required=False,
                                          allow_null=True)
    documents = serializers.ListField(child=serializers.CharField(), required=False, write_only=True)
    level = serializers.ChoiceField(choices=OrgUnit.Level.choices, required=False, allow_blank=True)
    on_behalf = serializers.BooleanField(write_only=True, required=False, default=False)
    has_overdue_commitments = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = ["id", "unit", "kind", "title", "purpose", "level", "level_overridden", "sector", "status",
                  "start_date", "end_date", "place_mode", "place", "connected_points", "participants", "attendees",
                  "attendees_confirmed", "documents", "outlet", "link", "minutes", "issues_summary",
                  "participating_organisations", "external_ref", "version", "on_behalf", "has_overdue_commitments"]
        read_only_fields = ["level_overridden", "version"]
        # the services validate; the model's own validators would only duplicate them in English-free form
        extra_kwargs = {f: {"validators": []} for f in ["participants", "attendees", "connected_points"]}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["documents"] = [d.symbol for d in instance.documents.all()]
        return data

    def get_has_overdue_commitments(self, instance) -> bool:
        return bool(getattr(instance, "has_overdue", False))


class CommitmentSerializer(serializers.ModelSerializer):
    activity = serializers.PrimaryKeyRelatedField(read_only=True)
    owner_unit = serializers.CharField(source="owner_unit.key", read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = ["id", "activity", "content", "owner_unit", "deadline", "status", "done_on", "result", "version",
                  "is_overdue"]

    def get_is_overdue(self, instance) -> bool:
        return instance.is_overdue()


class DocumentSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.key", required=False)
    replaces = serializers.CharField(source="replaces.symbol", required=False, allow_null=True, allow_blank=True)
    on_behalf = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Document
        fields = ["id", "unit", "family", "symbol", "number", "doc_type", "issuer_code", "issuing_body", "issued_on",
                  "title", "summary", "replaces", "interim_review_years", "final_review_years", "version", "on_behalf"]
        read_only_fields = ["family", "number", "doc_type", "issuer_code", "version"]
        validators = []


def _documents(user, symbols) -> list[Document]:
    found, missing = [], []
    visible = selectors.documents_for(user)
    for symbol in symbols or []:
        doc = visible.filter(symbol=normalise(symbol)).order_by("-issued_on").first()
        (found.append(doc) if doc else missing.append(symbol))
    if missing:
        raise ValidationError({"documents": _("Không có văn bản %(s)s trong sổ văn bản.") % {"s": ", ".join(missing)}})
    return found


_UNIT_PERIOD = [OpenApiParameter("unit", str, description="unit key (older name: don_vi)"),
                OpenApiParameter("period", str, description="DHIS2 period code (older name: ky)"),
                OpenApiParameter("boundaries", str, enum=["historical", "current"],
                                 description="older: dia_gioi=hien_nay")]


@extend_schema_view(
    list=extend_schema(parameters=[
        *_UNIT_PERIOD, OpenApiParameter("kind", str, description="activity kind code (older: loai)"),
        OpenApiParameter("level", str, description="older: cap"),
        OpenApiParameter("sector", str, description="older: khoi"),
        OpenApiParameter("status", str, description="older: trang_thai"), OpenApiParameter("q", str),
        OpenApiParameter("overdue", bool, description="older: qua_han=1")]),
    summary=extend_schema(parameters=_UNIT_PERIOD, responses=OpenApiTypes.OBJECT),
)
class ActivityViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                      ScopedReadOnlyViewSet):
    """Activities in the caller's scope. Filters: ?unit=KEY&period=2023&kind=doi_thoai&level=commune&sector=mttq
    &q=dan+van&overdue=true&boundaries=current (the older Vietnamese names don_vi, ky, loai, cap, khoi,
    trang_thai, qua_han, dia_gioi=hien_nay still work). Writes go through the services (same rules as the UI)."""

    queryset = Activity.objects.select_related("unit", "kind", "sector").prefetch_related("documents")
    serializer_class = ActivitySerializer
    filter_backends: list = []

    def get_base_queryset(self):
        qs = super().get_base_queryset()
        request = self.request
        unit = None
        key = query_param(request, "unit", "don_vi")
        if key:
            unit = scope(OrgUnit.objects.filter(key=key), request.user).first()
            if unit is None:
                return qs.none()
        try:
            return selectors.filter_activities(
                qs, unit=unit, period=query_param(request, "period", "ky"), kind=query_param(request, "kind", "loai"),
                level=query_param(request, "level", "cap"), sector=query_param(request, "sector", "khoi"),
                status=query_param(request, "status", "trang_thai"), q=query_param(request, "q"),
                overdue=flag_param(request, "overdue", "qua_han"), boundaries=boundaries_param(request))
        except ValueError as error:
            raise serializers.ValidationError({"period": str(error)}) from None

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return selectors.mark_overdue(page) if page is not None else None

    def get_object(self):
        return selectors.mark_overdue([super().get_object()])[0]

    def _fields(self, data: dict) -> dict:
        fields = {k: v for k, v in data.items() if k not in ("unit", "documents", "on_behalf")}
        if "level" in fields and not fields["level"]:
            fields["level"] = None
        return fields

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = resolve_unit(data.get("unit", {}).get("key", ""), default=home_unit(request.user))
        activity = services.activity_create(
            actor=request.user, unit=unit, on_behalf=data.get("on_behalf", False),
            documents=_documents(request.user, data.get("documents")), **self._fields(data))
        return Response(self.get_serializer(activity).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        activity = self.get_object()
        serializer = self.get_serializer(activity, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = request.data.get("version")
        documents = _documents(request.user, data["documents"]) if "documents" in data else None

        services.activity_update(actor=request.user, activity=activity,
                                 expected_version=parse_version(version),
                                 on_behalf=on_behalf_of(request, activity), documents=documents,
                                 **self._fields(data))
        return Response(self.get_serializer(activity).data)

    def destroy(self, request, *args, **kwargs):

        activity = self.get_object()
        services.activity_delete(actor=request.user, activity=activity,
                                 on_behalf=on_behalf_of(request, activity))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=False, methods=["get"])
    def summary(self, request):
        """Counting functions for ?unit=KEY&period=2023[&boundaries=current] (older: don_vi, ky, dia_gioi)."""
        key = query_param(request, "unit", "don_vi")
        unit = scope(OrgUnit.objects.filter(key=key), request.user).first() if key else home_unit(request.user)
        if unit is None:
            raise Http404
        try:
            # "Quý 3/2026" or "2026Q3": the engine's one parser; the answer carries the code.
            period = periods.parse(query_param(request, "period", "ky", default=str(selectors.today().year))).code
            figures = selectors.summary(unit=unit, period=period, boundaries=boundaries_param(request))
        except ValueError as error:
            raise serializers.ValidationError({"period": str(error)}) from None
        return Response({"unit": unit.key, "period": period, **figures})


class KindViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ActivityKind.objects.all()
    serializer_class = KindSerializer
    lookup_field = "code"


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("state", str, enum=["overdue", "open", "done"], description="older: tinh_trang=qua_han")]))
class CommitmentViewSet(ScopedReadOnlyViewSet):
    """Dialogue commitments in scope; ?state=overdue|open|done (older: tinh_trang=qua_han).
    POST {id}/status/ {status, done_on, result}."""

    queryset = Commitment.objects.select_related("activity__unit", "owner_unit")
    serializer_class = CommitmentSerializer
    filter_backends: list = []

    def may_act_on(self, obj, right):
        return can_update_commitment(self.request.user, obj)

    def get_base_queryset(self):
        qs = super().get_base_queryset()
        state = query_param(self.request, "state", "tinh_trang")
        if state in ("overdue", "qua_han"):
            qs = qs.filter(status=Commitment.Status.OPEN, deadline__lt=selectors.today())
        elif state in Commitment.Status.values:
            qs = qs.filter(status=state)
        return qs

    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        commitment = self.get_object()
        data = request.data
        done_on = serializers.DateField(required=False, allow_null=True).run_validation(data.get("done_on") or None)
        version = data.get("version")
        services.commitment_set_status(actor=request.user, commitment=commitment, to=data.get("status", ""),
                                       done_on=done_on, result=data.get("result", ""),
                                       expected_version=parse_version(version))
        return Response(self.get_serializer(commitment).data)


class DocumentViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The document register (documents of the caller's subtree and of the units above). ?q= searches."""

    serializer_class = DocumentSerializer
    filter_backends: list = []

    queryset = Document.objects.select_related("unit", "replaces")

    def visible_queryset(self, qs):
        condition = document_visibility_q(self.request.user)  # units below read the documents above them
        return qs if condition is None else qs.filter(pk__in=Document.objects.filter(condition).values("pk"))

    def get_base_queryset(self):
        qs = super().get_base_queryset()
        from danvan.core.text import search_terms

        for term in search_terms(self.request.query_params.get("q", "")):
            qs = qs.filter(search_text__contains=term)
        return qs

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        unit = resolve_unit(data.pop("unit", {}).get("key", ""), default=home_unit(request.user))
        replaces_symbol = (data.pop("replaces", None) or {}).get("symbol")
        replaces = None
        if replaces_symbol:
            replaces = selectors.documents_for(request.user).filter(symbol=normalise(replaces_symbol)).first()
            if replaces is None:
                raise ValidationError({"replaces": _("Không có văn bản %(s)s trong sổ văn bản.") % {
                    "s": replaces_symbol}})
        on_behalf = data.pop("on_behalf", False)
        document = services.document_create(actor=request.user, unit=unit, on_behalf=on_behalf, replaces=replaces,
                                            **data)
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[OpenApiParameter("unit", str, description="unit key (older name: don_vi)")],
                   responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], url_path="status")
    def implementation(self, request, pk=None):
        """Dissemination, plans and reviews for the subtree ?unit=KEY (default: the caller's unit)."""
        document = self.get_object()
        key = query_param(request, "unit", "don_vi")
        root = object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key) if key else home_unit(request.user)
        result = selectors.document_status(document, root)
        return Response({
            "document": document.symbol, "unit": root.key,
            **{k: result[k] for k in ("required", "disseminated", "overdue", "late", "planned", "reviewed_interim",
                                      "reviewed_final", "review_overdue", "conferences", "attendees")},
            "units": [{"unit": s.unit.key, "name": s.unit.name, "deadline": s.deadline, "first_held": s.first_held,
                       "conferences": s.conferences, "attendees": s.attendees, "overdue": s.overdue,
                       "late": s.late, "plans": [p.symbol for p in s.plans], "reviews": s.reviews,
                       "review_overdue": s.review_overdue} for s in result["rows"]],
        })


router = DefaultRouter()
router.register("kinds", KindViewSet, basename="activity-kind")
router.register("activities", ActivityViewSet, basename="activity")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("documents", DocumentViewSet, basename="document")
urlpatterns = router.urls
