"""Activities (their kinds, attachments), dialogue issues and commitments."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped, VersionedModel
from danvan.orgunits.models import OrgUnit, Sector

from .documents import Document


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


class Activity(UnitScoped, VersionedModel):
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
    def is_dissemination(self) -> bool:
        return self.kind.is_conference and self.purpose in self.DISSEMINATION_PURPOSES


def _upload_path(instance, filename: str) -> str:
    return timezone.now().strftime("activities/attachments/%Y/%m/") + filename


class ActivityAttachment(UnitScoped, TimeStampedModel):
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


class DialogueIssue(UnitScoped, TimeStampedModel):
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


class Commitment(UnitScoped, VersionedModel):
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

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.deadline < (today or timezone.localdate())
