"""What every import page shares: large files go to a background job, problems are listed up to
IMPORT_ERRORS_SHOWN on the page with the full list as a download (CSV or XLSX)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render

from danvan.core.imports import RowError

from . import services
from .models import Job


@dataclass
class ErrorReport:
    """The problems of a refused import: the first ones as text, how many in all, and the job keeping them."""

    shown: list[str]
    count: int
    job: Job | None

    @property
    def truncated(self) -> bool:
        return self.count > len(self.shown)

    def __bool__(self) -> bool:
        return bool(self.count)

    def __iter__(self):
        return iter(self.shown)

    def __len__(self) -> int:
        return self.count


def error_report(request, kind: str, errors: list[RowError | str], file_name: str = "") -> ErrorReport:
    rows = [e if isinstance(e, RowError) else RowError(0, "", str(e)) for e in errors]
    job = services.record_failed_import(actor=request.user, kind=kind, errors=rows, file_name=file_name)
    return ErrorReport(shown=[str(e) if e.line else e.message for e in rows[: settings.IMPORT_ERRORS_SHOWN]],
                       count=len(rows), job=job)


def background_import(request, kind: str, upload, params: dict[str, Any] | None = None) -> HttpResponse | None:
    """A large upload becomes a job and the person is sent to its page; None: import it in the request."""
    if not services.in_background(upload):
        return None
    try:
        job = services.start_import(actor=request.user, kind=kind, upload=upload, params=params)
    except services.StorageFull as full:
        response = render(request, "jobs/storage_full.html", {"message": str(full), "back": request.get_full_path()},
                          status=503)
        response["Retry-After"] = "300"
        return response
    return redirect(job)
