"""Kiến nghị, phản ánh, khiếu nại, tố cáo (cases), their deadlines as data, hotspots and
public-sentiment reports (tình hình Nhân dân).

Privacy: a denouncer's identity lives only in `Petitioner` rows. Those fields are listed in
`AUDIT_REDACTED_FIELDS`, `Petitioner.__str__` never shows them, and every reader goes through
`selectors.can_see_identity` (an explicit `IdentityGrant` for tố cáo cases).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped, VersionedModel


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


class Petitioner(UnitScoped, TimeStampedModel):
    """Người gửi đơn. For tố cáo every field is protected (IdentityGrant); the audit never sees a value."""

    SCOPE_UNIT_FIELD = "case__unit"
    AUDIT_REDACTED_FIELDS = ("name", "address", "phone", "id_number", "email")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="petitioners")
    name = models.CharField(_("họ và tên"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    id_number = models.CharField(_("số CCCD/CMND"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)

    class Meta:
        ordering = ["case", "-is_representative", "id"]
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")

    def __str__(self) -> str:
        return _("Người gửi #%(id)s") % {"id": self.pk}


class IdentityGrant(UnitScoped, TimeStampedModel):
    """An explicit right of `user` to see the identity of the petitioners of `case` (needed for tố cáo)."""

    SCOPE_UNIT_FIELD = "case__unit"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người được xem"), on_delete=models.CASCADE,
                             related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cấp quyền"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    # The second approver who confirmed the request (issue 13); empty for the receiving officer's own right.
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["case", "created_at"]
        verbose_name = _("quyền xem danh tính người tố cáo")
        verbose_name_plural = _("quyền xem danh tính người tố cáo")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="petitions_identity_grant_unique")]

    def __str__(self) -> str:
        return f"{self.case.tracking_code} → {self.user}"


class IdentityGrantRequest(UnitScoped, TimeStampedModel):
    """A request that `user` may see the identity of the petitioners of `case`. It gives no right by itself:
    a second approver (of the case's unit or above, neither the requester nor `user`) confirms it, and only then
    an `IdentityGrant` exists (rules in `accounts.separation`)."""

    SCOPE_UNIT_FIELD = "case__unit"

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        REFUSED = "refused", _("Bị từ chối")
        WITHDRAWN = "withdrawn", _("Đã rút")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người được đề nghị cấp quyền"),
                             on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("lý do"), max_length=300)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_note = models.CharField(_("ghi chú của người quyết định"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("đề nghị cấp quyền xem danh tính")
        verbose_name_plural = _("đề nghị cấp quyền xem danh tính")
        constraints = [models.UniqueConstraint(fields=["case", "user"], condition=Q(status="pending"),
                                               name="petitions_identity_request_one_pending")]

    def __str__(self) -> str:
        return f"{self.case.tracking_code} → {self.user}"


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


def _document_path(instance: CaseDocument, filename: str) -> str:
    import uuid

    # The stored name never carries the uploaded name (it may contain a denouncer's name).
    return f"petitions/{instance.case_id}/{uuid.uuid4().hex}"


class CaseDocument(UnitScoped, TimeStampedModel):
    SCOPE_UNIT_FIELD = "case__unit"
    AUDIT_REDACTED_FIELDS = ("original_name", "file")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("tệp"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    extension = models.CharField(_("định dạng"), max_length=8)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")

    def __str__(self) -> str:
        return _("Tài liệu #%(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("petitions:document_download", args=[self.pk])


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
