"""The register of Party/State documents and their implementation tracking: dissemination requirements,
plans, reviews and projects (đề án)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped, VersionedModel
from danvan.orgunits.models import OrgUnit


class Document(UnitScoped, VersionedModel):
    """A Party or State document in the register (văn bản)."""

    class Family(models.TextChoices):
        PARTY = "party", _("Văn bản của Đảng")
        STATE = "state", _("Văn bản nhà nước")

    # the stored (random) file name says nothing; `file_name` is audited instead. Also, core.audit's FieldFile
    # detection calls `.url`, which raises ValueError on an empty file field.
    AUDIT_SKIPPED_FIELDS = ("file",)

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị vào sổ"), on_delete=models.PROTECT,
                             related_name="registered_documents")
    family = models.CharField(_("hệ thống văn bản"), max_length=10, choices=Family.choices)
    symbol = models.CharField(_("số, ký hiệu"), max_length=80)
    number = models.PositiveIntegerField(_("số"))
    doc_type = models.CharField(_("loại văn bản"), max_length=10)
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=60)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="activities/documents/%Y/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    replaces = models.ForeignKey("self", verbose_name=_("thay thế văn bản"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="replaced_by")
    interim_review_years = models.PositiveSmallIntegerField(_("sơ kết sau (năm)"), null=True, blank=True)
    final_review_years = models.PositiveSmallIntegerField(_("tổng kết sau (năm)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    search_text = models.CharField(max_length=800, default="", editable=False, db_index=True)

    class Meta:
        ordering = ["-issued_on", "symbol"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints = [models.UniqueConstraint(fields=["symbol", "issued_on"], name="document_symbol_date_unique")]

    def __str__(self) -> str:
        return f"{self.symbol} — {self.title}"[:300]

    def get_absolute_url(self) -> str:
        return reverse("activities:document_detail", args=[self.pk])

    def review_due(self, kind: str) -> datetime.date | None:
        years = self.interim_review_years if kind == DocumentReview.Kind.INTERIM else self.final_review_years
        if not years:
            return None
        try:
            return self.issued_on.replace(year=self.issued_on.year + years)
        except ValueError:  # 29 February
            return self.issued_on.replace(year=self.issued_on.year + years, day=28)


class DisseminationRequirement(UnitScoped, TimeStampedModel):
    """Units of a subtree (at the listed levels) must disseminate a document by a deadline."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="requirements")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("phạm vi (đơn vị gốc)"), on_delete=models.PROTECT,
                             related_name="+")
    levels = models.CharField(_("các cấp phải thực hiện"), max_length=60,
                              help_text=_("Mã cấp, cách nhau bởi dấu phẩy: province,district,commune."))
    deadline = models.DateField(_("hạn học tập, quán triệt"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("yêu cầu học tập, quán triệt")
        verbose_name_plural = _("yêu cầu học tập, quán triệt")
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="requirement_document_unit")]

    def __str__(self) -> str:
        return f"{self.document.symbol} — {self.unit}"

    @property
    def level_list(self) -> list[str]:
        return [lv for lv in self.levels.split(",") if lv]


class ImplementationPlan(UnitScoped, TimeStampedModel):
    """A unit's plan (kế hoạch, chương trình hành động) to implement a document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="plans")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    symbol = models.CharField(_("số, ký hiệu kế hoạch"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = _("kế hoạch thực hiện")
        verbose_name_plural = _("kế hoạch thực hiện")

    def __str__(self) -> str:
        return self.symbol or str(self.title)


class DocumentReview(UnitScoped, TimeStampedModel):
    """Sơ kết (interim) or tổng kết (final) review of a document by a unit, with its report."""

    class Kind(models.TextChoices):
        INTERIM = "so_ket", _("Sơ kết")
        FINAL = "tong_ket", _("Tổng kết")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("ngày thực hiện"))
    report_symbol = models.CharField(_("số, ký hiệu báo cáo"), max_length=80, blank=True)
    report = models.TextField(_("nội dung báo cáo"), blank=True)
    activity = models.ForeignKey("activities.Activity", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("hội nghị sơ kết, tổng kết"))

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("sơ kết, tổng kết")
        verbose_name_plural = _("sơ kết, tổng kết")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document.symbol} — {self.unit}"


class Project(UnitScoped, VersionedModel):
    """Đề án assigned to a unit by a higher body, tracked to its status."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Được giao")
        IN_PROGRESS = "in_progress", _("Đang xây dựng")
        SUBMITTED = "submitted", _("Đã trình")
        APPROVED = "approved", _("Đã ban hành, phê duyệt")
        CANCELLED = "cancelled", _("Dừng, hủy")

    TRANSITIONS = {
        Status.ASSIGNED: {Status.IN_PROGRESS, Status.SUBMITTED, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.SUBMITTED, Status.CANCELLED},
        Status.SUBMITTED: {Status.APPROVED, Status.IN_PROGRESS, Status.CANCELLED},
        Status.APPROVED: set(),
        Status.CANCELLED: set(),
    }

    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="projects", verbose_name=_("văn bản giao"))
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị được giao"), on_delete=models.PROTECT,
                             related_name="+")
    name = models.CharField(_("tên đề án"), max_length=400)
    assigned_by = models.CharField(_("cơ quan giao"), max_length=200,
                                   help_text=_("Ví dụ: Bộ Chính trị, Ban Bí thư, Ban Thường vụ Tỉnh ủy."))
    assigned_on = models.DateField(_("ngày giao"))
    deadline = models.DateField(_("hạn trình"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("đề án")
        verbose_name_plural = _("đề án")

    def __str__(self) -> str:
        return self.name

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (self.status not in (self.Status.APPROVED, self.Status.CANCELLED) and self.deadline is not None
                and self.deadline < (today or timezone.localdate()))
