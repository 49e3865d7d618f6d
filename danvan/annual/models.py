"""The annual summary report of a unit: document metadata, versioned section drafts, final snapshot."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import UnitScoped, VersionedModel
from danvan.orgunits.models import OrgUnit

from . import outline


class AnnualReport(UnitScoped, VersionedModel):
    """One report per (unit, year, boundaries). Figures stay live while `draft`; `final` freezes them."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        FINAL = "final", _("Đã hoàn thành")

    class Boundaries(models.TextChoices):
        HISTORICAL = "historical", _("Địa giới thời kỳ báo cáo")
        CURRENT = "current", _("Địa giới hiện nay")

    TRANSITIONS = {Status.DRAFT: {Status.FINAL}, Status.FINAL: {Status.DRAFT}}

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("năm"))
    half = models.PositiveSmallIntegerField(_("kỳ"), default=0, choices=[(0, _("Cả năm")), (1, _("6 tháng đầu năm"))],
                                            help_text=_("0: tổng kết năm; 1: sơ kết 6 tháng đầu năm (kỳ 2026S1)"))
    boundaries = models.CharField(_("địa giới"), max_length=12, choices=Boundaries.choices,
                                  default=Boundaries.HISTORICAL)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    superior_body = models.CharField(_("cơ quan cấp trên"), max_length=200, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 07-BC/BDVTU"))
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    report_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=300, blank=True)
    signing_formula = models.CharField(_("thể thức ký"), max_length=10, blank=True,
                                       choices=OrgUnit.SigningFormula.choices)
    draft_number = models.PositiveSmallIntegerField(_("dự thảo lần"), null=True, blank=True,
                                                    help_text=_("Để trống: dấu “DỰ THẢO”; có số: “Dự thảo lần N”"))
    signer_title = models.CharField(_("thẩm quyền ký"), max_length=120, blank=True,
                                    help_text=_("Ví dụ: T/M BAN THƯỜNG VỤ"))
    signer_position = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    snapshot = models.JSONField(_("số liệu và nội dung khi hoàn thành"), null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người hoàn thành"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("báo cáo tổng kết năm")
        verbose_name_plural = _("báo cáo tổng kết năm")
        constraints = [models.UniqueConstraint(fields=["unit", "year", "half", "boundaries"],
                                               name="annual_one_per_period")]

    def __str__(self) -> str:
        if self.half:
            return _("Báo cáo sơ kết 6 tháng đầu năm %(year)s – %(unit)s") % {"year": self.year, "unit": self.unit}
        return _("Báo cáo tổng kết năm %(year)s – %(unit)s") % {"year": self.year, "unit": self.unit}

    @property
    def period_code(self) -> str:
        return f"{self.year}S1" if self.half else str(self.year)

    def get_absolute_url(self) -> str:
        url = reverse("annual:report", args=[self.unit.key, self.period_code])
        return url + ("?boundaries=current" if self.boundaries == self.Boundaries.CURRENT else "")

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    def recipient_lines(self) -> list[str]:
        return [line.strip().lstrip("-").strip() for line in self.recipients.splitlines() if line.strip()]


class AnnualReportSectionVersion(UnitScoped, models.Model):
    """One saved version of one editable section; the newest per section is the current text."""

    SCOPE_UNIT_FIELD = "report__unit"

    report = models.ForeignKey(AnnualReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE,
                               related_name="section_versions")
    section = models.CharField(_("mục"), max_length=40, choices=[(k, k) for k in outline.EDITABLE_KEYS])
    text = models.TextField(_("nội dung"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["report", "section", "-created_at", "-id"]
        verbose_name = _("phiên bản mục báo cáo")
        verbose_name_plural = _("phiên bản mục báo cáo")
        indexes = [models.Index(fields=["report", "section", "created_at"], name="annual_section_idx")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.section} {self.created_at:%Y-%m-%d %H:%M}"
