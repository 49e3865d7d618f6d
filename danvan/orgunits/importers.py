"""`import_units`: upsert bodies and corrections from CSV, all or nothing.

Columns: key,name,kind,parent_key,valid_from,valid_to,successor_keys
`successor_keys` lists successor keys separated by ";" — the first one is primary.
Optional columns: short_name, level, code, sector.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.imports import ImportFailed, RowError, RowReader, read_table

from .models import OrgUnit, Sector
from .services import SuccessionSpec, UnitSpec, UpsertStats, units_upsert

COLUMNS = ["key", "name", "kind", "parent_key", "valid_from", "valid_to", "successor_keys"]
OPTIONAL = ["short_name", "level", "code", "sector"]
KEY_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,63}$")
_LEVEL_BY_KIND = {"nation": "central", "province": "province", "district": "district", "commune": "commune"}


def import_units(data: bytes, *, actor=None) -> UpsertStats:
    rows = read_table(data, required=COLUMNS, optional=OPTIONAL)
    errors: list[RowError] = []
    existing = {u.key: u for u in OrgUnit.objects.only("key", "level", "kind")}
    sectors = set(Sector.objects.values_list("code", flat=True))
    file_keys = {}
    for line, row in rows:
        key = (row.get("key") or "").strip()
        if key in file_keys:
            message = _("mã “%(k)s” trùng với dòng %(l)s.") % {"k": key, "l": file_keys[key]}
            errors.append(RowError(line, "key", message))
        elif key:
            file_keys[key] = line

    specs, successions, replace = [], [], set()
    for line, row in rows:
        reader = RowReader(line, row, errors)
        key = reader.text("key", required=True, max_length=64)
        if key and not KEY_RE.match(key):
            reader.error("key", _("mã chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch ngang."))
        name = reader.text("name", required=True, max_length=200)
        kind = reader.choice("kind", OrgUnit.Kind.choices, required=True)
        parent_key = reader.text("parent_key", required=key != "VN")
        if parent_key and parent_key not in existing and parent_key not in file_keys:
            reader.error("parent_key", _("không có đơn vị với mã “%(k)s”.") % {"k": parent_key})
        if parent_key and parent_key == key:
            reader.error("parent_key", _("đơn vị không thể là cấp trên của chính nó."))
        valid_from = reader.date("valid_from")
        valid_to = reader.date("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            reader.error("valid_to", _("ngày kết thúc trước ngày bắt đầu."))
        level = reader.choice("level", OrgUnit.Level.choices) if row.get("level") else None
        sector = reader.text("sector")
        if sector and sector not in sectors:
            reader.error("sector", _("không có khối “%(s)s”.") % {"s": sector})
        successor_keys = [k.strip() for k in (row.get("successor_keys") or "").split(";") if k.strip()]
        for successor in successor_keys:
            if successor not in existing and successor not in file_keys:
                reader.error("successor_keys", _("không có đơn vị kế thừa “%(k)s”.") % {"k": successor})
            if successor == key:
                reader.error("successor_keys", _("đơn vị không thể kế thừa chính nó."))
        if not reader.ok:
            continue
        if level is None:
            level = _LEVEL_BY_KIND.get(kind) or _inherit_level(parent_key, existing, specs)
        specs.append(UnitSpec(key=key, name=name, kind=kind, level=level, parent_key=parent_key or None,
                              short_name=reader.text("short_name"), code=reader.text("code"),
                              sector_code=sector or None, valid_from=valid_from, valid_to=valid_to))
        if "successor_keys" in row:
            replace.add(key)
        for index, successor in enumerate(successor_keys):
            successions.append(SuccessionSpec(key, successor, index == 0))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.line, e.column)))
    specs = _parents_first(specs)
    with transaction.atomic():
        return units_upsert(specs, successions, actor=actor, audit_changes=True, replace_successors_of=replace)


def _inherit_level(parent_key, existing, specs) -> str:
    for spec in specs:
        if spec.key == parent_key:
            return spec.level
    parent = existing.get(parent_key)
    return parent.level if parent else "central"


def _parents_first(specs: list[UnitSpec]) -> list[UnitSpec]:
    by_key = {s.key: s for s in specs}
    ordered, placed = [], set()

    def place(spec, depth=0):
        if spec.key in placed or depth > 50:
            return
        if spec.parent_key in by_key:
            place(by_key[spec.parent_key], depth + 1)
        placed.add(spec.key)
        ordered.append(spec)

    for spec in specs:
        place(spec)
    return ordered
