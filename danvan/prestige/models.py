"""People of prestige (người có uy tín) in ethnic-minority areas: the registry each commune keeps.

Criteria, recognition and support follow Quyết định 12/2018/QĐ-TTg, amended by Quyết định 28/2023/QĐ-TTg.
A person is recognised by a decision (number, authority, date) and stays in the list until replaced, removed
or deceased. Personal data is minimised on purpose: birth year (never a date of birth), no ID number; the
phone number is shown only to the person's commune and its province, names never above the province
(rules in `danvan.accounts.permissions`, section "people of prestige").

`unit` is the commune that keeps the person today; a person recognised before 1/7/2025 in a commune that the
reform merged keeps that commune as `former_unit`, so the years before the reform count for the commune that
existed then (see rules.counting_unit).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped, VersionedModel

VND_DIGITS = 18  # đồng, no subunit


class EthnicGroup(models.Model):
    """One of the 54 ethnic groups of Vietnam (GSO list and codes); reference data seeded by migration 0002."""

    code = models.CharField(_("mã dân tộc"), max_length=2, unique=True)
    name = models.CharField(_("tên dân tộc"), max_length=60, unique=True)
    other_names = models.CharField(_("tên gọi khác"), max_length=200, blank=True,
                                   help_text=_("Các cách viết khác, cách nhau bằng dấu “;” (dùng khi nhập từ tệp)."))
    is_minority = models.BooleanField(_("dân tộc thiểu số"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("dân tộc")
        verbose_name_plural = _("dân tộc")

    def __str__(self) -> str:
        return self.name


class Person(UnitScoped, VersionedModel):
    """One person of prestige in a commune's registry, from the recognition decision to the end of the role."""

    class Sex(models.TextChoices):
        MALE = "nam", _("Nam")
        FEMALE = "nu", _("Nữ")

    class Role(models.TextChoices):
        VILLAGE_ELDER = "gia_lang", _("Già làng")
        VILLAGE_HEAD = "truong_thon", _("Trưởng thôn, bản, buôn, ấp, phum, sóc")
        CLAN_HEAD = "truong_dong_ho", _("Trưởng dòng họ, tộc họ")
        RELIGIOUS = "chuc_sac", _("Chức sắc, chức việc tôn giáo")
        GOOD_PRODUCER = "san_xuat_gioi", _("Người sản xuất, kinh doanh giỏi")
        NOTABLE = "nhan_si", _("Nhân sĩ")
        INTELLECTUAL = "tri_thuc", _("Trí thức")
        RETIRED = "huu_tri", _("Cán bộ, cựu chiến binh nghỉ hưu")
        OTHER = "khac", _("Khác")

    class Status(models.TextChoices):
        RECOGNISED = "recognised", _("Đang được công nhận")
        REPLACED = "replaced", _("Đã được thay thế")
        REMOVED = "removed", _("Đã đưa ra khỏi danh sách")
        DECEASED = "deceased", _("Đã từ trần")

    class Authority(models.TextChoices):
        DISTRICT_CHAIRMAN = "district_chairman", _("Chủ tịch Ủy ban nhân dân cấp huyện")
        COMMUNE_CHAIRMAN = "commune_chairman", _("Chủ tịch Ủy ban nhân dân cấp xã")
        PROVINCE_CHAIRMAN = "province_chairman", _("Chủ tịch Ủy ban nhân dân cấp tỉnh")
        OTHER = "other", _("Cơ quan, người có thẩm quyền khác")

    ENDED = (Status.REPLACED, Status.REMOVED, Status.DECEASED)
    TRANSITIONS = {
        Status.RECOGNISED: {Status.REPLACED, Status.REMOVED, Status.DECEASED},
        # a wrong entry is put right by restoring the person to the list (the step stays in the history)
        Status.REPLACED: {Status.RECOGNISED},
        Status.REMOVED: {Status.RECOGNISED},
        Status.DECEASED: {Status.RECOGNISED},
    }
    AUDIT_REDACTED_FIELDS = ("phone",)

    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("xã, phường, đặc khu"), on_delete=models.PROTECT, related_name="+",
        help_text=_("Xã đang quản lý danh sách (xã hiện nay; hoặc xã cũ nếu người có uy tín thôi trước 01/7/2025)."))
    former_unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("xã trước 01/7/2025"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
        help_text=_("Xã cũ nơi người có uy tín được công nhận trước khi sắp xếp đơn vị hành chính (01/7/2025)."))
    full_name = models.CharField(_("họ và tên"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=3, choices=Sex.choices)
    ethnic_group = models.ForeignKey(EthnicGroup, verbose_name=_("dân tộc"), on_delete=models.PROTECT,
                                     related_name="+")
    village = models.CharField(_("thôn, bản, buôn, ấp, phum, sóc"), max_length=200, blank=True)
    role = models.CharField(_("thành phần"), max_length=20, choices=Role.choices)
    role_detail = models.CharField(_("chức danh, vai trò cụ thể"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định công nhận"))
    authority = models.CharField(_("thẩm quyền công nhận"), max_length=20, choices=Authority.choices)
    authority_name = models.CharField(_("cơ quan, người ký quyết định"), max_length=200, blank=True)

    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.RECOGNISED,
                              db_index=True)
    status_date = models.DateField(_("ngày thôi"), null=True, blank=True)
    status_reason = models.TextField(_("lý do"), blank=True)
    status_decision_number = models.CharField(_("số quyết định (thay thế, đưa ra khỏi danh sách)"), max_length=60,
                                              blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    activities = models.ManyToManyField("activities.Activity", verbose_name=_("hoạt động, hội nghị đã dự"),
                                        blank=True, related_name="+")
    commendations = models.ManyToManyField("commendations.Commendation", verbose_name=_("khen thưởng"),
                                           blank=True, related_name="+")

    external_ref = models.CharField(_("mã tham chiếu"), max_length=100, blank=True)
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["unit__path", "full_name", "id"]
        verbose_name = _("người có uy tín")
        verbose_name_plural = _("người có uy tín")
        constraints = [
            models.UniqueConstraint(fields=["external_ref"], condition=~Q(external_ref=""),
                                    name="prestige_person_unique_external_ref"),
            models.UniqueConstraint(fields=["submission_key"], condition=~Q(submission_key=""),
                                    name="prestige_person_unique_submission_key"),
            models.CheckConstraint(condition=Q(status="recognised") | Q(status_date__isnull=False),
                                   name="prestige_person_ended_has_date"),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="prestige_person_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("prestige:detail", args=[self.pk])

    @property
    def is_recognised(self) -> bool:
        return self.status == self.Status.RECOGNISED


class SupportEntry(UnitScoped, TimeStampedModel):
    """Support a person of prestige received (QĐ 12/2018/QĐ-TTg): a visit, a gift, training, health insurance…"""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Thăm hỏi, động viên")
        GIFT = "gift", _("Tặng quà (Tết, lễ)")
        TRAINING = "training", _("Tập huấn, bồi dưỡng, tham quan học tập")
        HEALTH_INSURANCE = "health_insurance", _("Thẻ bảo hiểm y tế")
        INFORMATION = "information", _("Cấp báo, tạp chí")
        HARDSHIP = "hardship", _("Hỗ trợ khi ốm đau, gặp khó khăn")
        FUNERAL = "funeral", _("Thăm viếng khi từ trần")
        OTHER = "other", _("Hỗ trợ khác")

    SCOPE_UNIT_FIELD = "person__unit"

    person = models.ForeignKey(Person, verbose_name=_("người có uy tín"), on_delete=models.CASCADE,
                               related_name="support_entries")
    day = models.DateField(_("ngày"))
    kind = models.CharField(_("hình thức hỗ trợ"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("giá trị (đồng)"), max_digits=VND_DIGITS, decimal_places=0, default=0)
    provider = models.CharField(_("đơn vị hỗ trợ"), max_length=200, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    external_ref = models.CharField(_("mã tham chiếu"), max_length=100, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("hỗ trợ")
        verbose_name_plural = _("hỗ trợ")
        constraints = [
            models.UniqueConstraint(fields=["external_ref"], condition=~Q(external_ref=""),
                                    name="prestige_support_unique_external_ref"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="prestige_support_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return "{} ({:%d/%m/%Y})".format(self.get_kind_display(), self.day)
