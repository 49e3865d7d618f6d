"""Background jobs: start, run, retry and recover imports (all writes of danvan.jobs).

The life of a job: `start_import` stores the upload under MEDIA_ROOT and queues a message carrying the job's
run token; a consumer `run_job`s it: it claims the job with that token, checks every row (progress written
about once a second, a heartbeat thread beating meanwhile), and applies the rows in one transaction that also
marks the job done (`core.imports.apply` calls the hooks below) — rows and "done" are committed together or
not at all. A file with problems fails the job with every problem by line and column; a technical failure
keeps the file so the owner can run it again. `recover_stalled` (every minute and when a consumer starts)
gives a job whose worker died a new token and queues it again, up to JOB_MAX_ATTEMPTS runs, then fails it
visibly.
"""

from __future__ import annotations

import datetime
import errno
import logging
import threading
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can_retry_job
from danvan.core.audit import audit
from danvan.core.formatting import format_number
from danvan.core.imports import ImportFailed, ImportHooks, ImportResult, RowError, reset_hooks, using_hooks
from danvan.core.uploads import clean_name

from .kinds import KINDS
from .models import Job

logger = logging.getLogger(__name__)
Status, Phase = Job.Status, Job.Phase
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


class StorageFull(Exception):
    """The server has no room for the upload; nothing was stored. The person may try again later."""

    def __init__(self) -> None:
        super().__init__(_("Máy chủ tạm thời hết chỗ lưu tệp tải lên; chưa có gì được ghi. "
                           "Hãy thử lại sau ít phút hoặc báo quản trị hệ thống."))


class JobSuperseded(Exception):
    """The job was handed to another run (new token) or finished meanwhile; this run stops without writing."""


def in_background(upload) -> bool:
    """Files above IMPORT_JOB_THRESHOLD_BYTES are imported by a job; smaller ones at once, in the request."""
    return upload is not None and upload.size > settings.IMPORT_JOB_THRESHOLD_BYTES


def _new_token() -> str:
    return uuid.uuid4().hex


def _enqueue(job_pk: int, token: str) -> None:
    """Queue a run. A queue that cannot be reached leaves the job waiting; `recover_stalled` sends it again."""
    from .tasks import run_import_job

    try:
        run_import_job(job_pk, token)
    except Exception:  # Redis down, SQLite queue locked: the job row is the source of truth
        logger.exception("job %s: could not be queued now; the recovery sweep will send it again", job_pk)


def _error_rows(errors: list[RowError]) -> list[list[Any]]:
    return [[e.line, e.column, e.message] for e in errors[: settings.JOB_MAX_STORED_ERRORS]]


def _result_json(result: ImportResult) -> dict[str, Any]:
    details = list(result.details)
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged,
            "details": details[: settings.IMPORT_ERRORS_SHOWN], "detail_count": len(details)}


# --- starting, recording, retrying (the web side) -----------------------------------------------------------


def start_import(*, actor, kind: str, upload, params: dict[str, Any] | None = None) -> Job:
    """Store the upload and queue its import; raise StorageFull when the disk (or its quota) is full."""
    if kind not in KINDS:
        raise ValueError(kind)
    name = clean_name(getattr(upload, "name", ""))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else "bin"
    token = _new_token()
    stored = ""
    try:
        upload.seek(0)
        stored = default_storage.save(f"jobs/{uuid.uuid4().hex}.{extension[:8]}", upload)
        with transaction.atomic():
            job = Job.objects.create(owner=actor, kind=kind, params=params or {}, file=stored, file_name=name,
                                     file_size=upload.size, token=token, enqueued_at=timezone.now())
            audit(actor=actor, action="jobs.job.created", target=job, note=f"{kind}: {name}")
    except OSError as error:
        if stored:
            _delete_file(stored)
        if error.errno in DISK_FULL:
            raise StorageFull() from error
        raise
    except BaseException:
        if stored:
            _delete_file(stored)
        raise
    _enqueue(job.pk, token)
    return job


def record_failed_import(*, actor, kind: str, errors: list[RowError], file_name: str = "") -> Job | None:
    """Keep the problems of an import refused in the request, so the full list can be downloaded."""
    if not getattr(actor, "is_authenticated", False) or not errors:
        return None
    now = timezone.now()
    try:
        return Job.objects.create(owner=actor, kind=kind, file_name=clean_name(file_name) if file_name else "",
                                  status=Status.FAILED, errors=_error_rows(errors), error_count=len(errors),
                                  started_at=now, finished_at=now)
    except DatabaseError:  # the list on the page is still shown; only the download is missing
        logger.exception("could not keep the error list of a %s import", kind)
        return None


def retry(*, actor, job: Job) -> Job:
    """Run a job again (a technical failure or a stall) with a new token; the old run can no longer finish."""
    ensure_can_retry_job(actor, job)
    if not job.retryable:
        raise ValidationError(_("Công việc này không chạy lại được: tệp có lỗi thì hãy sửa tệp và nhập lại."))
    token = _new_token()
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, token=job.token, status=job.status).update(
            status=Status.QUEUED, token=token, phase=Phase.NONE, rows_done=0, failure="", enqueued_at=timezone.now(),
            started_at=None, heartbeat_at=None, finished_at=None)
        if not updated:
            raise ValidationError(_("Công việc vừa thay đổi trạng thái; hãy tải lại trang."))
        audit(actor=actor, action="jobs.job.retried", target=job, note=job.file_name)
    _enqueue(job.pk, token)
    job.refresh_from_db()
    return job


# --- running (the consumer side) -------------------------------------------------------------------------


class JobHooks(ImportHooks):
    """Progress, lock and finish of one run; every write is conditional on the run's token."""

    def __init__(self, job: Job, token: str):
        self.job_pk = job.pk
        self.token = token
        self.estimate: int | None = None
        self.finished = False
        self._last = 0.0

    def _running(self):
        return Job.objects.filter(pk=self.job_pk, token=self.token, status=Status.RUNNING)

    def _update(self, **fields) -> None:
        if not self._running().update(heartbeat_at=timezone.now(), **fields):
            raise JobSuperseded()

    def rows_checked(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if done and now - self._last < settings.JOB_PROGRESS_SECONDS:
            return
        self._last = now
        total = total if total is not None else self.estimate
        if total is not None and done > total:  # the estimate of a CSV with line breaks inside cells
            total = done
        self._update(phase=Phase.CHECKING, rows_done=done, rows_total=total)

    def checked(self, total: int) -> None:
        self._update(phase=Phase.SAVING, rows_done=total, rows_total=total)

    def lock(self) -> None:
        # Held until the rows commit: the recovery sweep skips a locked job (it is alive and writing).
        if not list(self._running().select_for_update().values_list("pk", flat=True)):
            raise JobSuperseded()

    def finish(self, result: ImportResult) -> None:
        self.finished = True
        now = timezone.now()
        self._running().update(status=Status.DONE, phase=Phase.NONE, result=_result_json(result), finished_at=now,
                               heartbeat_at=now)


class _Heartbeat(threading.Thread):
    """Marks the job alive every JOB_HEARTBEAT_SECONDS on its own connection while the worker is busy."""

    def __init__(self, job_pk: int, token: str):
        super().__init__(name=f"job-{job_pk}-heartbeat", daemon=True)
        self.job_pk, self.token = job_pk, token
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_pk, token=self.token, status=Status.RUNNING).update(
                        heartbeat_at=timezone.now())
                except DatabaseError:  # SQLite busy while the import writes, or a lost connection: try again
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()


def _estimate_rows(data: bytes) -> int | None:
    """Data rows of a CSV (lines after the header) for the progress bar; XLSX rows are counted when read."""
    if data[:4] == b"PK\x03\x04":
        return None
    return max(0, data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1))


def _reset_connection() -> None:
    """After a database error outside any transaction, start the next query on a fresh connection."""
    if not connection.in_atomic_block:
        connection.close()


def _mark(job_pk: int, token: str, **fields) -> bool:
    now = timezone.now()
    for attempt in (1, 2):
        try:
            return bool(Job.objects.filter(pk=job_pk, token=token, status=Status.RUNNING).update(
                finished_at=now, heartbeat_at=now, phase=Phase.NONE, **fields))
        except DatabaseError:
            if attempt == 2:
                logger.exception("job %s: could not record its end; the recovery sweep will pick it up", job_pk)
                return False
            _reset_connection()
    return False


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("could not delete the job file %s", name)


def run_job(job_pk: int, token: str) -> bool:
    """Run one queued job if `token` is still its token; False when the message was stale."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_pk, token=token, status=Status.QUEUED).update(
        status=Status.RUNNING, phase=Phase.CHECKING, started_at=now, heartbeat_at=now, rows_done=0, failure="",
        finished_at=None, attempts=F("attempts") + 1)
    if not claimed:
        return False
    job = Job.objects.select_related("owner").get(pk=job_pk)
    hooks = JobHooks(job, token)
    heartbeat = None if settings.HUEY.get("immediate") else _Heartbeat(job_pk, token)
    if heartbeat:
        heartbeat.start()
    reset = using_hooks(hooks)
    try:
        try:
            with job.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            _mark(job_pk, token, status=Status.FAILED, file="",
                  failure=_("Không còn tệp tải lên trên máy chủ; hãy nhập lại tệp."))
            return True
        hooks.estimate = _estimate_rows(data)
        result = KINDS[job.kind].run(job, data)
    except JobSuperseded:
        return True
    except ImportFailed as failure:
        if _mark(job_pk, token, status=Status.FAILED, errors=_error_rows(failure.errors),
                 error_count=len(failure.errors), file=""):
            _delete_file(job.file.name)
        return True
    except (PermissionDenied, Http404, ValidationError) as refused:
        message = "; ".join(refused.messages) if isinstance(refused, ValidationError) else str(refused)
        if _mark(job_pk, token, status=Status.FAILED, errors=[[0, "", message or _("Bạn không có quyền nhập.")]],
                 error_count=1, file=""):
            _delete_file(job.file.name)
        return True
    except Exception as error:
        logger.exception("job %s (%s) failed", job_pk, job.kind)
        _reset_connection()
        _mark(job_pk, token, status=Status.FAILED, failure=_(
            "Lỗi kỹ thuật khi chạy (%(error)s); chưa có dòng nào được ghi. Có thể chạy lại.") % {
            "error": type(error).__name__})
        return True
    finally:
        reset_hooks(reset)
        if heartbeat:
            heartbeat.stop()
    if not hooks.finished:  # an importer that had nothing to write never reached core.imports.apply
        _mark(job_pk, token, status=Status.DONE, result=_result_json(result))
    if Job.objects.filter(pk=job_pk, token=token, status=Status.DONE).update(file=""):
        _delete_file(job.file.name)
    return True


# --- recovery and housekeeping (the consumer's periodic jobs) ----------------------------------------------


def recover_stalled(now=None) -> dict[str, int]:
    """Queue again the jobs whose worker died (no heartbeat for JOB_STALL_SECONDS, row not locked by a live
    writer); fail them visibly after JOB_MAX_ATTEMPTS runs; send again the messages of jobs waiting that long."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.JOB_STALL_SECONDS)
    counts = {"requeued": 0, "failed": 0, "resent": 0}
    send: list[tuple[int, str]] = []
    with transaction.atomic():
        stale = list(Job.objects.select_for_update(skip_locked=True)
                     .filter(status=Status.RUNNING, heartbeat_at__lt=cutoff))
        for job in stale:
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                job.status, job.phase, job.finished_at = Status.FAILED, Phase.NONE, now
                job.failure = _("Công việc bị gián đoạn %(n)s lần (máy chủ dừng giữa chừng); chưa có dòng nào được "
                                "ghi. Có thể chạy lại.") % {"n": format_number(job.attempts)}
                job.save(update_fields=["status", "phase", "finished_at", "failure", "updated_at"])
                audit(actor=None, action="jobs.job.interrupted", target=job, note=job.file_name)
                counts["failed"] += 1
            else:
                job.status, job.phase, job.token, job.enqueued_at = Status.QUEUED, Phase.NONE, _new_token(), now
                job.rows_done = 0
                job.save(update_fields=["status", "phase", "token", "enqueued_at", "rows_done", "updated_at"])
                audit(actor=None, action="jobs.job.requeued", target=job, note=job.file_name)
                send.append((job.pk, job.token))
                counts["requeued"] += 1
        waiting = list(Job.objects.select_for_update(skip_locked=True)
                       .filter(status=Status.QUEUED, enqueued_at__lt=cutoff))
        for job in waiting:  # the same token: whichever message comes first runs it, the other is a no-op
            Job.objects.filter(pk=job.pk).update(enqueued_at=now)
            send.append((job.pk, job.token))
            counts["resent"] += 1
    for job_pk, token in send:
        _enqueue(job_pk, token)
    return counts


def clean_files(now=None) -> int:
    """Delete files of jobs finished or failed for good, and files no job refers to (a crash between saving
    the upload and creating its row), older than a day."""
    now = now or timezone.now()
    removed = 0
    day_ago = now - datetime.timedelta(days=1)
    for job in Job.objects.filter(status=Status.FAILED, finished_at__lt=now - datetime.timedelta(
            days=settings.JOB_KEEP_FILES_DAYS)).exclude(file=""):
        _delete_file(job.file.name)
        Job.objects.filter(pk=job.pk).update(file="")
        removed += 1
    try:
        _dirs, files = default_storage.listdir("jobs")
    except OSError:
        return removed
    known = set(Job.objects.exclude(file="").values_list("file", flat=True))
    for name in files:
        path = f"jobs/{name}"
        if path in known:
            continue
        try:
            modified = default_storage.get_modified_time(path)
        except OSError:
            continue
        if modified < day_ago:
            _delete_file(path)
            removed += 1
    return removed
