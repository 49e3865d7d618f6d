"""Pages of the reminders app: the notifications list (mark read, open), the user's preferences, the rules.

No view sends e-mail: reminders are computed and e-mailed by the Huey jobs (tasks.py) only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core import clock
from danvan.core.forms import add_service_errors
from danvan.core.paging import paginate

from . import selectors, services, sources
from .forms import PreferenceForm
from .models import SentReminder


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def notification_list(request):
    unread_only = request.GET.get("chua_doc") == "1"
    kind = request.GET.get("loai", "")
    page = paginate(request, selectors.notifications_for(request.user, unread_only=unread_only, kind=kind))
    unread = selectors.unread_count_for_request(request)
    return render(request, "reminders/notification_list.html", {
        "page": page, "unread_only": unread_only, "kind": kind, "kinds": selectors.kind_choices(),
        "unread": unread, "unread_text": selectors.bell_text(unread), "today": clock.today(),
    })


def _own(request, pk: int) -> SentReminder:
    reminder = SentReminder.objects.filter(pk=pk, user=request.user).first()
    if reminder is None:
        raise Http404(_("Không tìm thấy thông báo."))
    return reminder


@require_POST
def mark_read(request, pk):
    reminder = _own(request, pk)
    services.mark_read(user=request.user, reminder_ids=[reminder.pk])
    return redirect(_safe_next(request, reverse("reminders:list")))


@require_POST
def open_item(request, pk):
    """Mark the reminder read and go to its item (its page decides, as always, what the user may see)."""
    reminder = _own(request, pk)
    services.mark_read(user=request.user, reminder_ids=[reminder.pk])
    target = reminder.url if url_has_allowed_host_and_scheme(reminder.url, allowed_hosts=None) else ""
    return redirect(target or reverse("reminders:list"))


@require_POST
def mark_all_read(request):
    count = services.mark_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
    return redirect(_safe_next(request, reverse("reminders:list")))


def preferences(request):
    preference = selectors.preference_of(request.user)
    choices = selectors.kind_choices()
    initial = {"delivery": preference.delivery, "muted_kinds": list(preference.muted_kinds or [])}
    form = PreferenceForm(request.POST or None, initial=initial, kind_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_save(actor=request.user, user=request.user,
                                     delivery=form.cleaned_data["delivery"],
                                     muted_kinds=form.cleaned_data["muted_kinds"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu cách nhận nhắc việc."))
            return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {
        "form": form, "has_email": bool(request.user.email), "preference": preference})


def rule_list(request):
    rules = list(selectors.rules())
    for rule in rules:
        rule.kind_label = sources.label_of(rule.kind)
        rule.registered = sources.get(rule.kind) is not None
    return render(request, "reminders/rule_list.html", {"rules": rules})
