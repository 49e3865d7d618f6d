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
