"""Facts: what each record contributes to the indicators, kept in step with the records on write."""

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class Indicator(models.Model):
    """A figure the system reports: counted from records, entered as an aggregate, or a formula of others."""

    class Source(models.TextChoices):
        RECORDS = "records", _("Từ hồ sơ, bản ghi")
        AGGREGATE = "aggregate", _("Nhập số tổng hợp")
        FORMULA = "formula", _("Công thức")

    code = models.CharField(_("mã chỉ tiêu"), max_length=60, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40)
    source = models.CharField(_("nguồn số liệu"), max_length=20, choices=Source.choices, default=Source.RECORDS)
    formula = models.CharField(_("công thức"), max_length=500, blank=True,
                               help_text=_("Tổng, hiệu của các mã chỉ tiêu, ví dụ: a.b + a.c"))
    categories = models.JSONField(_("phân loại"), default=dict, blank=True)
    is_money = models.BooleanField(_("là số tiền"), default=False)
    order = models.PositiveIntegerField(_("thứ tự"), default=100)
    description = models.TextField(_("mô tả"), blank=True)
    app = models.CharField(_("ứng dụng cung cấp"), max_length=40, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:indicators") + f"#{self.code}"

    @property
    def is_formula(self) -> bool:
        return self.source == self.Source.FORMULA


class DataValue(models.Model):
    """An aggregate entered (or imported) for one unit, period and indicator (and category, sector).

    For a (unit, period, indicator) with an entered aggregate, the unit's own records do not count
    (they are shown beside it as a check) — never both.
    """

    SCOPE_UNIT_FIELD = "unit"

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="+")
    period = models.CharField(_("kỳ báo cáo"), max_length=10)
    period_type = models.CharField(_("loại kỳ"), max_length=10, editable=False)
    year = models.PositiveSmallIntegerField(_("năm báo cáo"), editable=False)
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), to_field="code",
                                  db_column="indicator_code", on_delete=models.PROTECT, related_name="values")
    category = models.CharField(_("phân loại"), max_length=40, blank=True, default="")
    sector = models.CharField(_("khối"), max_length=40, blank=True, default="")
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=2)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["unit", "period", "indicator", "category", "sector"]
        verbose_name = _("số liệu tổng hợp")
        verbose_name_plural = _("số liệu tổng hợp")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "indicator", "category", "sector"],
                                    name="datavalue_unique"),
        ]
        indexes = [
            models.Index(fields=["unit", "year", "indicator"], name="datavalue_unit_year_idx"),
            models.Index(fields=["year", "indicator"], name="datavalue_year_idx"),
        ]

    def __str__(self) -> str:
        # "Mô hình “Dân vận khéo” được đăng ký, năm 2025: 14" (the code only when the name is unknown).
        from danvan.core.formatting import format_number

        from .periods import parse_period

        try:
            period = parse_period(self.period).label
        except ValueError:
            period = self.period
        name = Indicator.objects.filter(code=self.indicator_id).values_list("name", flat=True).first()
        return f"{name or self.indicator_id}, {period}: {format_number(self.value, 2)}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:entry", args=[self.unit.key, self.period])

    @property
    def scope_unit(self):
        return self.unit


class ValidationRule(models.Model):
    """A rule over indicator values: left operator right, e.g. dvk.recognised <= dvk.registered."""

    class Operator(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        GE = ">=", "≥"
        GT = ">", ">"
        EQ = "==", "="
        NE = "!=", "≠"

    class Severity(models.TextChoices):
        BLOCKING = "blocking", _("Chặn (không cho lưu, nộp)")
        WARNING = "warning", _("Cảnh báo")

    code = models.SlugField(_("mã quy tắc"), max_length=60, unique=True)
    left = models.CharField(_("vế trái"), max_length=500, help_text=_("Tổng, hiệu các mã chỉ tiêu hoặc số"))
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("vế phải"), max_length=500)
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    message = models.CharField(
        _("thông báo"), max_length=500,
        help_text=_("Có thể dùng %(left)s và %(right)s để chèn giá trị hai vế."))
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")

    def __str__(self) -> str:
        return f"{self.left} {self.operator} {self.right}"


class UnitYearValue(models.Model):
    """Pre-aggregated: a unit's *effective own* value for a reporting year, per indicator and producing level.

    Effective = the entered aggregate when there is one for (unit, year, indicator), else the unit's
    own record facts. Maintained on write (see `rollups.py`); rebuilt by `rebuild_rollups`.
    """

    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=60)
    level = models.CharField(max_length=10)
    value = models.DecimalField(max_digits=20, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year", "indicator", "level"],
                                               name="unityearvalue_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.indicator} {self.level} {self.value}"


class RollupValue(models.Model):
    """Pre-aggregated: the sum of the effective own values of every unit at or below `ancestor`.

    `boundaries` "h" = the unit tree of the time (path), "c" = today's boundaries (current_path).
    """

    boundaries = models.CharField(max_length=1)
    ancestor = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=60)
    level = models.CharField(max_length=10)
    value = models.DecimalField(max_digits=20, decimal_places=2)
    # Bumped by every change of the row (rows that fall to 0 are kept): the sum over an ancestor's rows of a
    # year only grows, so it versions that unit's figures without a shared "last changed" row (issue 16).
    version = models.PositiveBigIntegerField(default=1, db_default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ancestor", "year", "boundaries", "indicator", "level"],
                                               name="rollupvalue_unique")]

    def __str__(self) -> str:
        return f"{self.boundaries} {self.ancestor_id} {self.year} {self.indicator} {self.level} {self.value}"


class UnitAncestor(models.Model):
    """Closure of the unit tree for both boundaries (self included); rebuilt with the roll-ups."""

    boundaries = models.CharField(max_length=1)
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    ancestor = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["boundaries", "unit", "ancestor"],
                                               name="unitancestor_unique")]

    def __str__(self) -> str:
        return f"{self.boundaries} {self.unit_id} < {self.ancestor_id}"


class RollupState(models.Model):
    """One row: when the roll-ups last changed and which reporting-year start they were built with."""

    year_start = models.CharField(max_length=5)
    built_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    valid = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.year_start} {self.changed_at}"


class FactRuleVersion(models.Model):
    """Which version of a record app's counting rule (`facts.register_rule`) the stored facts of a source follow.

    When an app changes what its records contribute (a new indicator, a new split), it raises the version; the
    facts of that source are then re-derived once, automatically at the end of `migrate` (`reports.upkeep`)."""

    source = models.CharField(max_length=40, unique=True)
    version = models.PositiveIntegerField(default=0)
    rebuilt_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.source} v{self.version}"


class ImportBatch(models.Model):
    """One import of data values (the audit trail's target for the import as a whole)."""

    SCOPE_UNIT_FIELD = "unit"

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị nhập"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    file_name = models.CharField(_("tệp"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("lần nhập số liệu")
        verbose_name_plural = _("lần nhập số liệu")

    def __str__(self) -> str:
        at = timezone.localtime(self.at) if timezone.is_aware(self.at) else self.at
        return f"{self.file_name} ({at:%H:%M %d/%m/%Y})"

    @property
    def scope_unit(self):
        return self.unit
