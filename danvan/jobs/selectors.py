"""Reads of danvan.jobs: a person's jobs (through the gatekeeper) and a job's problems as table rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from danvan.accounts.permissions import jobs_visible

from .models import Job


def visible_jobs(user) -> QuerySet[Job]:
    return jobs_visible(Job.objects.all(), user)


def job_or_404(user, job_id: str) -> Job:
    """A job the user may open, by its public id; anything else looks like it does not exist."""
    try:
        public_id = uuid.UUID(hex=str(job_id))
    except ValueError:
        raise Http404(_("Không tìm thấy công việc.")) from None
    job = visible_jobs(user).select_related("owner").filter(public_id=public_id).first()
    if job is None:
        raise Http404(_("Không tìm thấy công việc."))
    return job


def recent_jobs(user, limit: int = 50) -> QuerySet[Job]:
    return visible_jobs(user).filter(owner_id=user.pk)[:limit]


def error_rows(job: Job) -> Iterator[list]:
    """[line, column, message] of every stored problem, as the error download lists them."""
    for line, column, message in job.errors:
        yield [line or "", column, message]
