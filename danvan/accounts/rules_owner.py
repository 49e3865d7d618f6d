"""Owner-only gatekeeper rules: personal API tokens and background jobs.

Part of the one gatekeeper: re-exported by `danvan.accounts.permissions`; import them from there.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .permissions import (
    _active,
    _superuser,
)

# --- API tokens (issue 11) ---------------------------------------------------------------------------
# A token carries exactly its owner's rights, so only the owner creates, lists and revokes their tokens;
# superusers may revoke anyone's (a leaked token). `actor=None` is the system (the create_api_token
# command run by the operator).
MANAGE_TOKEN = "manage_token"


def can_manage_token(actor, owner) -> bool:
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return actor.is_superuser or actor.pk == owner.pk


def ensure_can_manage_token(actor, owner) -> None:
    if not can_manage_token(actor, owner):
        raise PermissionDenied(_("Bạn chỉ quản lý được mã truy cập API của chính mình."))


# --- background jobs (issue 13) ----------------------------------------------------------------------------
# A job holds its owner's file, its rows' problems (cell values included) and runs with the owner's rights, so
# only the owner sees it, downloads its problems and runs it again; superusers see every job (support).


def can_view_job(user, job) -> bool:
    if not _active(user):
        return False
    return _superuser(user) or job.owner_id == user.pk


def can_retry_job(user, job) -> bool:
    return _active(user) and job.owner_id == user.pk


def ensure_can_retry_job(user, job) -> None:
    if not can_retry_job(user, job):
        raise PermissionDenied(_("Chỉ người tạo công việc được chạy lại công việc này."))


def jobs_visible(qs: QuerySet, user) -> QuerySet:
    """Jobs a user may open: their own (superusers: every job)."""
    if not _active(user):
        return qs.none()
    return qs if _superuser(user) else qs.filter(owner_id=user.pk)
