"""Helpers for showing service-layer errors on HTML forms."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import Form


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form, per field where the field exists."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


__all__ = ["add_service_errors", "NON_FIELD_ERRORS"]


KEPT_FORM = _KEPT = "_danvan_kept_form"  # KEPT_FORM: core.page_cache looks it up
_NOT_KEPT = {"csrfmiddlewaretoken", "confirm_message", "confirmed", "confirm_when", "confirm_label", "version"}


def keep_typed(request, action: str) -> None:
    """Remember what was typed in a refused action form across the redirect back to the record's page."""
    request.session[_KEPT] = {"action": action, "path": request.path,
                              "data": {k: v for k, v in request.POST.items() if k not in _NOT_KEPT}}


def take_typed(request) -> tuple[str, dict]:
    """(action, typed values) kept by `keep_typed` for this page view, once; ("", {}) otherwise."""
    kept = request.session.pop(_KEPT, None)
    if not kept:
        return "", {}
    return kept.get("action", ""), kept.get("data", {})

