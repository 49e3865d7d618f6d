from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import scope
from danvan.core.api import ScopedReadOnlyViewSet

from . import selectors
from .models import OrgUnit


class OrgUnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="key", read_only=True)
    successors = serializers.SerializerMethodField()

    class Meta:
        model = OrgUnit
        fields = ["key", "name", "short_name", "type_name", "kind", "level", "code", "code_scheme", "parent",
                  "valid_from", "valid_to", "current_key", "successors"]

    def get_successors(self, unit) -> list[dict]:
        return [{"key": link.successor.key, "primary": link.is_primary} for link in selectors.successors(unit)]


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("q", str, description="search by name or key"),
    OpenApiParameter("date", str, description="units valid on YYYY-MM-DD (older name: ngay)")]))
class OrgUnitViewSet(ScopedReadOnlyViewSet):
    """Units in the caller's scope. Filter with ?q= (diacritics optional), ?ngay=YYYY-MM-DD, ?kind=."""

    queryset = OrgUnit.objects.select_related("parent")
    serializer_class = OrgUnitSerializer
    lookup_field = "key"
    lookup_value_regex = "[A-Za-z0-9-]+"
    filterset_fields = ["kind", "level"]

    write_action = None  # units are written by `units_upsert` only; this API reads

    def get_base_queryset(self):
        qs = super().get_base_queryset()
        query = self.request.query_params.get("q")
        if query:
            qs = selectors.search(query, within=qs)
        # English name first; the older Vietnamese one keeps working.
        day = self.request.query_params.get("date") or self.request.query_params.get("ngay")
        if day:
            from danvan.core.imports import parse_date

            parsed = parse_date(day)
            if parsed:
                qs = qs.valid_on(parsed)
        return qs

    @extend_schema(responses=OrgUnitSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def children(self, request, key=None):
        unit = get_object_or_404(scope(OrgUnit.objects.all(), request.user), key=key)
        children = scope(selectors.children_on(unit, selectors.today()), request.user)
        return Response(OrgUnitSerializer(children, many=True).data)


router = DefaultRouter()
router.register("units", OrgUnitViewSet, basename="unit")
urlpatterns = router.urls
