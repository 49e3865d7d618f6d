"""Serializers of the petitions API (/api/v1/petitions/) and the request-body readers its actions share.

Privacy: list responses never carry petitioners; a detail response carries them only when the caller may see
the identity, otherwise a count and a "protected" flag.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from danvan.core.api_numbers import VnNumbersMixin
from danvan.core.concurrency import parse_version
from danvan.core.imports import parse_date
from danvan.core.workflow import available_transitions
from danvan.orgunits.fields import UnitKeySerializerField as UnitKeyField
from danvan.orgunits.models import OrgUnit

from . import selectors
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


class DeadlineRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeadlineRule
        fields = ["id", "kind", "stage", "days", "complex_days", "remote_days", "remote_complex_days", "max_count",
                  "legal_source", "valid_from"]
