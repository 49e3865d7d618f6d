"""The right to see a denouncer's identity, given by two people (issue 13).

An approver of the case's unit or above *requests* the right for another user who may read the case; it
takes effect only when a second approver of the case's unit or a level above — neither the requester nor the
grantee — *confirms* it. Either a second approver refuses it, or the requester withdraws it. Every step is
audited on the case; no step shows or records the identity itself. Revoking a right needs one approver
(taking a right away never needs a second person). Rules: `accounts.separation` via the gatekeeper.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import (
    can,
    ensure_can_decide_identity_request,
    ensure_can_request_identity,
)
from danvan.core.audit import audit
from danvan.core.text import nfc

from ..models import Case, IdentityGrant, IdentityGrantRequest

Status = IdentityGrantRequest.Status


def _grantee_may_read(user, case: Case) -> None:
    if not user.is_active or not can(user, "view", case):
        raise ValidationError({"user": _("Người được cấp quyền phải thuộc đơn vị được xem vụ việc này.")})


@transaction.atomic
def identity_request(*, actor, case: Case, user, reason: str) -> IdentityGrantRequest:
    """Ask that `user` may see the petitioners of `case`. Gives no right until a second approver confirms.
    A second identical request returns the pending one."""
    ensure_can_request_identity(actor, case, user)
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do cần xem danh tính người tố cáo.")})
    if not case.is_denunciation:
        raise ValidationError(_("Chỉ đơn tố cáo mới cần cấp quyền xem danh tính người gửi."))
    _grantee_may_read(user, case)
    if IdentityGrant.objects.filter(case=case, user=user).exists():
        raise ValidationError({"user": _("%(user)s đã có quyền xem danh tính người tố cáo của vụ việc này.") % {
            "user": user.get_username()}})
    pending = IdentityGrantRequest.objects.filter(case=case, user=user, status=Status.PENDING).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():  # a parallel identical request: the unique pending row decides
            request = IdentityGrantRequest.objects.create(case=case, user=user, requested_by=actor, reason=reason)
    except IntegrityError:
        return IdentityGrantRequest.objects.get(case=case, user=user, status=Status.PENDING)
    audit(actor=actor, action="petitions.identity.requested", target=case,
          note=_("Đề nghị cấp quyền xem danh tính cho %(user)s (chờ lãnh đạo thứ hai xác nhận). Lý do: %(reason)s")
          % {"user": user.get_username(), "reason": reason})
    return request


def _pending(request: IdentityGrantRequest) -> IdentityGrantRequest:
    locked = IdentityGrantRequest.objects.select_for_update().select_related("case__unit", "user").get(pk=request.pk)
    if locked.status != Status.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý (%(status)s).") % {"status": locked.get_status_display()},
                              code="decided")
    return locked


@transaction.atomic
def identity_confirm(*, actor, request: IdentityGrantRequest, note: str = "") -> IdentityGrant:
    """The second approver confirms: only now may the grantee see the petitioners."""
    request = _pending(request)
    ensure_can_decide_identity_request(actor, request)
    case, user = request.case, request.user
    _grantee_may_read(user, case)
    grant, _created = IdentityGrant.objects.get_or_create(
        case=case, user=user,
        defaults={"granted_by_id": request.requested_by_id, "confirmed_by": actor, "reason": request.reason})
    request.status, request.decided_by, request.decided_at = Status.CONFIRMED, actor, timezone.now()
    request.decision_note = nfc(note or "").strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    requester = request.requested_by.get_username() if request.requested_by else "—"
    audit(actor=actor, action="petitions.identity.granted", target=case,
          note=_("Xác nhận đề nghị của %(requester)s: cấp quyền xem danh tính cho %(user)s") % {
              "requester": requester, "user": user.get_username()})
    return grant


@transaction.atomic
def identity_refuse(*, actor, request: IdentityGrantRequest, note: str = "") -> IdentityGrantRequest:
    """A second approver refuses the request, or its requester withdraws it. No right is given."""
    request = _pending(request)
    if request.requested_by_id is not None and request.requested_by_id == getattr(actor, "pk", None):
        request.status, action = Status.WITHDRAWN, "petitions.identity.request_withdrawn"
    else:
        ensure_can_decide_identity_request(actor, request)
        request.status, action = Status.REFUSED, "petitions.identity.request_refused"
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_note = nfc(note or "").strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
    audit(actor=actor, action=action, target=request.case,
          note=_("Đề nghị cấp quyền xem danh tính cho %(user)s: %(status)s") % {
              "user": request.user.get_username(), "status": request.get_status_display()})
    return request

