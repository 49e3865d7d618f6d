"""The append-only money ledger of a campaign (commitments, receipts, reversals)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core.models import UnitScoped

from .campaign import VND_DIGITS, Campaign


class AppendOnlyQuerySet(models.QuerySet):
    """No bulk update or delete: ledger rows are written once and never changed."""

    def update(self, **kwargs):
        raise ValidationError(gettext("Sổ quỹ chỉ được ghi thêm; không thể sửa bút toán đã ghi."), code="append_only")

    def delete(self):
        raise ValidationError(gettext("Sổ quỹ chỉ được ghi thêm; không thể xóa bút toán."), code="append_only")

    update.queryset_only = True
    delete.queryset_only = True


class LedgerEntry(UnitScoped, models.Model):
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
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def donor_display(self) -> str:
        if self.donor_kind == self.DonorKind.ANONYMOUS:
            return gettext("Ẩn danh")
        return self.donor_name
