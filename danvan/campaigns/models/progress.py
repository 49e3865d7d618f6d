"""Results reported by the units taking part in a campaign."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core.models import UnitScoped

from .campaign import VND_DIGITS, Campaign, Target
from .ledger import AppendOnlyQuerySet


class ProgressEntry(UnitScoped, models.Model):
    """A reported result for a metric that is not a ledger or house count (participants, custom metrics).

    Create-only like the ledger: a correction is a new entry with a negative value and a note.
    """

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
    def metric_label(self) -> str:
        """"Số người tham gia", or the name of the campaign's custom metric (never its code)."""
        if self.metric == Target.Metric.PARTICIPANTS:
            return str(Target.Metric.PARTICIPANTS.label)
        target = Target.objects.filter(campaign_id=self.campaign_id, metric=Target.Metric.CUSTOM,
                                       code=self.metric).exclude(label="").first()
        return target.label if target is not None else self.metric
