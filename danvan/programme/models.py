"""The year's work programme (chương trình công tác năm) of a unit: its theme, key tasks (nhiệm vụ trọng tâm)
and assigned projects (đề án), each tracked month by month by its owner unit to completion.

A programme is drafted (by hand, from a file, or from the previous annual report's Part Two), then approved
by an approver of the unit or of a unit above it (danvan.accounts.permissions). Only the items of approved
programmes count (facts.py); the owner unit records a status each month (`StatusUpdate`, the history), and
"overdue" is computed from the deadline with `core.clock.today`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import UnitScoped, VersionedModel
from danvan.orgunits.models import OrgUnit

# The kinds of record an item is carried out by (ProgrammeItem's many-to-many fields of the same names).
LINK_FIELD_CHOICES = [("documents", "documents"), ("campaigns", "campaigns"), ("activities", "activities"),
                      ("reports", "reports")]


class Programme(UnitScoped, VersionedModel):
    """One unit's programme for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Đã phê duyệt")

    TRANSITIONS = {Status.DRAFT: {Status.APPROVED}, Status.APPROVED: {Status.DRAFT}}

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    theme = models.CharField(_("chủ đề năm"), max_length=300, blank=True,
                             help_text=_("Ví dụ: “Năm Dân vận chính quyền”, “Năm dân vận khéo”."))
    symbol = models.CharField(_("số, ký hiệu chương trình"), max_length=80, blank=True,
                              help_text=_("Ví dụ: 05-CTr/BDVTW."))
    summary = models.TextField(_("phương hướng chung"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người phê duyệt"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = _("chương trình công tác năm")
        verbose_name_plural = _("chương trình công tác năm")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="programme_one_per_unit_year")]

    def __str__(self) -> str:
        return str(_("Chương trình công tác năm %(year)s – %(unit)s") % {"year": self.year, "unit": self.unit.name})

    def get_absolute_url(self) -> str:
        return reverse("programme:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ProgrammeItem(UnitScoped, VersionedModel):
    """A key task (nhiệm vụ trọng tâm) or an assigned project (đề án) of a programme."""

    class Kind(models.TextChoices):
        TASK = "task", _("Nhiệm vụ trọng tâm")
        PROJECT = "project", _("Đề án")

    class AssignedBy(models.TextChoices):
        POLITBURO = "bct_bbt", _("Bộ Chính trị, Ban Bí thư")
        PARTY_COMMITTEE = "cap_uy", _("Cấp ủy")
        UNIT = "don_vi", _("Đơn vị tự đề ra")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        OVERDUE = "overdue", _("Quá hạn")
        DROPPED = "dropped", _("Dừng thực hiện")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE)
    SCOPE_UNIT_FIELD = "programme__unit"
    SCOPE_ALSO_VISIBLE_TO = ("owner_unit",)  # the owner unit reads the item it reports on (accounts.permissions)

    programme = models.ForeignKey(Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE,
                                  related_name="items")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.TASK)
    number = models.PositiveSmallIntegerField(_("số thứ tự"), default=0)
    title = models.CharField(_("tên nhiệm vụ, đề án"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    assigned_by = models.CharField(_("cơ quan giao"), max_length=10, choices=AssignedBy.choices,
                                   default=AssignedBy.UNIT)
    owner_unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT,
                                   related_name="+")
    cooperating_units = models.ManyToManyField(OrgUnit, verbose_name=_("đơn vị phối hợp"), blank=True,
                                               related_name="+")
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    expected_output = models.TextField(_("sản phẩm dự kiến"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    status_month = models.DateField(_("tháng báo cáo tình trạng"), null=True, blank=True)
    status_note = models.TextField(_("ghi chú tình trạng"), blank=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    documents = models.ManyToManyField("activities.Document", verbose_name=_("văn bản"), blank=True,
                                       related_name="+")
    campaigns = models.ManyToManyField("campaigns.Campaign", verbose_name=_("cuộc vận động, phong trào"),
                                       blank=True, related_name="+")
    activities = models.ManyToManyField("activities.Activity", verbose_name=_("hoạt động"), blank=True,
                                        related_name="+")
    reports = models.ManyToManyField("submissions.Submission", verbose_name=_("báo cáo định kỳ"), blank=True,
                                     related_name="+")
    SOURCE_CHOICES = [("", _("nhập tay")), ("part_two", _("Phần thứ hai báo cáo năm trước")),
                      ("import", _("nhập từ tệp"))]
    source = models.CharField(_("nguồn"), max_length=12, blank=True, default="", choices=SOURCE_CHOICES)
    external_ref = models.CharField(_("mã tham chiếu"), max_length=100, blank=True)
    search_text = models.CharField(max_length=800, editable=False, default="")

    class Meta:
        ordering = ["programme_id", "kind", "number", "id"]
        verbose_name = _("nhiệm vụ, đề án")
        verbose_name_plural = _("nhiệm vụ, đề án")
        constraints = [models.UniqueConstraint(fields=["programme", "external_ref"], condition=~Q(external_ref=""),
                                               name="programme_item_unique_ref")]
        indexes = [models.Index(fields=["owner_unit", "status", "deadline"], name="programme_item_owner_idx"),
                   models.Index(fields=["status", "deadline"], name="programme_item_due_idx")]

    def __str__(self) -> str:
        return self.title[:200]

    def get_absolute_url(self) -> str:
        return reverse("programme:item", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Open and past its deadline (or reported overdue by the owner unit)."""
        if not self.is_open:
            return False
        if self.status == self.Status.OVERDUE:
            return True
        return self.deadline is not None and self.deadline < (today or timezone.localdate())

    def effective_status(self, today: datetime.date | None = None) -> str:
        return self.Status.OVERDUE if self.is_overdue(today) else self.status


class StatusUpdate(UnitScoped, models.Model):
    """One status report of an item by its owner unit (the history; the newest is the item's status)."""

    SCOPE_UNIT_FIELD = "item__programme__unit"

    item = models.ForeignKey(ProgrammeItem, verbose_name=_("nhiệm vụ, đề án"), on_delete=models.CASCADE,
                             related_name="updates")
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng báo cáo."))
    status = models.CharField(_("tình trạng"), max_length=12, choices=ProgrammeItem.Status.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    evidence = models.TextField(_("minh chứng"), blank=True, help_text=_("Mỗi dòng một đường dẫn."))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)
    on_behalf = models.BooleanField(_("nhập thay đơn vị cấp dưới"), default=False)

    class Meta:
        ordering = ["-month", "-recorded_at", "-id"]
        verbose_name = _("tình trạng thực hiện")
        verbose_name_plural = _("tình trạng thực hiện")

    def __str__(self) -> str:
        return f"{self.item} — {self.month:%m/%Y}: {self.get_status_display()}"

    def evidence_links(self) -> list[str]:
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]
