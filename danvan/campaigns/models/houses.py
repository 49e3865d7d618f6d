"""Houses (or other deliverables) a campaign builds, and their photos."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core.models import UnitScoped, VersionedModel

from .campaign import VND_DIGITS, Campaign


class House(UnitScoped, VersionedModel):
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


def _photo_path(instance: HousePhoto, filename: str) -> str:
    # Never trust the uploaded name: a random name with the checked extension only.
    suffix = PurePath(filename).suffix.lower()
    return f"campaigns/houses/{instance.house_id}/{uuid.uuid4().hex}{suffix}"


class HousePhoto(UnitScoped, models.Model):
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
