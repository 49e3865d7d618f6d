"""Writes of the portal: reader feedback (with its defences) and its moderation."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can_moderate_feedback
from danvan.core import ratelimit
from danvan.core.audit import audit

from . import cache as page_cache
from .models import ArticlePage, BlockedSender, Feedback

LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)
FORM_SALT = "portal.feedback.form"


def form_token() -> str:
    """A signed "form shown at" time: a post arriving sooner than PORTAL_FEEDBACK_MIN_SECONDS is a robot."""
    return signing.dumps(time.time(), salt=FORM_SALT)


def _shown_at(token: str) -> float | None:
    try:
        return float(signing.loads(token, salt=FORM_SALT, max_age=24 * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return None


@transaction.atomic
def submit_feedback(page: ArticlePage, *, name: str, email: str, text: str, client_hash: str, token: str,
                    honeypot: str = "") -> Feedback:
    """Store a reader's feedback, held for moderation. Raises ValidationError with a Vietnamese message."""
    if honeypot:
        raise ValidationError(_("Không gửi được phản hồi."))
    shown = _shown_at(token)
    if shown is None:
        raise ValidationError(_("Biểu mẫu đã hết hạn, xin tải lại trang và gửi lại."))
    if time.time() - shown < settings.PORTAL_FEEDBACK_MIN_SECONDS:
        raise ValidationError(_("Bạn gửi quá nhanh, xin đợi vài giây rồi gửi lại."))
    if len(LINK.findall(text)) > settings.PORTAL_FEEDBACK_MAX_LINKS:
        raise ValidationError(_("Phản hồi có quá nhiều đường dẫn (tối đa %(n)d).")
                              % {"n": settings.PORTAL_FEEDBACK_MAX_LINKS})
    email = email.strip().lower()
    if BlockedSender.objects.filter(email=email).exists() or BlockedSender.objects.filter(
            client_hash=client_hash).exclude(client_hash="").exists():
        raise ValidationError(_("Không gửi được phản hồi."))
    if not ratelimit.hit(f"portal-feedback:{client_hash}", settings.PORTAL_FEEDBACK_RATE, 3600):
        raise ValidationError(_("Bạn đã gửi nhiều phản hồi trong một giờ, xin gửi lại sau."))
    return Feedback.objects.create(page=page, name=name.strip(), email=email, text=text.strip(),
                                   client_hash=client_hash)


APPROVE, REJECT, BLOCK = "approve", "reject", "block"


@transaction.atomic
def moderate(feedback: Feedback, action: str, user) -> Feedback:
    """Approve, reject, or reject and block the sender (by e-mail and client)."""
    section = feedback.page.get_parent().specific
    if not can_moderate_feedback(user, getattr(section, "unit", None)):
        raise PermissionDenied(_("Bạn không có quyền duyệt ý kiến bạn đọc của chuyên mục này."))
    before = feedback.status
    was_approved = before == Feedback.Status.APPROVED
    if action == APPROVE:
        feedback.status = Feedback.Status.APPROVED
    elif action in (REJECT, BLOCK):
        feedback.status = Feedback.Status.REJECTED
    else:
        raise ValidationError(_("Thao tác không hợp lệ."))
    feedback.moderated_at = timezone.now()
    feedback.moderated_by = user
    feedback.save(update_fields=["status", "moderated_at", "moderated_by"])
    if action == BLOCK:
        BlockedSender.objects.get_or_create(email=feedback.email, client_hash=feedback.client_hash,
                                            defaults={"created_by": user})
    if was_approved or feedback.status == Feedback.Status.APPROVED:
        page_cache.forget(feedback.page_id)
    audit(actor=user, action=f"portal.feedback.{action}", target=feedback, unit=getattr(section, "unit", None),
          changes={"status": [before, feedback.status]})
    return feedback
