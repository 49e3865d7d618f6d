"""The audit trail: services call `audit(...)` inside their transaction, next to the change.

Sensitive fields (a denouncer's identity, contact details) are never written into the trail:
models list them in `AUDIT_REDACTED_FIELDS` and `snapshot` replaces their values with a marker,
so no rendering of the trail can leak them.
"""

from __future__ import annotations

import datetime
import decimal
import re
import uuid
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEvent

REDACTED = "[được bảo vệ]"
_ACTION_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, FieldFile):  # an empty FieldFile raises on .url, so test the type
        return value.name or ""
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance`, JSON-ready, sensitive fields redacted."""
    redacted = set(getattr(instance, "AUDIT_REDACTED_FIELDS", ()))
    skipped = set(getattr(instance, "AUDIT_SKIPPED_FIELDS", ())) | {"search_text", "version", "updated_at"}
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        name = field.name
        if fields is not None and name not in fields:
            continue
        if name in skipped:
            continue
        raw = getattr(instance, field.attname)
        data[name] = REDACTED if name in redacted and raw not in (None, "") else _jsonable(raw)
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _event(*, actor, action: str, target: models.Model, unit=None, on_behalf: bool = False,
           changes: dict | None = None, note: str = "") -> AuditEvent:
    """One unsaved audit event, checked: the single place that builds trail rows (audit and audit_bulk)."""
    if not _ACTION_RE.match(action):
        raise ValueError(f"audit action must be dotted lower-case, got {action!r}")
    if unit is None:
        unit = getattr(target, "scope_unit", None)
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        unit=unit,
        on_behalf=on_behalf,
        changes=_jsonable(changes or {}),
        note=note,
    )


def audit(
    *,
    actor,
    action: str,
    target: models.Model,
    unit=None,
    on_behalf: bool = False,
    changes: dict | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit event. `action` is dotted lower-case, e.g. "registry.model.recognised"."""
    event = _event(actor=actor, action=action, target=target, unit=unit, on_behalf=on_behalf, changes=changes,
                   note=note)
    event.save()
    return event


def audit_bulk(entries: list[dict[str, Any]]) -> list[AuditEvent]:
    """Write many audit events in a few INSERTs (importers). Each entry takes `audit()`'s keyword arguments;
    `created=True` in an entry records the target's whole snapshot as new, like `audit_create`."""
    events = []
    for entry in entries:
        entry = dict(entry)
        if entry.pop("created", False):
            entry["changes"] = {k: [None, v] for k, v in snapshot(entry["target"]).items()}
        events.append(_event(**entry))
    from .freshness import records_changed

    records_changed()  # bulk writers send no model signals; their audit rows say records changed
    return AuditEvent.objects.bulk_create(events, batch_size=500)


def audit_create(*, actor, action: str, target: models.Model, **kwargs) -> AuditEvent:
    after = snapshot(target)
    return audit(actor=actor, action=action, target=target, changes={k: [None, v] for k, v in after.items()},
                 **kwargs)


def history_for(target: models.Model, viewer=None):
    """The audit events of one record, newest first. With `viewer`, only the events the gatekeeper lets that
    reader see (`permissions.audit_visibility_q`): for records shared across units, such as national documents."""
    events = AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    if viewer is not None:
        from danvan.accounts.permissions import audit_visibility_q

        condition = audit_visibility_q(viewer, getattr(target, "scope_unit", None))
        if condition is not None:
            events = events.filter(condition)
    events = events.select_related("actor", "unit")
    # The record and the related records it has loaded name themselves in the history without a query
    # (core.history.describe_all).
    return knowing(events, target)


def knowing(events: models.QuerySet, *records: models.Model) -> models.QuerySet:
    """`events` that carry `records` (loaded already, with the related records they hold) through slicing and
    filtering: their history names them without a query (core.history.describe_all)."""
    # The same queryset under the subclass (Django's own constructor arguments; the stubs do not declare them).
    return _History(model=events.model, query=events.query, using=events._db,  # type: ignore[attr-defined]
                    hints=events._hints).knowing(*records)  # type: ignore[attr-defined]


class _History(models.QuerySet):
    """Audit events that keep `known_records` through slicing and filtering (for core.history)."""

    known_records: tuple = ()

    def knowing(self, *records) -> _History:
        self.known_records = records
        return self

    def _clone(self):
        clone = super()._clone()  # type: ignore[misc]  # Django's private copy hook, absent from the stubs
        clone.known_records = self.known_records
        return clone
