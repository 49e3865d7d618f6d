"""The denouncer-identity right on a case: requested for a user, confirmed or refused by a second approver,
revoked (the rule is the gatekeeper's: `permissions.can_grant_identity` / `can_decide_identity_request`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import object_or_404_scoped
from danvan.core.actions import show_errors
from danvan.core.paging import paginate

from .. import selectors, services
from ..forms import GrantForm, IdentityDecisionForm
from ..models import Case, IdentityGrant, IdentityGrantRequest


@require_POST
def identity_grant(request, pk):
    """Request the identity right for another user; it takes effect when a second approver confirms."""
    case = object_or_404_scoped(Case.objects.select_related("unit"), request.user, pk=pk)
    form = GrantForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(case)
    user = get_user_model().objects.filter(username=form.cleaned_data["username"].strip(), is_active=True).first()
    if user is None:
        messages.error(request, _("Không có người dùng với tên đăng nhập này."))
        return redirect(case)
    try:
        services.identity_request(actor=request.user, case=case, user=user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Đã gửi đề nghị cấp quyền xem danh tính. Quyền chỉ có hiệu lực khi một lãnh "
                                    "đạo khác của đơn vị hoặc cấp trên xác nhận."))
    return redirect(case)


def identity_requests(request):
    """Requests waiting for the signed-in approver's confirmation (never their own, never for themselves)."""
    pending = selectors.identity_requests_to_decide(request.user)
    return render(request, "petitions/identity_requests.html", {
        "page": paginate(request, pending, 50), "decision_form": IdentityDecisionForm()})


@require_POST
def identity_request_decide(request, pk, decision):
    """Confirm (`xac-nhan`) or refuse (`tu-choi`) a request; its requester may withdraw it (`tu-choi`)."""
    found = object_or_404_scoped(IdentityGrantRequest.objects.select_related("case__unit", "user"), request.user,
                                 pk=pk)
    form = IdentityDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if decision == "xac-nhan":
            services.identity_confirm(actor=request.user, request=found, note=note)
            messages.success(request, _("Đã xác nhận: %(user)s được xem danh tính người tố cáo của vụ việc.") % {
                "user": found.user.get_username()})
        elif decision == "tu-choi":
            decided = services.identity_refuse(actor=request.user, request=found, note=note)
            messages.success(request, _("Đề nghị đã được ghi: %(status)s.") % {
                "status": decided.get_status_display()})
        else:
            raise Http404
    except ValidationError as error:
        show_errors(request, error)
    target = request.POST.get("next", "")
    if target == "list":
        return redirect("petitions:identity_requests")
    return redirect(found.case)


@require_POST
def identity_revoke(request, pk):
    grant = object_or_404_scoped(IdentityGrant.objects.select_related("case__unit", "user"), request.user, pk=pk)
    services.identity_revoke(actor=request.user, grant=grant)
    messages.success(request, _("Đã thu hồi quyền xem danh tính."))
    return redirect(grant.case)
