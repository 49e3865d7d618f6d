"""Explicit workflow transitions, declared once per model as `TRANSITIONS = {from: {to, ...}}`."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .audit import audit

M = TypeVar("M", bound=models.Model)


def available_transitions(obj: Any) -> list[str]:
    """The statuses `obj` may move to next, in the order its model declares them: what the UI offers as
    buttons and the API as actions (one list per workflow, from `TRANSITIONS`)."""
    allowed = obj.TRANSITIONS.get(obj.status, set())
    order = [value for value, _label in obj._meta.get_field("status").choices]
    return sorted(allowed, key=lambda value: order.index(value) if value in order else len(order))


def check_transition(obj: Any, to: str) -> None:
    allowed = obj.TRANSITIONS.get(obj.status, set())
    if to not in allowed:
        labels = dict(obj._meta.get_field("status").choices)
        raise ValidationError(
            _("Không thể chuyển từ trạng thái “%(from)s” sang “%(to)s”.")
            % {"from": labels.get(obj.status, obj.status), "to": labels.get(to, to)},
            code="invalid_transition",
        )


def transition(
    obj: M,
    *,
    to: str,
    actor,
    action: str,
    note: str = "",
    extra_fields: dict | None = None,
    on_behalf: bool = False,
) -> M:
    """Move `obj` to status `to` (checked against obj.TRANSITIONS), save, and audit the step."""
    check_transition(obj, to)
    record: Any = obj
    before = record.status
    changes = {"status": [before, to]}
    record.status = to
    update_fields = ["status"]
    for name, value in (extra_fields or {}).items():
        old = getattr(obj, name)
        setattr(obj, name, value)
        update_fields.append(name)
        if old != value:
            changes[name] = [old, value]
    if hasattr(obj, "updated_at"):
        update_fields.append("updated_at")
    if hasattr(obj, "version"):
        record.version += 1
        update_fields.append("version")
    obj.save(update_fields=update_fields)
    audit(actor=actor, action=action, target=obj, changes=changes, note=note, on_behalf=on_behalf)
    return obj
