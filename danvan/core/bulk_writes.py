"""The one write of validated import rows for versioned records: new records in bulk, changed ones saved with
their version bumped, unchanged ones left alone; one `audit_bulk`, one fact sync. Each app's bulk service
checks its rules and names its audit actions; this does the writing they share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from danvan.core.audit import audit_bulk, diff, snapshot
from danvan.core.imports import ImportResult
from danvan.reports.facts import replace_facts_bulk


def import_versioned_bulk(*, actor, rows: Iterable[tuple[Any, Any, bool]], model: type[Model], action: str,
                          fact_source: str, facts_for: Callable[[Any], list],
                          also_changed: Callable[[Any, Any], bool] | None = None) -> ImportResult:
    """Write `(record, current or None, on_behalf)` rows. `action` is the audit prefix ("prestige.person": its
    ".imported" and ".updated" events); `also_changed(record, current)` tells a change the audit trail does not
    show (a redacted field)."""
    rows = list(rows)
    result = ImportResult()
    new = [obj for obj, current, _ob in rows if current is None]
    model._default_manager.bulk_create(new, batch_size=500)
    entries: list[dict[str, Any]] = [
        {"actor": actor, "action": f"{action}.imported", "target": obj, "created": True,
         "on_behalf": on_behalf, "note": _("Nhập từ tệp")}
        for obj, current, on_behalf in rows if current is None]
    facts = {obj.pk: facts_for(obj) for obj in new}
    result.created = len(new)
    for obj, current, on_behalf in rows:
        if current is None:
            continue
        changes = diff(snapshot(current), snapshot(obj))
        changes.pop("created_at", None)
        if not changes and not (also_changed is not None and also_changed(obj, current)):
            result.unchanged += 1
            continue
        obj.version = current.version + 1
        obj.save()
        entries.append({"actor": actor, "action": f"{action}.updated", "target": obj, "changes": changes,
                        "on_behalf": on_behalf, "note": _("Nhập từ tệp")})
        facts[obj.pk] = facts_for(obj)
        result.updated += 1
    audit_bulk(entries)
    replace_facts_bulk(source=fact_source, facts_by_id=facts)
    return result
