"""Public-sentiment reports (tình hình Nhân dân) and their issues."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import UnitScoped, VersionedModel

from .cases import Case, Field


class SentimentReport(UnitScoped, VersionedModel):
    """Báo cáo tình hình Nhân dân: monthly, quarterly or urgent, per unit."""

    class PeriodType(models.TextChoices):
        MONTH = "month", _("Tháng")
        QUARTER = "quarter", _("Quý")
        URGENT = "urgent", _("Báo cáo nhanh, đột xuất")

    class Mood(models.TextChoices):
        STABLE = "stable", _("Ổn định, phấn khởi, tin tưởng")
        MOSTLY_STABLE = "mostly_stable", _("Cơ bản ổn định")
        WORRIED = "worried", _("Có biểu hiện lo lắng, băn khoăn")
        TENSE = "tense", _("Bức xúc, có nguy cơ phức tạp")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Đã gửi")

    TRANSITIONS = {Status.DRAFT: {Status.SUBMITTED}}

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT,
                             related_name="+")
    period_type = models.CharField(_("loại kỳ"), max_length=8, choices=PeriodType.choices)
    period_code = models.CharField(_("kỳ báo cáo"), max_length=10,
                                   help_text=_("Tháng: 202311; quý: 2023Q3; báo cáo nhanh: ngày dạng 20231105."))
    period_start = models.DateField(_("từ ngày"), editable=False)
    period_end = models.DateField(_("đến ngày"), editable=False)
    title = models.CharField(_("tiêu đề"), max_length=300)
    mood = models.CharField(_("tâm trạng Nhân dân"), max_length=16, choices=Mood.choices)
    mood_note = models.TextField(_("đánh giá tư tưởng, tâm trạng"), blank=True)
    hot_issues = models.TextField(_("vấn đề nổi cộm, bức xúc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    cases = models.ManyToManyField(Case, verbose_name=_("vụ việc liên quan"), blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)

    class Meta:
        ordering = ["-period_start", "unit__path", "-id"]
        verbose_name = _("báo cáo tình hình Nhân dân")
        verbose_name_plural = _("báo cáo tình hình Nhân dân")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_type", "period_code"],
                                    condition=~Q(period_type="urgent"), name="petitions_sentiment_one_per_period"),
        ]
        indexes = [models.Index(fields=["period_start", "period_end"], name="petitions_sentiment_period_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("petitions:sentiment_detail", args=[self.pk])


class SentimentIssue(UnitScoped, models.Model):
    """One issue the people raised in a report, by field, with how often it was raised."""

    SCOPE_UNIT_FIELD = "report__unit"

    report = models.ForeignKey(SentimentReport, on_delete=models.CASCADE, related_name="issues")
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices)
    description = models.CharField(_("vấn đề"), max_length=500)
    mentions = models.PositiveIntegerField(_("số lượt phản ánh"), default=1)
    is_hot = models.BooleanField(_("nổi cộm"), default=False)

    class Meta:
        ordering = ["report", "-is_hot", "-mentions", "id"]
        verbose_name = _("vấn đề Nhân dân quan tâm")
        verbose_name_plural = _("vấn đề Nhân dân quan tâm")

    def __str__(self) -> str:
        return self.description[:100]
