"""The write of validated import rows (importers.import_items)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts import permissions
from danvan.accounts.permissions import WRITE
from danvan.core.audit import audit_bulk, diff, snapshot
from danvan.core.concurrency import save_versioned
from danvan.core.imports import ImportResult

from ..models import Programme, ProgrammeItem
from .items import _next_number
from .programmes import (
    ITEM_FIELDS,
)

# --- import -----------------------------------------------------------------------------------------------

@transaction.atomic
def items_import_bulk(*, actor, rows: list[dict]) -> ImportResult:
    """Write validated import rows: each {"programme": Programme (maybe unsaved), "item": ProgrammeItem,
    "current": ProgrammeItem | None, "cooperating": [OrgUnit] | None, "on_behalf": bool}. New programmes are
    created as drafts; new items in bulk; changed items saved with their version bumped; one audit_bulk."""
    result = ImportResult()
    entries: list[dict[str, Any]] = []
    note = _("Nhập từ tệp")
    saved: dict[tuple[int, int], Programme] = {}
    for row in rows:
        programme = row["programme"]
        key = (programme.unit_id, programme.year)
        if programme.pk is None:
            if key not in saved:
                permissions.ensure_can(actor, WRITE, programme.unit, on_behalf=True)
                programme.created_by = actor if getattr(actor, "pk", None) else None
                programme.save()
                saved[key] = programme
                entries.append({"actor": actor, "action": "programme.programme.created", "target": programme,
                                "created": True, "on_behalf": row["on_behalf"], "note": note})
            row["programme"] = saved[key]
            row["item"].programme = saved[key]
    new = [row for row in rows if row["current"] is None]
    numbers: dict[int, dict[str, int]] = {}
    for row in new:
        item = row["item"]
        if not item.number:
            per_kind = numbers.setdefault(item.programme.pk, {})
            if item.kind not in per_kind:
                per_kind[item.kind] = _next_number(item.programme, item.kind) - 1
            per_kind[item.kind] += 1
            item.number = per_kind[item.kind]
    ProgrammeItem.objects.bulk_create([row["item"] for row in new])
    for row in new:
        if row["cooperating"]:
            row["item"].cooperating_units.set(row["cooperating"])
        entries.append({"actor": actor, "action": "programme.item.imported", "target": row["item"], "created": True,
                        "on_behalf": row["on_behalf"], "note": note})
    result.created = len(new)
    for row in rows:
        current = row["current"]
        if current is None:
            continue
        item = row["item"]
        changes = diff(snapshot(current), snapshot(item))
        changes.pop("created_at", None)
        if row["cooperating"] is not None:
            old = list(current.cooperating_units.all())
            if {u.pk for u in old} != {u.pk for u in row["cooperating"]}:
                item.cooperating_units.set(row["cooperating"])
                changes["cooperating_units"] = [[u.name for u in old], [u.name for u in row["cooperating"]]]
        if not changes:
            result.unchanged += 1
            continue
        save_versioned(item, expected_version=None, update_fields=[*ITEM_FIELDS, "search_text"])
        entries.append({"actor": actor, "action": "programme.item.updated", "target": item, "changes": changes,
                        "on_behalf": row["on_behalf"], "note": note})
        result.updated += 1
    audit_bulk(entries)
    return result
