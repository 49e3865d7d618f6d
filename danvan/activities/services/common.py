from __future__ import annotations

from django.core.exceptions import ValidationError

from danvan.core.clock import today as today  # re-exported: callers import it from here


def merge_errors(errors: dict[str, list], error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    else:
        errors.setdefault("__all__", []).extend(error.messages)


def add(errors: dict[str, list], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)
