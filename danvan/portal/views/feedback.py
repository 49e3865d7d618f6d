"""Reader feedback: the form (anonymous), and the moderators' queue (signed in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.permissions import can_moderate_feedback, moderated_sections_q

from .. import services
from ..forms import FeedbackForm
from ..models import ArticlePage, Feedback
from ..readers import client_fingerprint


@login_not_required
def feedback_form(request, page_id: int):
    page = get_object_or_404(ArticlePage.objects.live().public(), pk=page_id)
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submit_feedback(page, name=data["name"], email=data["email"], text=data["text"],
                                         client_hash=client_fingerprint(request), token=data["token"],
                                         honeypot=data["website"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("portal:feedback_sent", page_id=page.pk)
        form.data = form.data.copy()
        form.data["token"] = services.form_token()
    else:
        form = FeedbackForm(initial={"token": services.form_token()})
    return render(request, "portal/feedback_form.html", {"page": page, "form": form})


@login_not_required
def feedback_sent(request, page_id: int):
    page = get_object_or_404(ArticlePage.objects.live().public(), pk=page_id)
    return render(request, "portal/feedback_sent.html", {"page": page})


def _queue(user):
    condition = moderated_sections_q(user)
    qs = Feedback.objects.select_related("page")
    return qs if condition is None else qs.filter(condition)


@login_required
def moderation_queue(request):
    if not can_moderate_feedback(request.user):
        raise PermissionDenied(_("Bạn không có quyền duyệt ý kiến bạn đọc."))
    status = request.GET.get("trang-thai", Feedback.Status.PENDING)
    if status not in Feedback.Status.values:
        status = Feedback.Status.PENDING
    queue = _queue(request.user)
    counts = dict(queue.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    tabs = [{"value": value, "label": label, "count": counts.get(value, 0), "active": value == status}
            for value, label in Feedback.Status.choices]
    rows = Paginator(queue.filter(status=status).order_by("created_at", "id"), 30).get_page(request.GET.get("trang"))
    return render(request, "portal/moderation.html", {"tabs": tabs, "page_obj": rows, "status": status})


@login_required
@require_POST
def moderate(request, pk: int):
    feedback = get_object_or_404(_queue(request.user), pk=pk)
    action = request.POST.get("action", "")
    try:
        services.moderate(feedback, action, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, {
            services.APPROVE: _("Đã đăng ý kiến."), services.REJECT: _("Đã không đăng ý kiến."),
            services.BLOCK: _("Đã không đăng và chặn người gửi."),
        }[action])
    status = request.POST.get("trang-thai", "")
    target = reverse("portal:moderation")
    return redirect(f"{target}?trang-thai={status}" if status in Feedback.Status.values else target)
