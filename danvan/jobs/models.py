"""Background jobs: one row per long import, its progress, its result and every problem found."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel


class Job(TimeStampedModel):
    """A file import run by the Huey consumer (or a finished synchronous import kept for its error list).

    `token` names the current run: a queued message carries it, the worker claims the job with it, and every
    write of the worker is conditional on it — a job handed to another worker (after a stall) can no longer be
    finished by the first one. The uploaded file stays under MEDIA_ROOT until the job succeeds or the file is
    shown to be wrong, so a failed run can be retried.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("đang chờ")
        RUNNING = "running", _("đang chạy")
        DONE = "done", _("đã xong")
        FAILED = "failed", _("không thành công")

    class Phase(models.TextChoices):
        NONE = "", ""
        CHECKING = "checking", _("đang kiểm tra từng dòng")
        SAVING = "saving", _("đang ghi vào cơ sở dữ liệu")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.CASCADE,
                              related_name="+")
    kind = models.CharField(_("loại công việc"), max_length=40)
    params = models.JSONField(default=dict, blank=True)
    file = models.FileField(upload_to="jobs/", blank=True, max_length=200)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.NONE, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)  # [[line, column, message], …] (the first stored ones)
    error_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)  # a technical failure (retryable), not a problem of the file
    token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "created_at"], name="job_owner_created_idx"),
                   models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat_idx")]
        verbose_name = _("công việc chạy nền")
        verbose_name_plural = _("công việc chạy nền")

    def __str__(self) -> str:
        from .kinds import label

        return f"{label(self.kind)} — {self.file_name}" if self.file_name else label(self.kind)

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.public_id.hex])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stalled(self) -> bool:
        """Running without a sign of life, or waiting long: the page offers to run it again."""
        limit = timezone.now() - datetime.timedelta(seconds=settings.JOB_STALL_SECONDS)
        if self.status == self.Status.RUNNING:
            return self.heartbeat_at is not None and self.heartbeat_at < limit
        if self.status == self.Status.QUEUED:
            return self.enqueued_at is not None and self.enqueued_at < limit
        return False

    @property
    def retryable(self) -> bool:
        """A technical failure or a stall; a file with problems is fixed and uploaded again instead."""
        if not self.file:
            return False
        return (self.status == self.Status.FAILED and not self.error_count) or self.stalled

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, int(self.rows_done * 100 / self.rows_total))
