"""Legal time limits as data, and the extensions decided on a case."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped

from .cases import Case, Kind


class DeadlineRule(models.Model):
    """A legal time limit, as data: a change in the law is a new row with a later `valid_from`."""

    class Stage(models.TextChoices):
        ACCEPT = "accept", _("Thụ lý")
        RESOLVE = "resolve", _("Giải quyết")
        EXTENSION = "extension", _("Gia hạn")

    kind = models.CharField(_("loại đơn"), max_length=20, choices=Kind.choices)
    stage = models.CharField(_("giai đoạn"), max_length=12, choices=Stage.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"))
    complex_days = models.PositiveSmallIntegerField(_("số ngày (vụ việc phức tạp)"))
    remote_days = models.PositiveSmallIntegerField(_("số ngày (vùng sâu, vùng xa)"))
    remote_complex_days = models.PositiveSmallIntegerField(_("số ngày (vùng sâu, vùng xa, phức tạp)"))
    max_count = models.PositiveSmallIntegerField(
        _("số lần tối đa"), default=1, help_text=_("Chỉ dùng cho gia hạn: số lần gia hạn tối đa."))
    legal_source = models.CharField(_("căn cứ pháp lý"), max_length=200)
    valid_from = models.DateField(_("áp dụng từ"), default=datetime.date(2000, 1, 1))

    class Meta:
        ordering = ["kind", "stage", "-valid_from"]
        verbose_name = _("thời hạn theo luật")
        verbose_name_plural = _("thời hạn theo luật")
        constraints = [
            models.UniqueConstraint(fields=["kind", "stage", "valid_from"], name="petitions_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.get_stage_display()}: {self.days} ({self.legal_source})"

    def days_for(self, *, is_complex: bool, is_remote: bool) -> int:
        if is_remote:
            return self.remote_complex_days if is_complex else self.remote_days
        return self.complex_days if is_complex else self.days


class Extension(UnitScoped, TimeStampedModel):
    """Gia hạn giải quyết tố cáo: a written decision, recorded with its number and date."""

    SCOPE_UNIT_FIELD = "case__unit"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    decision_number = models.CharField(_("số quyết định gia hạn"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định gia hạn"))
    days = models.PositiveSmallIntegerField(_("số ngày gia hạn"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["case", "decided_on", "id"]
        verbose_name = _("gia hạn giải quyết")
        verbose_name_plural = _("gia hạn giải quyết")

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.days})"
