"""Plumbing of the pages' POSTed steps on one record (approve, return, delete…): the service's refusal shown as
messages, the success message, the way back. The services decide; these only carry the answer to the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _


def show_errors(request, error: ValidationError) -> None:
    """Every message of a service's refusal, as page messages."""
    for text in error.messages:
        messages.error(request, text)


def run_action(request, obj, run: Callable[[Any], str], *, back: Any, gone: Any = None, form=None):
    """`run(obj)` performs the step and returns the success message; a ValidationError's messages are shown
    instead. With `form`, the POSTed form is checked first (its errors refuse the step; `run` reads
    `form.cleaned_data`). Redirects to `back` (a URL, a view name or a record), or to `gone` once the step
    deleted the record (`run` sets `obj.pk = None`)."""
    from django.shortcuts import redirect

    try:
        if form is not None and not form.is_valid():
            raise form_refusal(form)
        message = run(obj)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, message)
        if gone is not None and obj.pk is None:
            return redirect(gone)
    return redirect(back)


def form_refusal(form) -> ValidationError:
    """An invalid bound form as one ValidationError listing every field's messages (for `run_action`)."""
    return ValidationError([e for errors in form.errors.values() for e in errors])


def posted_on_behalf(request) -> bool:
    """The "enter on behalf of a unit below" check box of a POSTed step."""
    return request.POST.get("on_behalf") in ("1", "on", "true")


def unit_asked_or_home(request, param: str = "don_vi"):
    """The unit a statistics page is asked for (typed key or picked name, 404 outside the user's scope), or the
    user's own unit; 404 for an account without a unit."""
    from danvan.accounts.permissions import home_unit, object_or_404_scoped
    from danvan.core.picker import typed_key
    from danvan.orgunits.models import OrgUnit

    key = typed_key(request.GET.get(param), request.user)
    if key:
        return object_or_404_scoped(OrgUnit.objects.all(), request.user, key=key)
    unit = home_unit(request.user)
    if unit is None:
        raise Http404(_("Tài khoản của bạn chưa được gán đơn vị."))
    return unit


NOT_SAVED = object()  # what `save_form` returns when nothing was written


def save_form(request, form, write: Callable[[dict], Any], success: str | None = None) -> Any:
    """A form page's POST: with a valid form, `write(form.cleaned_data)` calls the service; its refusal lands on
    the form (field by field), its success is announced with `success`. Returns what `write` returned, or
    NOT_SAVED (a GET, an invalid form or a refusal: the page is shown again)."""
    from danvan.core.forms import add_service_errors

    if request.method != "POST" or not form.is_valid():
        return NOT_SAVED
    try:
        result = write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return NOT_SAVED
    if success:
        messages.success(request, success)
    return result
