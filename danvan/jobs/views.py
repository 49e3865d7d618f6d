"""Job pages: the list of one's jobs, a job's page with its progress bar (htmx polling), its retry and the
download of its problems."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danvan.accounts.permissions import can_retry_job
from danvan.core.exports import csv_response, xlsx_response

from . import selectors, services
from .kinds import label

ERROR_HEADER = ["Dòng", "Cột", "Lỗi"]


def _context(request, job) -> dict:
    return {"job": job, "kind_label": label(job.kind), "errors_shown": job.errors[:_shown()],
            "can_retry": job.retryable and can_retry_job(request.user, job)}


def _shown() -> int:
    from django.conf import settings

    return settings.IMPORT_ERRORS_SHOWN


@require_GET
def job_list(request):
    return render(request, "jobs/list.html", {"jobs": [(job, label(job.kind)) for job in
                                                       selectors.recent_jobs(request.user)]})


@require_GET
def job_detail(request, job_id: str):
    job = selectors.job_or_404(request.user, job_id)
    return render(request, "jobs/detail.html", _context(request, job))


@require_GET
def job_progress(request, job_id: str):
    """The part of the job page that changes, fetched every two seconds by htmx while the job runs."""
    job = selectors.job_or_404(request.user, job_id)
    return render(request, "jobs/_progress.html", _context(request, job))


@require_POST
def job_retry(request, job_id: str):
    job = selectors.job_or_404(request.user, job_id)
    try:
        services.retry(actor=request.user, job=job)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Đã xếp công việc vào hàng đợi để chạy lại."))
    return redirect(job)


@require_GET
def job_errors(request, job_id: str, fmt: str):
    """Every stored problem of the job (the page lists the first ones), formula-safe like every export."""
    from django.http import Http404

    job = selectors.job_or_404(request.user, job_id)
    if fmt not in ("csv", "xlsx") or not job.errors:
        raise Http404(_("Không tìm thấy công việc."))
    name = f"loi-nhap-{job.public_id.hex[:8]}.{fmt}"
    if fmt == "csv":
        return csv_response(name, ERROR_HEADER, selectors.error_rows(job))
    return xlsx_response(name, [(_("Lỗi"), ERROR_HEADER, selectors.error_rows(job))])
