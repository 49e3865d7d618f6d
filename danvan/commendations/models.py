"""Commendations (khen thưởng): award forms as data, and commendation records with their nomination flow.

A commendation is proposed by a unit, approved (or returned) by the level above, and becomes a
decision (số quyết định, ngày quyết định). Only decided commendations count (see selectors.py).
`unit` is the unit whose work is commended; it is what rolls up through the tree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import UnitScoped, VersionedModel


class AwardForm(models.Model):
    """A form of award (hình thức khen thưởng). Seeded by a data migration; administrators may add more."""

    class Kind(models.TextChoices):
        ORDER = "huan_chuong", _("Huân chương")
        CERTIFICATE = "bang_khen", _("Bằng khen")
        MERIT = "giay_khen", _("Giấy khen")
        FLAG = "co_thi_dua", _("Cờ thi đua")
        MEDAL = "ky_niem_chuong", _("Kỷ niệm chương")
        OTHER = "khac", _("Hình thức khác")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    code = models.SlugField(_("mã"), max_length=40, unique=True,
                            help_text=_("Mã ổn định, dùng trong tệp nhập và chỉ tiêu báo cáo."))
    name = models.CharField(_("tên hình thức"), max_length=200, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("cấp khen thưởng"), max_length=10, choices=Level.choices)
    has_classes = models.BooleanField(_("có hạng"), default=False,
                                      help_text=_("Huân chương có hạng Nhất, Nhì, Ba."))
    default_authority = models.CharField(_("thẩm quyền quyết định thường gặp"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")

    def __str__(self) -> str:
        return self.name


class Commendation(UnitScoped, VersionedModel):
    """One award to one recipient (a collective or an individual), from proposal to decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PROPOSED = "proposed", _("Đã đề nghị")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")
        DECIDED = "decided", _("Đã có quyết định")
        CANCELLED = "cancelled", _("Đã hủy")

    class RecipientType(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    class AwardClass(models.TextChoices):
        NONE = "", _("—")
        FIRST = "nhat", _("hạng Nhất")
        SECOND = "nhi", _("hạng Nhì")
        THIRD = "ba", _("hạng Ba")

    class LinkKind(models.TextChoices):
        NONE = "", _("—")
        DVK_MODEL = "dvk_model", _("Mô hình, điển hình “Dân vận khéo”")
        ACTIVITY = "activity", _("Hoạt động")
        CAMPAIGN = "campaign", _("Cuộc vận động, phong trào thi đua")

    TRANSITIONS = {
        Status.DRAFT: {Status.PROPOSED, Status.CANCELLED},
        Status.PROPOSED: {Status.APPROVED, Status.RETURNED},
        Status.RETURNED: {Status.PROPOSED, Status.CANCELLED},
        Status.APPROVED: {Status.DECIDED, Status.RETURNED},
        Status.DECIDED: set(),
        Status.CANCELLED: set(),
    }
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("đơn vị được khen"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Đơn vị có thành tích được khen (của tập thể, hoặc nơi cá nhân công tác); "
                    "số liệu cộng dồn theo đơn vị này."),
    )
    proposing_unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Đơn vị lập đề nghị khen thưởng: chính đơn vị được khen hoặc một đơn vị cấp trên của nó."),
    )
    recipient_type = models.CharField(_("đối tượng"), max_length=12, choices=RecipientType.choices)
    recipient_unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("tập thể là đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_name = models.CharField(_("tên tập thể / họ và tên"), max_length=255, blank=True)
    recipient_position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    recipient_unit_text = models.CharField(_("đơn vị công tác"), max_length=255, blank=True)
    recipient_key = models.CharField(max_length=320, editable=False, db_index=True, default="")

    form = models.ForeignKey(AwardForm, verbose_name=_("hình thức khen thưởng"), on_delete=models.PROTECT,
                             related_name="commendations")
    award_class = models.CharField(_("hạng"), max_length=4, choices=AwardClass.choices, blank=True, default="")
    issuing_authority = models.CharField(_("cấp / người quyết định"), max_length=200, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    reason = models.TextField(_("thành tích, lý do khen thưởng"), blank=True)
    period_start_year = models.PositiveSmallIntegerField(_("từ năm"))
    period_end_year = models.PositiveSmallIntegerField(_("đến năm"))

    link_kind = models.CharField(_("loại thành tích gắn với"), max_length=20, choices=LinkKind.choices, blank=True,
                                 default="")
    link_id = models.PositiveBigIntegerField(_("mã bản ghi gắn với"), null=True, blank=True)
    link_label = models.CharField(_("tên mô hình / hoạt động / cuộc vận động"), max_length=255, blank=True)

    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    return_note = models.TextField(_("lý do trả lại"), blank=True)
    proposed_at = models.DateTimeField(_("đề nghị lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    duplicate_confirmed = models.BooleanField(
        _("đã xác nhận không trùng"), default=False,
        help_text=_("Người nhập đã xác nhận đây không phải khen thưởng trùng cho cùng một thành tích."))

    external_ref = models.CharField(_("mã tham chiếu ngoài"), max_length=100, blank=True)
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-decision_date", "-id"]
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        constraints = [
            models.UniqueConstraint(fields=["external_ref"], condition=~Q(external_ref=""),
                                    name="commendation_unique_external_ref"),
            models.UniqueConstraint(fields=["submission_key"], condition=~Q(submission_key=""),
                                    name="commendation_unique_submission_key"),
            models.CheckConstraint(condition=Q(period_end_year__gte=models.F("period_start_year")),
                                   name="commendation_period_order"),
        ]
        indexes = [
            # covers the counting queries (status, year, recipient type, unit, form) without touching rows
            models.Index(fields=["status", "decision_date", "recipient_type", "unit", "form"],
                         name="commendation_count_idx"),
            models.Index(fields=["unit", "status", "decision_date"], name="commendation_unit_idx"),
            # the list's year filter: decision date, or for undecided nominations the period they cover
            models.Index(fields=["decision_date", "period_start_year"], name="commendation_year_idx"),
            models.Index(fields=["recipient_key", "form"], name="commendation_recipient_idx"),
            # the list's order (newest decision first): its first page is read off the index (issue 16)
            models.Index(fields=["-decision_date", "-id"], name="commendation_list_order_idx"),
        ]

    def __str__(self) -> str:
        return "{} – {}".format(self.recipient_display, self.award_display)

    def get_absolute_url(self) -> str:
        return reverse("commendations:detail", args=[self.pk])

    @property
    def recipient_display(self) -> str:
        if self.recipient_name:
            return self.recipient_name
        if self.recipient_unit_id:
            return self.recipient_unit.name
        return ""

    @property
    def award_display(self) -> str:
        name = self.form.name if self.form_id else ""
        if self.award_class:
            return "{} {}".format(name, self.get_award_class_display())
        return name

    @property
    def period_display(self) -> str:
        if self.period_start_year == self.period_end_year:
            return str(self.period_start_year)
        return "{} – {}".format(self.period_start_year, self.period_end_year)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES

    @property
    def counts(self) -> bool:
        """The counting rule in one place: only decided commendations are counted."""
        return self.status == self.Status.DECIDED and self.decision_date is not None
