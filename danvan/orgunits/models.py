"""The unit tree (nation, provinces, historical districts, communes, non-territorial bodies) and sectors.

Every unit keeps the dates it existed and its successors, so history is never rewritten: a figure
for 2023 rolls up through the 63 provinces and their districts, and can be re-read on today's
boundaries through `current_path` (the path of the unit's current successor).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

REFORM_DATE = datetime.date(2025, 7, 1)
LEGACY_END = datetime.date(2025, 6, 30)


class Sector(models.Model):
    """Khối: the actor behind a record (Party committee, government, MTTQ, each organisation...)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("khối")
        verbose_name_plural = _("khối")

    def __str__(self) -> str:
        return self.name


class OrgUnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def valid_during(self, start: datetime.date, end: datetime.date):
        """Units that existed on at least one day of [start, end]."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )

    def subtree_of(self, unit: "OrgUnit"):
        return self.filter(path__startswith=unit.path)


class OrgUnit(models.Model):
    """A node of the single unit tree. `key` is the stable public identifier (see README)."""

    class Kind(models.TextChoices):
        NATION = "nation", _("Quốc gia")
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Huyện, quận, thị xã, thành phố thuộc tỉnh")
        COMMUNE = "commune", _("Xã, phường, thị trấn, đặc khu")
        COMMISSION = "commission", _("Ban Đảng")
        PARTY_ORG = "party_org", _("Đảng bộ, đảng ủy")
        FRONT = "front", _("Mặt trận Tổ quốc")
        ORGANISATION = "organisation", _("Tổ chức chính trị - xã hội, hội quần chúng")
        ARMY = "army", _("Lực lượng vũ trang")
        OTHER = "other", _("Cơ quan, đơn vị khác")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    TERRITORIAL_KINDS = (Kind.NATION, Kind.PROVINCE, Kind.DISTRICT, Kind.COMMUNE)

    key = models.CharField(_("mã đơn vị"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    type_name = models.CharField(_("loại hình"), max_length=40, blank=True, help_text=_("Tỉnh, Thành phố, Xã, Phường…"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    sector = models.ForeignKey(Sector, verbose_name=_("khối"), null=True, blank=True, on_delete=models.PROTECT)
    code = models.CharField(_("mã chính thức"), max_length=20, blank=True)
    code_scheme = models.CharField(
        _("bộ mã"), max_length=20, blank=True, help_text=_("gso-legacy (trước 01/7/2025) hoặc gso-2025")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn"), max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField(_("độ sâu"), default=0)
    current_key = models.CharField(_("mã đơn vị hiện nay"), max_length=64, db_index=True, default="")
    current_path = models.CharField(_("đường dẫn theo địa giới hiện nay"), max_length=255, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search_text = models.CharField(max_length=400, db_index=True, editable=False, default="")
    # Party-document header and signature of the unit's reports (issue 12). Blank = the default for the
    # unit's kind at the report date (danvan/annual/documents.py); set by a unit administrator.
    class SigningFormula(models.TextChoices):
        STANDING_COMMITTEE = "tm_btv", _("T/M BAN THƯỜNG VỤ (tập thể)")
        COMMITTEE = "tm_du", _("T/M ĐẢNG ỦY (tập thể)")
        HEAD = "head", _("TRƯỞNG BAN (người đứng đầu ký)")
        DEPUTY = "deputy", _("K/T TRƯỞNG BAN – PHÓ TRƯỞNG BAN (cấp phó ký thay)")

    doc_superior_body = models.CharField(_("cơ quan cấp trên (tiêu đề văn bản)"), max_length=200, blank=True,
                                         help_text=_("Ví dụ: TỈNH ỦY CẦN THƠ; để trống = mặc định theo loại đơn vị"))
    doc_issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True,
                                        help_text=_("Ví dụ: BAN TUYÊN GIÁO VÀ DÂN VẬN"))
    doc_symbol = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=30, blank=True,
                                  help_text=_("Phần sau dấu “/” của số văn bản, ví dụ BTGDVTU, ĐUK"))
    doc_place = models.CharField(_("địa danh"), max_length=100, blank=True, help_text=_("Ví dụ: Cần Thơ"))
    doc_signing_formula = models.CharField(_("thể thức ký"), max_length=10, blank=True,
                                           choices=SigningFormula.choices)
    doc_signer_position = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    doc_signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        indexes = [
            models.Index(fields=["parent", "valid_from", "valid_to"], name="orgunit_children_idx"),
            models.Index(fields=["kind", "valid_from", "valid_to"], name="orgunit_kind_valid_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgunits:detail", args=[self.key])

    @property
    def scope_unit(self) -> "OrgUnit":
        return self

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def current_unit(self) -> "OrgUnit":
        """The unit that holds this unit's territory or role today (itself if it still exists)."""
        if not self.current_key or self.current_key == self.key:
            return self
        if getattr(self, "_current_unit", None) is None:
            self._current_unit = OrgUnit.objects.get(key=self.current_key)
        return self._current_unit

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def is_territorial(self) -> bool:
        return self.kind in self.TERRITORIAL_KINDS

    def is_ancestor_or_self_of(self, other: "OrgUnit") -> bool:
        return other.path.startswith(self.path)


class UnitSuccession(models.Model):
    """predecessor was (wholly or partly) succeeded by successor. One successor per predecessor is primary."""

    predecessor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="predecessor_links")
    is_primary = models.BooleanField(_("kế thừa chính"), default=True)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        ordering = ["predecessor", "-is_primary", "successor"]
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession"),
            models.UniqueConstraint(
                fields=["predecessor"], condition=Q(is_primary=True), name="one_primary_successor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitName(models.Model):
    """A name the unit had until `valid_to` (inclusive): the unit itself continued under another name.

    In 2025 seven provinces kept their code but took the name of the province merged into them (VN-91
    Tỉnh Kiên Giang became Tỉnh An Giang on 01/7/2025; the old An Giang is VN-89). A unit's `name` is its
    current one; `selectors.name_at` gives the name on a day, so a 2023 report says "Tỉnh Kiên Giang"."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE,
                             related_name="former_names")
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    type_name = models.CharField(_("loại hình"), max_length=40, blank=True)
    valid_to = models.DateField(_("dùng đến ngày"))
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        ordering = ["unit", "valid_to"]
        verbose_name = _("tên cũ của đơn vị")
        verbose_name_plural = _("tên cũ của đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "valid_to"], name="unique_unit_name_until")]

    def __str__(self) -> str:
        return f"{self.name} (→ {self.valid_to:%d/%m/%Y})"
