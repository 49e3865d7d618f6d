"""Campaigns (cuộc vận động), emulation movements (phong trào thi đua) and yearly themes, with their
targets, an append-only money ledger, the houses (or other deliverables) they build, and reported results.

Counting rules live in `selectors.py`; the facts each record contributes to the indicators are decided in
`facts.py` (one function per record type).
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, VersionedModel

VND_DIGITS = 18  # up to 999.999 tỷ đồng; 0 decimal places: the đồng has no subunit in use


class Campaign(VersionedModel):
    """A campaign, movement or yearly theme, organised by one unit, with participating units and targets."""

    class Kind(models.TextChoices):
        CAMPAIGN = "cuoc_van_dong", _("Cuộc vận động")
        MOVEMENT = "phong_trao", _("Phong trào thi đua")
        THEME = "chu_de_nam", _("Chủ đề năm")

    SCOPE_UNIT_FIELD = "unit"

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

    @property
    def scope_unit(self):
        return self.unit

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


class Target(TimeStampedModel):
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
    def scope_unit(self):
        return self.campaign.unit

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


class AppendOnlyQuerySet(models.QuerySet):
    """No bulk update or delete: ledger rows are written once and never changed."""

    def update(self, **kwargs):
        raise ValidationError(gettext("Sổ quỹ chỉ được ghi thêm; không thể sửa bút toán đã ghi."), code="append_only")

    def delete(self):
        raise ValidationError(gettext("Sổ quỹ chỉ được ghi thêm; không thể xóa bút toán."), code="append_only")

    update.queryset_only = True
    delete.queryset_only = True


class LedgerEntry(models.Model):
    """One line of a campaign's money ledger. Append-only: corrections and refunds are new, reversing entries."""

    class Kind(models.TextChoices):
        PLEDGE = "pledge", _("Cam kết ủng hộ")
        RECEIPT = "receipt", _("Thực nhận")

    class Form(models.TextChoices):
        CASH = "cash", _("Tiền")
        IN_KIND = "in_kind", _("Hiện vật (quy ra tiền)")

    class DonorKind(models.TextChoices):
        ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")
        PERSON = "person", _("Cá nhân")
        ANONYMOUS = "anonymous", _("Ẩn danh")

    SCOPE_UNIT_FIELD = "unit"

    campaign = models.ForeignKey(Campaign, verbose_name=_("cuộc vận động"), on_delete=models.PROTECT,
                                 related_name="ledger_entries")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị tiếp nhận"), on_delete=models.PROTECT,
                             related_name="+")
    kind = models.CharField(_("loại bút toán"), max_length=10, choices=Kind.choices)
    form = models.CharField(_("hình thức"), max_length=10, choices=Form.choices, default=Form.CASH)
    in_kind_description = models.CharField(_("mô tả hiện vật"), max_length=300, blank=True)
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=VND_DIGITS, decimal_places=0)
    day = models.DateField(_("ngày"))
    donor_kind = models.CharField(_("người ủng hộ là"), max_length=15, choices=DonorKind.choices,
                                  default=DonorKind.ORGANISATION)
    donor_name = models.CharField(_("tên người, tổ chức ủng hộ"), max_length=300, blank=True)
    reverses = models.OneToOneField("self", verbose_name=_("đảo bút toán"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    note = models.CharField(_("ghi chú, lý do"), max_length=500, blank=True)
    external_ref = models.CharField(_("mã tham chiếu"), max_length=80, blank=True, default="",
                                    help_text=_("Số chứng từ, biên lai; dùng để nhập lại tệp không bị trùng."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    on_behalf = models.BooleanField(_("nhập thay đơn vị cấp dưới"), default=False)
    search_text = models.CharField(max_length=500, editable=False, default="")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("bút toán sổ quỹ")
        verbose_name_plural = _("sổ quỹ")
        constraints = [
            # An original entry is positive; a reversal carries the negated amount of the entry it reverses.
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0)) | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="ledger_amount_sign"),
            models.UniqueConstraint(fields=["campaign", "external_ref"], condition=~Q(external_ref=""),
                                    name="ledger_unique_external_ref"),
        ]
        indexes = [
            models.Index(fields=["campaign", "kind", "day"], name="ledger_campaign_kind_day"),
            models.Index(fields=["campaign", "unit", "kind", "amount"], name="ledger_campaign_unit"),
            # Covers the totals and the per-unit ranking, so they are answered from the index alone.
            models.Index(fields=["campaign", "kind", "form", "unit", "amount"], name="ledger_totals_cover"),
            models.Index(fields=["campaign", "day", "id"], name="ledger_campaign_day"),
            # The newest entry of a campaign: the version of its cached totals (selectors.ledger_version).
            models.Index(fields=["campaign", "id"], name="ledger_campaign_id"),
        ]

    def __str__(self) -> str:
        from danvan.core.formatting import format_number

        return gettext("%(kind)s %(amount)s đồng (%(day)s)") % {
            "kind": self.get_kind_display(), "amount": format_number(self.amount), "day": f"{self.day:%d/%m/%Y}"}

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(gettext("Sổ quỹ chỉ được ghi thêm; không thể sửa bút toán đã ghi."),
                                  code="append_only")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:entry_detail", args=[self.campaign_id, self.pk])

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("Sổ quỹ chỉ được ghi thêm; không thể xóa bút toán."), code="append_only")

    @property
    def scope_unit(self):
        return self.unit

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def donor_display(self) -> str:
        if self.donor_kind == self.DonorKind.ANONYMOUS:
            return gettext("Ẩn danh")
        return self.donor_name

class House(VersionedModel):
    """A house (or other deliverable) built by a campaign for one beneficiary household."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Chưa khởi công")
        STARTED = "started", _("Đang xây dựng")
        COMPLETED = "completed", _("Đã hoàn thành")
        HANDED_OVER = "handed_over", _("Đã bàn giao")

    class Kind(models.TextChoices):
        GRATITUDE = "tinh_nghia", _("Nhà tình nghĩa")
        SOLIDARITY = "dai_doan_ket", _("Nhà đại đoàn kết")
        POOR = "ho_ngheo", _("Nhà ở cho hộ nghèo")
        OTHER = "khac", _("Công trình khác")

    class Category(models.TextChoices):
        POOR = "ho_ngheo", _("Hộ nghèo")
        NEAR_POOR = "can_ngheo", _("Hộ cận nghèo")
        POLICY = "chinh_sach", _("Gia đình chính sách")
        MERIT = "co_cong", _("Người có công với cách mạng")
        HARDSHIP = "kho_khan", _("Hộ có hoàn cảnh khó khăn")

    TRANSITIONS = {
        Status.PLANNED: {Status.STARTED},
        Status.STARTED: {Status.COMPLETED},
        Status.COMPLETED: {Status.HANDED_OVER},
        Status.HANDED_OVER: set(),
    }
    ORDER = [Status.PLANNED, Status.STARTED, Status.COMPLETED, Status.HANDED_OVER]

    SCOPE_UNIT_FIELD = "unit"

    campaign = models.ForeignKey(Campaign, verbose_name=_("cuộc vận động"), on_delete=models.PROTECT,
                                 related_name="houses")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("xã, phường"), on_delete=models.PROTECT,
                             related_name="+")
    kind = models.CharField(_("loại công trình"), max_length=20, choices=Kind.choices, default=Kind.GRATITUDE)
    beneficiary_name = models.CharField(_("hộ được hỗ trợ (chủ hộ)"), max_length=200)
    beneficiary_address = models.CharField(_("địa chỉ (thôn, ấp, bản)"), max_length=300, blank=True)
    beneficiary_category = models.CharField(_("đối tượng"), max_length=20, choices=Category.choices,
                                            default=Category.POOR)
    beneficiary_key = models.CharField(max_length=600, editable=False)
    unit_cost = models.DecimalField(_("kinh phí (đồng)"), max_digits=VND_DIGITS, decimal_places=0)
    funding_sources = models.CharField(_("nguồn kinh phí"), max_length=500, blank=True,
                                       help_text=_("Ví dụ: vận động xã hội hóa 40 triệu, gia đình đối ứng 10 triệu."))
    status = models.CharField(_("trạng thái"), max_length=15, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(_("ngày khởi công"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    handed_over_on = models.DateField(_("ngày bàn giao"), null=True, blank=True)
    external_ref = models.CharField(_("mã tham chiếu"), max_length=80, blank=True, default="")
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    search_text = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        ordering = ["unit__path", "beneficiary_name", "id"]
        verbose_name = _("nhà, công trình")
        verbose_name_plural = _("nhà, công trình")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "beneficiary_key"], name="house_beneficiary_once"),
            models.UniqueConstraint(fields=["campaign", "external_ref"], condition=~Q(external_ref=""),
                                    name="house_unique_external_ref"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="house_cost_not_negative"),
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="house_campaign_status"),
            models.Index(fields=["campaign", "unit"], name="house_campaign_unit"),
        ]

    def __str__(self) -> str:
        return gettext("Nhà hộ %(name)s") % {"name": self.beneficiary_name}

    def get_absolute_url(self) -> str:
        return reverse("campaigns:house_detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.unit


def _photo_path(instance: HousePhoto, filename: str) -> str:
    # Never trust the uploaded name: a random name with the checked extension only.
    suffix = PurePath(filename).suffix.lower()
    return f"campaigns/houses/{instance.house_id}/{uuid.uuid4().hex}{suffix}"


class HousePhoto(models.Model):
    SCOPE_UNIT_FIELD = "house__unit"

    house = models.ForeignKey(House, verbose_name=_("nhà"), on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(_("ảnh"), upload_to=_photo_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ảnh công trình")
        verbose_name_plural = _("ảnh công trình")

    def __str__(self) -> str:
        return self.caption or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:photo", args=[self.pk])

    @property
    def scope_unit(self):
        return self.house.unit


class ProgressEntry(models.Model):
    """A reported result for a metric that is not a ledger or house count (participants, custom metrics).

    Create-only like the ledger: a correction is a new entry with a negative value and a note.
    """

    SCOPE_UNIT_FIELD = "unit"

    campaign = models.ForeignKey(Campaign, verbose_name=_("cuộc vận động"), on_delete=models.PROTECT,
                                 related_name="progress_entries")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT,
                             related_name="+")
    metric = models.CharField(_("chỉ tiêu"), max_length=40, help_text=_("participants hoặc mã chỉ tiêu khác"))
    day = models.DateField(_("ngày"))
    value = models.DecimalField(_("kết quả"), max_digits=VND_DIGITS, decimal_places=0)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("kết quả báo cáo")
        verbose_name_plural = _("kết quả báo cáo")
        indexes = [models.Index(fields=["campaign", "metric", "day"], name="progress_campaign_metric")]

    def __str__(self) -> str:
        from danvan.core.formatting import format_number

        return f"{self.metric_label}: {format_number(self.value, 2)} ({self.day:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(gettext("Kết quả đã báo cáo không sửa được; hãy ghi một dòng điều chỉnh."),
                                  code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("Kết quả đã báo cáo không xóa được; hãy ghi một dòng điều chỉnh."),
                              code="append_only")

    @property
    def scope_unit(self):
        return self.unit

    @property
    def metric_label(self) -> str:
        """"Số người tham gia", or the name of the campaign's custom metric (never its code)."""
        if self.metric == Target.Metric.PARTICIPANTS:
            return str(Target.Metric.PARTICIPANTS.label)
        target = Target.objects.filter(campaign_id=self.campaign_id, metric=Target.Metric.CUSTOM,
                                       code=self.metric).exclude(label="").first()
        return target.label if target is not None else self.metric


class CampaignLink(models.Model):
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
    def scope_unit(self):
        return self.campaign.unit

    @property
    def url(self) -> str:
        from django.urls import NoReverseMatch

        try:
            return reverse(self.URL_NAMES[self.target_type], args=[self.target_id])
        except (NoReverseMatch, KeyError):
            return ""
