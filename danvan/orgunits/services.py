"""Writes to the unit tree. Paths and current-boundary links are maintained only here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.audit import audit, diff, snapshot
from danvan.core.text import fold

from .models import OrgUnit, Sector, UnitSuccession

ROOT_KEY = "VN"


@dataclass
class UnitSpec:
    """What a loader or importer wants a unit to look like."""

    key: str
    name: str
    kind: str
    level: str
    parent_key: str | None
    short_name: str = ""
    type_name: str = ""
    code: str = ""
    code_scheme: str = ""
    sector_code: str | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


@dataclass
class SuccessionSpec:
    predecessor_key: str
    successor_key: str
    is_primary: bool = True
    note: str = ""


@dataclass
class UpsertStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    changed_keys: list[str] = field(default_factory=list)


_UNIT_FIELDS = ["name", "short_name", "type_name", "kind", "level", "code", "code_scheme", "valid_from", "valid_to"]


def _search_text(spec: UnitSpec) -> str:
    return fold(f"{spec.name} {spec.short_name} {spec.key}")[:400]


@transaction.atomic
def units_upsert(
    specs: list[UnitSpec],
    successions: list[SuccessionSpec] = (),
    *,
    actor=None,
    audit_changes: bool = False,
    replace_successors_of: set[str] | None = None,
) -> UpsertStats:
    """Create or update units by key, idempotently, then refresh paths and current-boundary links.

    Specs must list parents before children or refer to parents that already exist.
    `replace_successors_of` lists predecessor keys whose successor links are replaced by the
    given ones (links of other predecessors are left alone).
    """
    stats = UpsertStats()
    sectors = {s.code: s for s in Sector.objects.all()}
    existing = {u.key: u for u in OrgUnit.objects.all()}
    to_create: list[OrgUnit] = []
    to_update: list[OrgUnit] = []
    pending_parent: dict[str, str | None] = {}

    for spec in specs:
        unit = existing.get(spec.key)
        values = {name: getattr(spec, name) for name in _UNIT_FIELDS}
        values["sector"] = sectors.get(spec.sector_code) if spec.sector_code else None
        values["search_text"] = _search_text(spec)
        if unit is None:
            unit = OrgUnit(key=spec.key, path=f"~{spec.key}/", current_path="", depth=0, **values)
            to_create.append(unit)
            existing[spec.key] = unit
            stats.created += 1
            stats.changed_keys.append(spec.key)
        else:
            before = snapshot(unit)
            changed = False
            for name, value in values.items():
                current = unit.sector_id if name == "sector" else getattr(unit, name)
                wanted = value.pk if name == "sector" and value is not None else value
                if current != wanted:
                    setattr(unit, name, value)
                    changed = True
            if changed:
                to_update.append(unit)
                stats.updated += 1
                stats.changed_keys.append(spec.key)
                if audit_changes:
                    unit._audit_before = before
            else:
                stats.unchanged += 1
        pending_parent[spec.key] = spec.parent_key

    if to_create:
        _precompute_new(to_create, pending_parent, successions)
        # Insert level by level so each unit is created with its parent already in place.
        for depth in sorted({u.depth for u in to_create}):
            wave = [u for u in to_create if u.depth == depth]
            for unit in wave:
                parent_key = pending_parent.get(unit.key)
                if parent_key and parent_key in existing and existing[parent_key].pk:
                    unit.parent = existing[parent_key]
            OrgUnit.objects.bulk_create(wave, batch_size=2000)
            if wave[0].pk is None:  # backends that do not return ids
                ids = dict(OrgUnit.objects.filter(key__in=[u.key for u in wave]).values_list("key", "id"))
                for unit in wave:
                    unit.pk = ids[unit.key]
    if to_update:
        OrgUnit.objects.bulk_update(to_update, [*_UNIT_FIELDS, "sector", "search_text"], batch_size=2000)

    parent_changes = []
    for key, parent_key in pending_parent.items():
        unit = existing[key]
        parent = existing.get(parent_key) if parent_key else None
        if parent_key and parent is None:
            raise ValueError(_("Không có đơn vị cấp trên “%(key)s”.") % {"key": parent_key})
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            parent_changes.append(unit)
            if key not in stats.changed_keys:
                stats.changed_keys.append(key)
                stats.unchanged -= 1
                stats.updated += 1
    if parent_changes:
        OrgUnit.objects.bulk_update(parent_changes, ["parent"], batch_size=2000)

    _upsert_successions(successions, existing, stats, replace_successors_of or set())
    refresh_tree()

    if audit_changes:
        for key in stats.changed_keys:
            unit = OrgUnit.objects.get(key=key)
            before = getattr(existing[key], "_audit_before", {})
            after = snapshot(unit)
            audit(actor=actor, action="orgunits.unit.created" if not before else "orgunits.unit.updated",
                  target=unit, unit=unit, changes=diff(before, after))
    return stats


def _precompute_new(new_units: list[OrgUnit], pending_parent: dict, successions) -> None:
    """Give new units their final path and current-boundary fields so refresh_tree has little to do."""
    parents = dict(OrgUnit.objects.values_list("key", "parent__key"))
    ended = {k: v is not None for k, v in OrgUnit.objects.values_list("key", "valid_to")}
    primary = dict(UnitSuccession.objects.filter(is_primary=True).values_list("predecessor__key",
                                                                               "successor__key"))
    parents.update(pending_parent)
    for unit in new_units:
        ended[unit.key] = unit.valid_to is not None
    primary.update({s.predecessor_key: s.successor_key for s in successions if s.is_primary})
    if any(p is not None and p not in parents for p in parents.values()):
        return  # a missing parent is reported by the caller
    wanted = compute_tree(parents, ended, primary)
    for unit in new_units:
        unit.path, unit.depth, unit.current_key, unit.current_path = wanted[unit.key]


def _upsert_successions(successions, units, stats: UpsertStats, replace_for: set[str]) -> None:
    if replace_for:
        ids = [units[k].pk for k in replace_for if k in units]
        wanted = {(s.predecessor_key, s.successor_key) for s in successions}
        for link in UnitSuccession.objects.filter(predecessor_id__in=ids).select_related("predecessor", "successor"):
            if (link.predecessor.key, link.successor.key) not in wanted:
                link.delete()
    current = {
        (p, s): (pk, primary, note)
        for pk, p, s, primary, note in UnitSuccession.objects.values_list(
            "pk", "predecessor__key", "successor__key", "is_primary", "note"
        )
    }
    to_create, to_update = [], []
    # Demote primaries first so the one-primary constraint holds at every step.
    for spec in successions:
        found = current.get((spec.predecessor_key, spec.successor_key))
        if found is None:
            to_create.append(UnitSuccession(
                predecessor=units[spec.predecessor_key], successor=units[spec.successor_key],
                is_primary=spec.is_primary, note=spec.note,
            ))
        elif found[1] != spec.is_primary or found[2] != spec.note:
            to_update.append(UnitSuccession(pk=found[0], is_primary=spec.is_primary, note=spec.note))
    primaries_now = {s.predecessor_key for s in successions if s.is_primary}
    if primaries_now:
        pred_ids = [units[k].pk for k in primaries_now]
        keep = {(units[s.predecessor_key].pk, units[s.successor_key].pk) for s in successions if s.is_primary}
        for link in UnitSuccession.objects.filter(predecessor_id__in=pred_ids, is_primary=True):
            if (link.predecessor_id, link.successor_id) not in keep:
                link.is_primary = False
                link.save(update_fields=["is_primary"])
    demote = [u for u in to_update if not u.is_primary]
    promote = [u for u in to_update if u.is_primary]
    if demote:
        UnitSuccession.objects.bulk_update(demote, ["is_primary", "note"])
    if promote:
        UnitSuccession.objects.bulk_update(promote, ["is_primary", "note"])
    UnitSuccession.objects.bulk_create(to_create, batch_size=2000)
    stats.successions_created += len(to_create)
    stats.successions_updated += len(to_update)


def compute_tree(
    parents: dict[str, str | None], ended: dict[str, bool], primary: dict[str, str]
) -> dict[str, tuple[str, int, str, str]]:
    """{key: (path, depth, current_key, current_path)} from parent keys and primary successions.

    Paths are built from keys ("VN/VN-92/VN-92-31117/"), so they are readable and stable. The
    current unit follows primary successors from an ended unit until one that still exists.
    """
    paths: dict[str, tuple[str, int]] = {}

    def path_of(key: str, guard: int = 0) -> tuple[str, int]:
        if key in paths:
            return paths[key]
        if guard > 30:
            raise ValueError(_("Cây đơn vị có vòng lặp tại “%(key)s”.") % {"key": key})
        parent = parents[key]
        if parent is None:
            paths[key] = (f"{key}/", 0)
        else:
            parent_path, parent_depth = path_of(parent, guard + 1)
            paths[key] = (parent_path + f"{key}/", parent_depth + 1)
        return paths[key]

    result = {}
    for key in parents:
        path, depth = path_of(key)
        current, seen = key, set()
        while ended.get(current) and current in primary and current not in seen:
            seen.add(current)
            current = primary[current]
        result[key] = (path, depth, current, path_of(current)[0])
    return result


def refresh_tree() -> int:
    """Bring path, depth, current_key and current_path of every unit up to date; returns rows changed."""
    rows = list(OrgUnit.objects.values_list("id", "key", "parent__key", "path", "depth", "current_key",
                                            "current_path", "valid_to"))
    parents = {r[1]: r[2] for r in rows}
    ended = {r[1]: r[7] is not None for r in rows}
    primary = dict(UnitSuccession.objects.filter(is_primary=True).values_list("predecessor__key",
                                                                               "successor__key"))
    wanted = compute_tree(parents, ended, primary)
    changed = [
        OrgUnit(id=r[0], path=wanted[r[1]][0], depth=wanted[r[1]][1], current_key=wanted[r[1]][2],
                current_path=wanted[r[1]][3])
        for r in rows
        if (r[3], r[4], r[5], r[6]) != wanted[r[1]]
    ]
    if changed:
        # Two passes avoid transient unique-path collisions when units swap places.
        OrgUnit.objects.bulk_update([OrgUnit(id=u.id, path=f"~{u.id}~") for u in changed], ["path"],
                                    batch_size=1000)
        OrgUnit.objects.bulk_update(changed, ["path", "depth", "current_key", "current_path"], batch_size=1000)
    return len(changed)


def unit_names_upsert(rows: list[tuple[str, str, str, str]], valid_to=None) -> int:
    """Former names (key, name, short name, type) used until `valid_to` (default: the day before the 2025
    reform). Idempotent; units not in the tree are skipped. Returns the number created or changed."""
    from .models import LEGACY_END, UnitName

    valid_to = valid_to or LEGACY_END
    units = dict(OrgUnit.objects.filter(key__in=[row[0] for row in rows]).values_list("key", "pk"))
    changed = 0
    for key, name, short_name, type_name in rows:
        if key not in units:
            continue
        obj, created = UnitName.objects.get_or_create(unit_id=units[key], valid_to=valid_to, defaults={
            "name": name, "short_name": short_name, "type_name": type_name, "note": "NQ 202/2025/QH15"})
        if not created and (obj.name, obj.short_name, obj.type_name) != (name, short_name, type_name):
            obj.name, obj.short_name, obj.type_name = name, short_name, type_name
            obj.save(update_fields=["name", "short_name", "type_name"])
            changed += 1
        changed += created
    return changed
