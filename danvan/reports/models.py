"""Facts: what each record contributes to the indicators, kept in step with the records on write."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordFact(models.Model):
    """One contribution of one record to one indicator (e.g. a recognised model -> dvk.recognised.collective).

    Written only through `danvan.reports.facts.replace_facts`, inside the record's own transaction,
    so the facts always match the records. The roll-up tables of the reporting engine are
    derived from these rows.
    """

    source = models.CharField(_("nguồn"), max_length=40)
    source_id = models.BigIntegerField(_("mã bản ghi nguồn"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=60)
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("ngày"))
    category = models.CharField(_("phân loại"), max_length=40, blank=True, default="")
    sector = models.CharField(_("khối"), max_length=40, blank=True, default="")
    level = models.CharField(_("cấp (ghi đè)"), max_length=10, blank=True, default="",
                             help_text=_("Để trống: cấp của đơn vị. Dùng cho sự kiện phối hợp nhiều cấp."))
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=2, default=1)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["source", "source_id"], name="fact_source_idx"),
            models.Index(fields=["indicator", "day"], name="fact_indicator_day_idx"),
            models.Index(fields=["unit", "indicator", "day"], name="fact_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id} {self.day} {self.value}"
