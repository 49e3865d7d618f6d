"""REST API (/api/v1/campaigns/): read campaigns and progress; create ledger entries and houses; workflow steps as
POST actions. There is no update or delete of ledger entries: the ledger viewset has no such methods at all."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from danvan.accounts.permissions import can_view_campaign_unit
from danvan.core.api import ScopedReadOnlyViewSet, ScopedViewSet
from danvan.core.api_numbers import VnNumbersMixin
from danvan.core.workflow import available_transitions
from danvan.orgunits.fields import UnitKeySerializerField as UnitKeyField
from danvan.orgunits.models import OrgUnit

from . import selectors, services
from .models import Campaign, House, LedgerEntry, Target

# -- serializers --------------------------------------------------------------------------------------------


class TargetSerializer(VnNumbersMixin, serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    metric_key = serializers.CharField(read_only=True)
    measure = serializers.CharField(read_only=True)

    class Meta:
        model = Target
        fields = ["id", "metric", "metric_key", "label", "measure", "unit", "value"]


class CampaignSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="key", read_only=True)
    participant_root = serializers.SlugRelatedField(slug_field="key", read_only=True)
    participant_units = serializers.SlugRelatedField(slug_field="key", read_only=True, many=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "kind", "name", "description", "unit", "participant_root", "participant_units", "start_date",
                  "end_date", "targets", "version"]


class LedgerEntrySerializer(VnNumbersMixin, serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="campaign_id")
    unit = UnitKeyField()
    amount = serializers.CharField(help_text="Số nguyên đồng, ví dụ \"50000000\"")
    reverses = serializers.IntegerField(source="reverses_id", read_only=True)
    donor_name = serializers.CharField(required=False, allow_blank=True, default="")
    on_behalf = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = LedgerEntry
        fields = ["id", "campaign", "unit", "kind", "form", "in_kind_description", "amount", "day", "donor_kind",
                  "donor_name", "note", "external_ref", "reverses", "created_at", "on_behalf"]
        read_only_fields = ["id", "reverses", "created_at"]
        extra_kwargs = {"external_ref": {"required": False}, "note": {"required": False},
                        "in_kind_description": {"required": False}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["amount"] = str(instance.amount)
        data["donor_name"] = instance.donor_display
        return data


class ReverseSerializer(VnNumbersMixin, serializers.Serializer):
    reason = serializers.CharField()
    day = serializers.DateField(required=False, allow_null=True)
    on_behalf = serializers.BooleanField(required=False, default=False)


class HouseSerializer(VnNumbersMixin, serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="campaign_id")
    available_transitions = serializers.SerializerMethodField(help_text="Trạng thái có thể chuyển tới (như giao diện).")
    unit = UnitKeyField()
    unit_cost = serializers.CharField()
    on_behalf = serializers.BooleanField(required=False, default=False, write_only=True)

    class Meta:
        model = House
        fields = ["id", "campaign", "unit", "kind", "beneficiary_name", "beneficiary_address", "beneficiary_category",
                  "unit_cost", "funding_sources", "status", "started_on", "completed_on", "handed_over_on",
                  "external_ref", "note", "version", "on_behalf", "available_transitions"]
        read_only_fields = ["id", "status", "started_on", "completed_on", "handed_over_on", "version"]
        extra_kwargs = {"beneficiary_address": {"required": False}, "funding_sources": {"required": False},
                        "external_ref": {"required": False}, "note": {"required": False}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["unit_cost"] = str(instance.unit_cost)
        return data

    def get_available_transitions(self, house) -> list[str]:
        return available_transitions(house)


class StepSerializer(VnNumbersMixin, serializers.Serializer):
    day = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True)
    on_behalf = serializers.BooleanField(required=False, default=False)


def _campaign_for(user, pk) -> Campaign:
    campaign = selectors.visible_campaigns(user).filter(pk=pk).first()
    if campaign is None:
        raise ValidationError({"campaign": _("Không tìm thấy cuộc vận động hoặc bạn không có quyền xem.")})
    return campaign


# -- viewsets -----------------------------------------------------------------------------------------------


class CampaignViewSet(ScopedReadOnlyViewSet):
    serializer_class = CampaignSerializer
    queryset = Campaign.objects.prefetch_related("participant_units", "targets__unit")

    def visible_queryset(self, qs):
        # Campaigns are read across units: organiser's subtree and the units taking part (the gatekeeper's rule).
        return qs.filter(pk__in=selectors.visible_campaigns(self.request.user).values("pk")).select_related(
            "unit", "participant_root")

    @extend_schema(parameters=[OpenApiParameter("unit", str),
                               OpenApiParameter("period", str, description="Kỳ: 2026, 2026Q3, “Quý 3/2026”, “6 tháng "
                                                "đầu năm 2026”… (thay cho start/end)"),
                               OpenApiParameter("start", str),
                               OpenApiParameter("end", str), OpenApiParameter("boundaries", str)],
                   responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        campaign = self.get_object()
        params = request.query_params
        within = None
        if params.get("unit"):
            within = OrgUnit.objects.filter(key=params["unit"]).first()
            # Same rule as the page: units outside what the caller may see look like they do not exist.
            if within is None or not can_view_campaign_unit(request.user, campaign, within):
                raise NotFound(_("Không tìm thấy đơn vị hoặc bạn không có quyền xem."))
        from danvan.core.imports import parse_date

        try:
            start = parse_date(params["start"]) if params.get("start") else None
            end = parse_date(params["end"]) if params.get("end") else None
        except ValueError:
            raise serializers.ValidationError({"start": [_("Ngày không hợp lệ: dùng dd/mm/yyyy hoặc yyyy-mm-dd.")]}) \
                from None
        if params.get("period"):
            from danvan.reports.periods import parse_period

            try:
                period = parse_period(params["period"])
            except ValueError as error:
                raise serializers.ValidationError({"period": [str(error)]}) from None
            start, end = period.start, period.end
        boundaries = params.get("boundaries") or selectors.HISTORICAL
        if boundaries not in (selectors.HISTORICAL, selectors.CURRENT):
            raise serializers.ValidationError({"boundaries": [_("Ranh giới: dùng “historical” hoặc “current”.")]})
        data = selectors.progress(campaign, within=within, start=start, end=end, boundaries=boundaries)
        return Response({
            "campaign": campaign.pk, "unit": within.key if within else None, "start": start, "end": end,
            "boundaries": boundaries,
            # Whole đồng as written elsewhere ("0", "25000000"), whatever scale the database returns (PostgreSQL: 0.00).
            "money": {k: str(v.quantize(Decimal(1)) if v == v.to_integral_value() else v)
                      for k, v in data["money"].items()},
            "money_words": data["money_words"],
            "houses_by_status": {code: n for code, _label, n in data["houses_by_status"]},
            "houses_done": data["houses_done"], "houses_remaining": data["houses_remaining"],
            "metrics": [{"metric": m.key, "label": m.label, "measure": m.measure,
                         "target": None if m.target is None else str(m.target), "achieved": str(m.achieved),
                         "gap": None if m.gap is None else str(m.gap), "gap_text": m.gap_text}
                        for m in data["metrics"]],
            "ranking": [{"rank": r.rank, "unit": r.unit.key, "name": r.unit.name, "houses_done": r.houses_done,
                         "houses_target": None if r.houses_target is None else str(r.houses_target),
                         "received": str(r.received), "pledged": str(r.pledged),
                         "money_target": None if r.money_target is None else str(r.money_target)}
                        for r in data["ranking"]],
        })


class LedgerEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         ScopedViewSet):
    """Append-only: list, read, create, and the `reverse` action. No PUT, PATCH or DELETE exists."""

    serializer_class = LedgerEntrySerializer
    filterset_fields = ["campaign", "kind", "form"]

    queryset = LedgerEntry.objects.select_related("unit").order_by("-day", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        campaign = _campaign_for(self.request.user, data["campaign_id"])
        serializer.instance = services.ledger_record(
            actor=self.request.user, campaign=campaign, unit=data["unit"], kind=data["kind"], amount=data["amount"],
            day=data["day"], form=data.get("form", LedgerEntry.Form.CASH),
            in_kind_description=data.get("in_kind_description", ""),
            donor_kind=data.get("donor_kind", LedgerEntry.DonorKind.ORGANISATION), donor_name=data["donor_name"],
            note=data.get("note", ""), external_ref=data.get("external_ref", ""), on_behalf=data["on_behalf"])

    @action(detail=True, methods=["post"], serializer_class=ReverseSerializer)
    def reverse(self, request, pk=None):
        entry = self.get_object()
        params = ReverseSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        reversal = services.ledger_reverse(actor=request.user, entry=entry, reason=params.validated_data["reason"],
                                           day=params.validated_data.get("day"),
                                           on_behalf=params.validated_data["on_behalf"])
        return Response(LedgerEntrySerializer(reversal).data, status=201)


class HouseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   ScopedViewSet):
    serializer_class = HouseSerializer
    filterset_fields = ["campaign", "status", "beneficiary_category"]

    queryset = House.objects.select_related("unit").order_by("id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        campaign = _campaign_for(self.request.user, data.pop("campaign_id"))
        on_behalf = data.pop("on_behalf", False)
        serializer.instance = services.house_create(actor=self.request.user, campaign=campaign, on_behalf=on_behalf,
                                                    **data)

    def _step(self, request, to):
        house = self.get_object()
        params = StepSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        services.house_advance(actor=request.user, house=house, to=to, day=data["day"], note=data["note"],
                               expected_version=data.get("version"), on_behalf=data["on_behalf"])
        return Response(HouseSerializer(house).data)

    @action(detail=True, methods=["post"], serializer_class=StepSerializer)
    def start(self, request, pk=None):
        return self._step(request, House.Status.STARTED)

    @action(detail=True, methods=["post"], serializer_class=StepSerializer)
    def complete(self, request, pk=None):
        return self._step(request, House.Status.COMPLETED)

    @action(detail=True, methods=["post"], serializer_class=StepSerializer, url_path="hand-over")
    def hand_over(self, request, pk=None):
        return self._step(request, House.Status.HANDED_OVER)


router = DefaultRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("ledger-entries", LedgerEntryViewSet, basename="ledger-entry")
router.register("houses", HouseViewSet, basename="house")
urlpatterns = router.urls
