"""Work records: activities (conferences, dialogues, competitions, media items…), dialogue issues and
commitments, and the register of Party/State documents with their implementation tracking.

Counting is driven by data: an `ActivityKind` carries the flags (is_conference, is_dialogue,
is_competition, is_media) that `danvan.activities.facts.activity_facts` reads, so an administrator who
adds a kind decides how it counts without a code change.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, VersionedModel
from danvan.orgunits.models import OrgUnit, Sector


class ActivityKind(models.Model):
    """Loại hoạt động. Seeded by a data migration; administrators may add more."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_conference = models.BooleanField(_("là hội nghị"), default=False,
                                        help_text=_("Có mục đích (học tập, quán triệt, triển khai văn bản…)."))
    is_dialogue = models.BooleanField(_("là tiếp xúc, đối thoại"), default=False)
    is_competition = models.BooleanField(_("là cuộc thi, hội thi"), default=False)
    is_media = models.BooleanField(_("là tin, bài, phóng sự"), default=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("loại hoạt động")
        verbose_name_plural = _("loại hoạt động")

    def __str__(self) -> str:
        return self.name


class Document(VersionedModel):
    """A Party or State document in the register (văn bản)."""

    class Family(models.TextChoices):
        PARTY = "party", _("Văn bản của Đảng")
        STATE = "state", _("Văn bản nhà nước")

    SCOPE_UNIT_FIELD = "unit"
    # the stored (random) file name says nothing; `file_name` is audited instead. Also, core.audit's FieldFile
    # detection calls `.url`, which raises ValueError on an empty file field.
    AUDIT_SKIPPED_FIELDS = ("file",)

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị vào sổ"), on_delete=models.PROTECT,
                             related_name="registered_documents")
    family = models.CharField(_("hệ thống văn bản"), max_length=10, choices=Family.choices)
    symbol = models.CharField(_("số, ký hiệu"), max_length=80)
    number = models.PositiveIntegerField(_("số"))
    doc_type = models.CharField(_("loại văn bản"), max_length=10)
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=60)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="activities/documents/%Y/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    replaces = models.ForeignKey("self", verbose_name=_("thay thế văn bản"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="replaced_by")
    interim_review_years = models.PositiveSmallIntegerField(_("sơ kết sau (năm)"), null=True, blank=True)
    final_review_years = models.PositiveSmallIntegerField(_("tổng kết sau (năm)"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    search_text = models.CharField(max_length=800, default="", editable=False, db_index=True)

    class Meta:
        ordering = ["-issued_on", "symbol"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints = [models.UniqueConstraint(fields=["symbol", "issued_on"], name="document_symbol_date_unique")]

    def __str__(self) -> str:
        return f"{self.symbol} — {self.title}"[:300]

    def get_absolute_url(self) -> str:
        return reverse("activities:document_detail", args=[self.pk])

    @property
    def scope_unit(self) -> OrgUnit:
        return self.unit

    def review_due(self, kind: str) -> datetime.date | None:
        years = self.interim_review_years if kind == DocumentReview.Kind.INTERIM else self.final_review_years
        if not years:
            return None
        try:
            return self.issued_on.replace(year=self.issued_on.year + years)
        except ValueError:  # 29 February
            return self.issued_on.replace(year=self.issued_on.year + years, day=28)


class Activity(VersionedModel):
    """One activity (hội nghị, đối thoại, cuộc thi, tin bài…) organised by a unit."""

    class Purpose(models.TextChoices):
        STUDY = "hoc_tap", _("Học tập")
        DISSEMINATE = "quan_triet", _("Quán triệt")
        IMPLEMENT = "trien_khai", _("Triển khai thực hiện")
        FINAL_REVIEW = "tong_ket", _("Tổng kết")
        INTERIM_REVIEW = "so_ket", _("Sơ kết")
        THEMATIC = "chuyen_de", _("Chuyên đề")
        OTHER = "khac", _("Khác")

    DISSEMINATION_PURPOSES = (Purpose.STUDY, Purpose.DISSEMINATE, Purpose.IMPLEMENT)

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã tổ chức")
        CANCELLED = "cancelled", _("Hủy")

    class PlaceMode(models.TextChoices):
        IN_PERSON = "truc_tiep", _("Trực tiếp")
        ONLINE = "truc_tuyen", _("Trực tuyến")
        HYBRID = "ket_hop", _("Trực tiếp kết hợp trực tuyến")

    SCOPE_UNIT_FIELD = "unit"

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT,
                             related_name="activities")
    kind = models.ForeignKey(ActivityKind, verbose_name=_("loại hoạt động"), on_delete=models.PROTECT,
                             related_name="activities")
    title = models.CharField(_("tên hoạt động"), max_length=300)
    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose.choices, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=OrgUnit.Level.choices)
    level_overridden = models.BooleanField(_("cấp do người nhập chọn"), default=False,
                                           help_text=_("Sự kiện phối hợp tính ở cấp khác cấp của đơn vị."))
    sector = models.ForeignKey(Sector, verbose_name=_("khối"), null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.HELD)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    place_mode = models.CharField(_("hình thức"), max_length=12, choices=PlaceMode.choices,
                                  default=PlaceMode.IN_PERSON)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    connected_points = models.PositiveIntegerField(_("số điểm cầu"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("số người tham gia"), null=True, blank=True,
                                               help_text=_("Số đại biểu, người tham gia (mỗi người tính một lần)."))
    attendees = models.PositiveIntegerField(_("số lượt người tham dự"), null=True, blank=True,
                                            help_text=_("Lượt người: cộng dồn qua các điểm cầu, buổi."))
    attendees_confirmed = models.BooleanField(_("xác nhận số lượt người vượt mức"), default=False)
    documents = models.ManyToManyField(Document, verbose_name=_("văn bản học tập, quán triệt"), blank=True,
                                       related_name="activities")
    outlet = models.CharField(_("cơ quan báo chí"), max_length=200, blank=True)
    link = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    minutes = models.TextField(_("kết quả, biên bản"), blank=True)
    issues_summary = models.TextField(_("vấn đề được nêu"), blank=True)
    participating_organisations = models.TextField(_("cơ quan, tổ chức tham gia"), blank=True)
    external_ref = models.CharField(_("mã tham chiếu"), max_length=64, blank=True, default="")
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    search_text = models.CharField(max_length=800, default="", editable=False)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        constraints = [
            models.UniqueConstraint(fields=["unit", "external_ref"], condition=~Q(external_ref=""),
                                    name="activity_unit_external_ref_unique"),
            models.UniqueConstraint(fields=["submission_key"], condition=~Q(submission_key=""),
                                    name="activity_submission_key_unique"),
        ]
        indexes = [
            models.Index(fields=["start_date", "kind"], name="activity_date_kind_idx"),
            models.Index(fields=["unit", "start_date"], name="activity_unit_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    @property
    def scope_unit(self) -> OrgUnit:
        return self.unit

    @property
    def is_dissemination(self) -> bool:
        return self.kind.is_conference and self.purpose in self.DISSEMINATION_PURPOSES


def _upload_path(instance, filename: str) -> str:
    return timezone.now().strftime("activities/attachments/%Y/%m/") + filename


class ActivityAttachment(TimeStampedModel):
    """A file of an activity's closing report. Served only through a scoped view."""

    SCOPE_UNIT_FIELD = "activity__unit"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=_upload_path)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name

    @property
    def scope_unit(self) -> OrgUnit:
        return self.activity.unit


class DialogueIssue(TimeStampedModel):
    """An issue citizens raised at a dialogue."""

    SCOPE_UNIT_FIELD = "activity__unit"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="issues")
    content = models.TextField(_("nội dung kiến nghị, phản ánh"))
    raised_by = models.CharField(_("người, nhóm nêu"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("vấn đề Nhân dân nêu")
        verbose_name_plural = _("vấn đề Nhân dân nêu")

    def __str__(self) -> str:
        return self.content[:120]

    @property
    def scope_unit(self) -> OrgUnit:
        return self.activity.unit


class Commitment(VersionedModel):
    """A commitment a leader made at a dialogue; overdue is computed (open and past its deadline)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Đã thực hiện")

    TRANSITIONS = {Status.OPEN: {Status.DONE}, Status.DONE: {Status.OPEN}}
    SCOPE_UNIT_FIELD = "activity__unit"
    SCOPE_ALSO_VISIBLE_TO = ("owner_unit",)  # the responsible unit sees it (accounts.permissions)

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="commitments")
    issue = models.ForeignKey(DialogueIssue, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="commitments", verbose_name=_("vấn đề"))
    content = models.TextField(_("nội dung cam kết"))
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị chủ trì thực hiện"), on_delete=models.PROTECT,
                                   related_name="dialogue_commitments")
    deadline = models.DateField(_("hạn thực hiện"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        indexes = [models.Index(fields=["status", "deadline"], name="commitment_status_deadline_idx"),
                   # the list's order: its first page is read off the index, not sorted (issue 16)
                   models.Index(fields=["deadline", "id"], name="commitment_list_order_idx")]

    def __str__(self) -> str:
        return self.content[:120]

    @property
    def scope_unit(self) -> OrgUnit:
        return self.activity.unit

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.deadline < (today or timezone.localdate())


class DisseminationRequirement(TimeStampedModel):
    """Units of a subtree (at the listed levels) must disseminate a document by a deadline."""

    SCOPE_UNIT_FIELD = "unit"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="requirements")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("phạm vi (đơn vị gốc)"), on_delete=models.PROTECT,
                             related_name="+")
    levels = models.CharField(_("các cấp phải thực hiện"), max_length=60,
                              help_text=_("Mã cấp, cách nhau bởi dấu phẩy: province,district,commune."))
    deadline = models.DateField(_("hạn học tập, quán triệt"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("yêu cầu học tập, quán triệt")
        verbose_name_plural = _("yêu cầu học tập, quán triệt")
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="requirement_document_unit")]

    def __str__(self) -> str:
        return f"{self.document.symbol} — {self.unit}"

    @property
    def scope_unit(self) -> OrgUnit:
        return self.unit

    @property
    def level_list(self) -> list[str]:
        return [lv for lv in self.levels.split(",") if lv]


class ImplementationPlan(TimeStampedModel):
    """A unit's plan (kế hoạch, chương trình hành động) to implement a document."""

    SCOPE_UNIT_FIELD = "unit"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="plans")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    symbol = models.CharField(_("số, ký hiệu kế hoạch"), max_length=80, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = _("kế hoạch thực hiện")
        verbose_name_plural = _("kế hoạch thực hiện")

    def __str__(self) -> str:
        return self.symbol or str(self.title)

    @property
    def scope_unit(self) -> OrgUnit:
        return self.unit


class DocumentReview(TimeStampedModel):
    """Sơ kết (interim) or tổng kết (final) review of a document by a unit, with its report."""

    class Kind(models.TextChoices):
        INTERIM = "so_ket", _("Sơ kết")
        FINAL = "tong_ket", _("Tổng kết")

    SCOPE_UNIT_FIELD = "unit"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("ngày thực hiện"))
    report_symbol = models.CharField(_("số, ký hiệu báo cáo"), max_length=80, blank=True)
    report = models.TextField(_("nội dung báo cáo"), blank=True)
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("hội nghị sơ kết, tổng kết"))

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("sơ kết, tổng kết")
        verbose_name_plural = _("sơ kết, tổng kết")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document.symbol} — {self.unit}"

    @property
    def scope_unit(self) -> OrgUnit:
        return self.unit


class Project(VersionedModel):
    """Đề án assigned to a unit by a higher body, tracked to its status."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Được giao")
        IN_PROGRESS = "in_progress", _("Đang xây dựng")
        SUBMITTED = "submitted", _("Đã trình")
        APPROVED = "approved", _("Đã ban hành, phê duyệt")
        CANCELLED = "cancelled", _("Dừng, hủy")

    TRANSITIONS = {
        Status.ASSIGNED: {Status.IN_PROGRESS, Status.SUBMITTED, Status.CANCELLED},
        Status.IN_PROGRESS: {Status.SUBMITTED, Status.CANCELLED},
        Status.SUBMITTED: {Status.APPROVED, Status.IN_PROGRESS, Status.CANCELLED},
        Status.APPROVED: set(),
        Status.CANCELLED: set(),
    }
    SCOPE_UNIT_FIELD = "unit"

    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="projects", verbose_name=_("văn bản giao"))
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị được giao"), on_delete=models.PROTECT,
                             related_name="+")
    name = models.CharField(_("tên đề án"), max_length=400)
    assigned_by = models.CharField(_("cơ quan giao"), max_length=200,
                                   help_text=_("Ví dụ: Bộ Chính trị, Ban Bí thư, Ban Thường vụ Tỉnh ủy."))
    assigned_on = models.DateField(_("ngày giao"))
    deadline = models.DateField(_("hạn trình"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("đề án")
        verbose_name_plural = _("đề án")

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self) -> OrgUnit:
        return self.unit

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return (self.status not in (self.Status.APPROVED, self.Status.CANCELLED) and self.deadline is not None
                and self.deadline < (today or timezone.localdate()))
