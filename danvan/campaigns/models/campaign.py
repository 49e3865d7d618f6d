"""Campaigns, their targets and the records they link to."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped, VersionedModel

VND_DIGITS = 18  # up to 999.999 tỷ đồng; 0 decimal places: the đồng has no subunit in use


class Campaign(UnitScoped, VersionedModel):
    """A campaign, movement or yearly theme, organised by one unit, with participating units and targets."""

    class Kind(models.TextChoices):
        CAMPAIGN = "cuoc_van_dong", _("Cuộc vận động")
        MOVEMENT = "phong_trao", _("Phong trào thi đua")
        THEME = "chu_de_nam", _("Chủ đề năm")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.CAMPAIGN)
    name = models.CharField(_("tên cuộc vận động, phong trào"), max_length=300)
    description = models.TextField(_("nội dung, mục đích"), blank=True)
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT,
                             related_name="campaigns_organised")
    participant_root = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("đơn vị tham gia (toàn bộ cấp dưới của)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Mọi đơn vị thuộc đơn vị này đều tham gia. Để trống nếu chỉ dùng danh sách."),
    )
    participant_units = models.ManyToManyField(
        "orgunits.OrgUnit", verbose_name=_("danh sách đơn vị tham gia"), blank=True, related_name="+",
        help_text=_("Mỗi đơn vị trong danh sách tham gia cùng các đơn vị cấp dưới của nó."),
    )
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    search_text = models.CharField(max_length=600, editable=False, default="", db_index=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("cuộc vận động, phong trào")
        verbose_name_plural = _("cuộc vận động, phong trào")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="campaign_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    # -- participation ---------------------------------------------------------------------------------
    def participant_paths(self) -> list[str]:
        """Paths whose subtrees participate; cached per instance (cleared by services after a change)."""
        cached = getattr(self, "_participant_paths", None)
        if cached is None:
            cached = []
            if self.participant_root_id:
                cached.append(self.participant_root.path)
            if self.pk:
                cached.extend(self.participant_units.values_list("path", flat=True))
            if not cached:
                cached.append(self.unit.path)
            self._participant_paths = cached
        return cached

    def includes_unit(self, unit) -> bool:
        """A unit takes part when it (or, for a historical unit, its current successor) lies under a participant
        path, or is the organiser itself."""
        if unit.pk == self.unit_id:
            return True
        for path in self.participant_paths():
            if unit.path.startswith(path) or (unit.current_path or "").startswith(path):
                return True
        return False

    def participation_q(self, prefix: str = "unit__") -> Q:
        condition = Q(**{f"{prefix}id": self.unit_id})
        for path in self.participant_paths():
            condition |= Q(**{f"{prefix}path__startswith": path}) | Q(**{f"{prefix}current_path__startswith": path})
        return condition

    @property
    def period_end(self) -> datetime.date:
        return self.end_date or datetime.date.max


class Target(UnitScoped, TimeStampedModel):
    """A measurable goal of a campaign, for the whole campaign (unit empty) or one participating unit."""

    class Metric(models.TextChoices):
        HOUSES = "houses", _("Số nhà (căn)")
        MONEY = "money", _("Số tiền vận động (đồng)")
        PARTICIPANTS = "participants", _("Số người tham gia")
        CUSTOM = "custom", _("Chỉ tiêu khác")

    DEFAULT_UNITS = {"houses": "căn", "money": "đồng", "participants": "người"}

    SCOPE_UNIT_FIELD = "campaign__unit"

    campaign = models.ForeignKey(Campaign, verbose_name=_("cuộc vận động"), on_delete=models.CASCADE,
                                 related_name="targets")
    metric = models.CharField(_("chỉ tiêu"), max_length=20, choices=Metric.choices)
    code = models.SlugField(_("mã chỉ tiêu"), max_length=40, blank=True, default="",
                            help_text=_("Chỉ với chỉ tiêu khác, ví dụ “suat_qua”."))
    label = models.CharField(_("tên chỉ tiêu"), max_length=200, blank=True)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị được giao"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+",
                             help_text=_("Để trống: chỉ tiêu chung của cả cuộc vận động."))
    value = models.DecimalField(_("chỉ tiêu (kế hoạch)"), max_digits=VND_DIGITS, decimal_places=0)

    class Meta:
        ordering = ["campaign", "metric", "code", "unit__path"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "metric", "code", "unit"], name="target_unique_unit"),
            models.UniqueConstraint(fields=["campaign", "metric", "code"], condition=Q(unit__isnull=True),
                                    name="target_unique_total"),
            models.CheckConstraint(condition=Q(value__gt=0), name="target_value_positive"),
        ]

    def __str__(self) -> str:
        from danvan.core.formatting import format_number

        return f"{self.metric_label}: {format_number(self.value, 2)}"

    @property
    def metric_key(self) -> str:
        return self.code if self.metric == self.Metric.CUSTOM else self.metric

    @property
    def metric_label(self) -> str:
        if self.metric == self.Metric.CUSTOM:
            return self.label or self.code
        return self.label or str(self.get_metric_display())

    @property
    def measure(self) -> str:
        return self.unit_of_measure or self.DEFAULT_UNITS.get(self.metric, "")


class CampaignLink(UnitScoped, models.Model):
    """A typed reference to a record of another app (an activity, a commendation) that belongs to a campaign.

    Stored as (type, id) instead of a foreign key so this app does not import apps built alongside it.
    """

    class TargetType(models.TextChoices):
        ACTIVITY = "activities.activity", _("Hoạt động")
        COMMENDATION = "commendations.commendation", _("Khen thưởng")

    URL_NAMES = {"activities.activity": "activities:detail", "commendations.commendation": "commendations:detail"}

    SCOPE_UNIT_FIELD = "campaign__unit"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    target_type = models.CharField(_("loại bản ghi"), max_length=60, choices=TargetType.choices)
    target_id = models.PositiveBigIntegerField(_("mã bản ghi"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target_type", "-created_at"]
        verbose_name = _("liên kết")
        verbose_name_plural = _("liên kết")
        constraints = [models.UniqueConstraint(fields=["campaign", "target_type", "target_id"],
                                               name="campaign_link_once")]

    def __str__(self) -> str:
        return self.title

    @property
    def url(self) -> str:
        from django.urls import NoReverseMatch

        try:
            return reverse(self.URL_NAMES[self.target_type], args=[self.target_id])
        except (NoReverseMatch, KeyError):
            return ""
