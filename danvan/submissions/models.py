"""Periodic reports: data-entry forms (ReportForm) and each unit's report for a period (Submission)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped, VersionedModel


class ReportForm(TimeStampedModel):
    """A report form: its indicators (engine codes), narrative sections, period type and deadline."""

    class PeriodType(models.TextChoices):
        MONTH = "month", _("Tháng")
        QUARTER = "quarter", _("Quý")
        SEMESTER = "semester", _("6 tháng")
        YEAR = "year", _("Năm")

    code = models.SlugField(_("mã biểu mẫu"), max_length=40, unique=True)
    name = models.CharField(_("tên biểu mẫu"), max_length=200)
    period_type = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodType.choices)
    indicators = models.JSONField(_("chỉ tiêu"), default=list, blank=True,
                                  help_text=_("Danh sách mã chỉ tiêu, ví dụ [\"dvk.registered\", \"dialogue\"]."))
    sections = models.JSONField(_("các mục nội dung"), default=list, blank=True,
                                help_text=_("Danh sách {\"key\": …, \"title\": …} theo đề cương báo cáo."))
    deadline_days = models.PositiveSmallIntegerField(_("hạn nộp (số ngày sau khi hết kỳ)"), default=15)
    unit_kinds = models.JSONField(_("loại đơn vị áp dụng"), default=list, blank=True,
                                  help_text=_("Để trống: mọi loại đơn vị."))
    unit_levels = models.JSONField(_("cấp áp dụng"), default=list, blank=True, help_text=_("Để trống: mọi cấp."))
    active = models.BooleanField(_("đang dùng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")

    def __str__(self) -> str:
        return self.name

    def applies_to(self, unit) -> bool:
        return (not self.unit_kinds or unit.kind in self.unit_kinds) and (
            not self.unit_levels or unit.level in self.unit_levels)

    def section_list(self) -> list[dict]:
        return [s for s in self.sections if isinstance(s, dict) and s.get("key")]


class Submission(UnitScoped, VersionedModel):
    """A unit's report for one form and period; the level above accepts or returns it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã chấp nhận")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.RETURNED, Status.ACCEPTED},
        Status.ACCEPTED: {Status.RETURNED},  # reopen, with a reason
    }
    REPORTED = (Status.SUBMITTED, Status.ACCEPTED)

    form = models.ForeignKey(ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.PROTECT,
                             related_name="submissions")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="submissions")
    period = models.CharField(_("kỳ"), max_length=10, help_text=_("2023, 2023S1, 2023Q3, 202311"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    deadline = models.DateField(_("hạn nộp"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    narrative = models.JSONField(_("nội dung"), default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_note = models.TextField(_("ý kiến cấp trên"), blank=True)

    class Meta:
        ordering = ["-period_end", "unit__path"]
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        constraints = [models.UniqueConstraint(fields=["form", "unit", "period"], name="submission_one_per_period")]
        indexes = [models.Index(fields=["unit", "period", "status"], name="submission_lock_idx"),
                   models.Index(fields=["form", "period", "status"], name="submission_board_idx")]

    def __str__(self) -> str:
        return _("%(form)s – %(unit)s – kỳ %(period)s") % {"form": self.form, "unit": self.unit,
                                                          "period": self.period}

    def get_absolute_url(self) -> str:
        return reverse("submissions:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_reported(self) -> bool:
        return self.status in self.REPORTED
