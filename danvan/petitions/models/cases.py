"""Cases (đơn, vụ việc) with their fields and kinds, and the hotspots they are grouped under."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import UnitScoped, VersionedModel


class Field(models.TextChoices):
    """Lĩnh vực of a case or of an issue raised by the people."""

    DAT_DAI = "dat_dai", _("Đất đai, bồi thường, tái định cư")
    MOI_TRUONG = "moi_truong", _("Môi trường")
    CHINH_SACH = "chinh_sach", _("Chế độ, chính sách xã hội")
    HANH_CHINH = "hanh_chinh", _("Hành chính, thủ tục")
    TU_PHAP = "tu_phap", _("Tư pháp, thi hành án")
    KINH_TE = "kinh_te", _("Kinh tế, đời sống")
    Y_TE_GIAO_DUC = "y_te_giao_duc", _("Y tế, giáo dục")
    AN_NINH = "an_ninh", _("An ninh, trật tự")
    CAN_BO = "can_bo", _("Cán bộ, đảng viên, tham nhũng")
    KHAC = "khac", _("Khác")


class Kind(models.TextChoices):
    KIEN_NGHI = "kien_nghi", _("Kiến nghị")
    PHAN_ANH = "phan_anh", _("Phản ánh")
    KHIEU_NAI_1 = "khieu_nai_1", _("Khiếu nại lần đầu")
    KHIEU_NAI_2 = "khieu_nai_2", _("Khiếu nại lần hai")
    TO_CAO = "to_cao", _("Tố cáo")


class Hotspot(UnitScoped, VersionedModel):
    """Điểm nóng / khiếu kiện đông người: one case or a group of cases under watch, with a risk level."""

    class HotspotKind(models.TextChoices):
        DIEM_NONG = "diem_nong", _("Điểm nóng")
        DONG_NGUOI = "dong_nguoi", _("Khiếu kiện đông người")

    class Risk(models.IntegerChoices):
        LOW = 1, _("Thấp")
        MEDIUM = 2, _("Trung bình")
        HIGH = 3, _("Cao")
        CRITICAL = 4, _("Rất cao")

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị theo dõi"), on_delete=models.PROTECT,
                             related_name="+")
    title = models.CharField(_("tên vụ việc"), max_length=300)
    kind = models.CharField(_("loại"), max_length=12, choices=HotspotKind.choices)
    risk_level = models.PositiveSmallIntegerField(_("mức độ nguy cơ"), choices=Risk.choices)
    flagged_on = models.DateField(_("ngày xác định"))
    headcount = models.PositiveIntegerField(_("số người tham gia"), null=True, blank=True)
    note = models.TextField(_("diễn biến, biện pháp"), blank=True)
    resolved_on = models.DateField(_("ngày ổn định"), null=True, blank=True)

    class Meta:
        ordering = ["resolved_on", "-risk_level", "-flagged_on", "-id"]
        verbose_name = _("điểm nóng")
        verbose_name_plural = _("điểm nóng")
        indexes = [models.Index(fields=["unit", "resolved_on"], name="petitions_hotspot_unit_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("petitions:hotspot_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.resolved_on is None


class Case(UnitScoped, VersionedModel):
    """One đơn / vụ việc, from intake to closure."""

    AUDIT_SKIPPED_FIELDS = ("submission_key",)

    class Channel(models.TextChoices):
        WALK_IN = "walk_in", _("Trực tiếp tại nơi tiếp công dân")
        LETTER = "letter", _("Đơn gửi qua bưu điện, văn thư")
        PHONE = "phone", _("Điện thoại, đường dây nóng")
        DIALOGUE = "dialogue", _("Hội nghị tiếp xúc, đối thoại")
        MEDIA = "media", _("Báo chí, mạng xã hội")
        TRANSFER = "transfer", _("Cơ quan khác chuyển đến")
        PORTAL = "portal", _("Ứng dụng, cổng thông tin")

    class PetitionerType(models.TextChoices):
        ONE = "one", _("Một người")
        SEVERAL = "several", _("Nhiều người")
        MASS = "mass", _("Đông người")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        ACCEPTED = "accepted", _("Đã thụ lý")
        NOT_ACCEPTED = "not_accepted", _("Không thụ lý")
        VERIFYING = "verifying", _("Đang xác minh")
        DIALOGUE = "dialogue", _("Đang đối thoại")
        DECIDED = "decided", _("Đã có quyết định, kết luận")
        CLOSED = "closed", _("Đã kết thúc")
        TRANSFERRED = "transferred", _("Đã chuyển cơ quan có thẩm quyền")
        WITHDRAWN = "withdrawn", _("Đã rút đơn")
        MERGED = "merged", _("Đã gộp (trùng đơn)")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Đúng toàn bộ")
        PARTLY = "partly", _("Đúng một phần")
        REJECTED = "rejected", _("Sai toàn bộ")
        ANSWERED = "answered", _("Đã trả lời, giải quyết")

    TRANSITIONS = {
        Status.RECEIVED: {Status.ACCEPTED, Status.NOT_ACCEPTED, Status.TRANSFERRED, Status.WITHDRAWN, Status.MERGED},
        Status.ACCEPTED: {Status.VERIFYING, Status.TRANSFERRED, Status.WITHDRAWN, Status.MERGED},
        Status.VERIFYING: {Status.DIALOGUE, Status.DECIDED, Status.WITHDRAWN},
        Status.DIALOGUE: {Status.DECIDED, Status.WITHDRAWN},
        Status.DECIDED: {Status.CLOSED},
        Status.NOT_ACCEPTED: {Status.CLOSED},
    }
    FINAL = (Status.CLOSED, Status.TRANSFERRED, Status.WITHDRAWN, Status.MERGED)
    WAITING_ACCEPT = (Status.RECEIVED,)
    IN_PROGRESS = (Status.ACCEPTED, Status.VERIFYING, Status.DIALOGUE)

    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị tiếp nhận, xử lý"),
                             on_delete=models.PROTECT, related_name="+")
    location_unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("địa bàn phát sinh"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    tracking_code = models.CharField(_("mã tra cứu"), max_length=16, unique=True, editable=False)
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    # Not stored: True on a case that case_create returned for a repeated submission_key (created earlier).
    found_existing = False
    channel = models.CharField(_("nguồn tiếp nhận"), max_length=12, choices=Channel.choices)
    kind = models.CharField(_("loại đơn"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("tóm tắt nội dung"), max_length=300)
    content = models.TextField(_("nội dung"), blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices)
    petitioner_type = models.CharField(_("người gửi"), max_length=10, choices=PetitionerType.choices,
                                       default=PetitionerType.ONE)
    headcount = models.PositiveIntegerField(_("số người"), default=1)
    is_remote = models.BooleanField(_("vùng sâu, vùng xa, đi lại khó khăn"), default=False)
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    status = models.CharField(_("trạng thái"), max_length=14, choices=Status.choices, default=Status.RECEIVED)

    received_on = models.DateField(_("ngày tiếp nhận"))
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    not_accepted_reason = models.TextField(_("lý do không thụ lý"), blank=True)
    verifying_on = models.DateField(_("ngày bắt đầu xác minh"), null=True, blank=True)
    dialogue_on = models.DateField(_("ngày đối thoại"), null=True, blank=True)
    dialogue_ref = models.CharField(_("mã hoạt động đối thoại"), max_length=64, blank=True)
    dialogue_label = models.CharField(_("hoạt động đối thoại"), max_length=300, blank=True)
    decided_on = models.DateField(_("ngày quyết định, kết luận"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định, kết luận"), max_length=60, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("nội dung kết quả"), blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    ended_on = models.DateField(_("ngày chuyển, rút, gộp"), null=True, blank=True)
    end_reason = models.TextField(_("lý do"), blank=True)
    transferred_to_unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("chuyển đến đơn vị"), null=True,
                                            blank=True, on_delete=models.PROTECT, related_name="+")
    transferred_to_body = models.CharField(_("chuyển đến cơ quan"), max_length=300, blank=True)
    transferred_case = models.OneToOneField("self", verbose_name=_("vụ việc tiếp tục tại"), null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="transferred_from")
    duplicate_of = models.ForeignKey("self", verbose_name=_("trùng với đơn"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="duplicates")
    hotspot = models.ForeignKey(Hotspot, verbose_name=_("điểm nóng"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="cases")

    # Computed by services from DeadlineRule; stored so "overdue now" is one indexed query.
    accept_due = models.DateField(_("hạn thụ lý"), null=True, blank=True, editable=False)
    resolve_due = models.DateField(_("hạn giải quyết"), null=True, blank=True, editable=False)
    accept_rule = models.CharField(_("căn cứ hạn thụ lý"), max_length=200, blank=True, editable=False)
    resolve_rule = models.CharField(_("căn cứ hạn giải quyết"), max_length=200, blank=True, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("đơn thư, vụ việc")
        verbose_name_plural = _("đơn thư, vụ việc")
        indexes = [
            models.Index(fields=["unit", "received_on"], name="petitions_case_unit_recv_idx"),
            models.Index(fields=["status", "resolve_due"], name="petitions_case_resolve_idx"),
            models.Index(fields=["status", "accept_due"], name="petitions_case_accept_idx"),
            models.Index(fields=["received_on"], name="petitions_case_recv_idx"),
            models.Index(fields=["decided_on"], name="petitions_case_decided_idx"),
            models.Index(fields=["accepted_on"], name="petitions_case_accepted_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(headcount__gte=1), name="petitions_case_headcount_pos"),
        ]

    def __str__(self) -> str:
        # Never a petitioner's name: this string ends up in the audit trail and in logs.
        return f"{self.tracking_code} – {self.subject[:120]}"

    def get_absolute_url(self) -> str:
        return reverse("petitions:case_detail", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    @property
    def is_denunciation(self) -> bool:
        return self.kind == Kind.TO_CAO

    @property
    def current_due(self) -> datetime.date | None:
        """The deadline that runs now: acceptance while received, resolution while in progress."""
        if self.status in self.WAITING_ACCEPT:
            return self.accept_due
        if self.status in self.IN_PROGRESS:
            return self.resolve_due
        return None

    def days_left(self, today: datetime.date) -> int | None:
        due = self.current_due
        return None if due is None else (due - today).days

    def is_overdue(self, today: datetime.date) -> bool:
        left = self.days_left(today)
        return left is not None and left < 0

    @property
    def resolved_on_time(self) -> bool | None:
        if self.decided_on is None:
            return None
        return self.resolve_due is None or self.decided_on <= self.resolve_due
