"""The one import service for data values, behind the CSV/XLSX import and DHIS2's dataValueSets.

`check_rows` validates every row (unit key and scope, period, indicator, category, sector, value,
duplicates, locked periods, blocking validation rules) and reports every problem with its line (or, for
DHIS2, its index) and column; `plan_changes` compares with what is stored (an unchanged value is
`unchanged`); `apply_changes` writes the plan in one transaction with bulk statements (COPY on
PostgreSQL), one audit event per changed value plus one for the batch, and one roll-up refresh.
All or nothing: the callers apply only a plan without errors.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can, home_unit
from danvan.core.audit import _jsonable, audit
from danvan.core.imports import RowError, tracked
from danvan.core.models import AuditEvent
from danvan.orgunits.models import OrgUnit, Sector

from . import engine, locks, rollups
from .bulk import copy_lines, delete_ids, insert_rows, needs_copy_escape
from .models import DataValue, ImportBatch, Indicator
from .periods import Period, parse_period
from .services import clean_value, unit_exists_in
from .validation import active_rules, rule_codes

DATAVALUE_COLUMNS = ["unit_id", "period", "period_type", "year", "indicator_code", "category", "sector", "value",
                     "version", "created_at", "updated_at", "entered_by_id"]
AUDIT_COLUMNS = ["at", "actor_id", "action", "target_type", "target_id", "target_repr", "unit_id", "on_behalf",
                 "changes", "note"]
CHUNK = 2000
_UNIT_FIELDS = ("id", "key", "name", "path", "current_path", "level", "valid_from", "valid_to")

CREATE_AND_UPDATE, CREATE, UPDATE, DELETE = "CREATE_AND_UPDATE", "CREATE", "UPDATE", "DELETE"
STRATEGIES = (CREATE_AND_UPDATE, CREATE, UPDATE, DELETE)

Key = tuple[int, str, str, str, str]  # unit id, period code, indicator, category, sector
Rows = Callable[[], Iterable[tuple[int, dict]]]


@dataclass
class Checked:
    parsed: dict[Key, tuple[int, Decimal | None]] = field(default_factory=dict)  # key -> (line, value)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    units: dict[int, OrgUnit] = field(default_factory=dict)


@dataclass
class Plan:
    create: list[tuple] = field(default_factory=list)  # DATAVALUE_COLUMNS rows
    update: list[tuple[int, int, Decimal, Decimal, int, str, str]] = field(default_factory=list)
    delete: list[tuple[int, int, Decimal, str, str]] = field(default_factory=list)  # id, unit, value, ind, period
    unchanged: int = 0
    ignored: int = 0
    touched: set = field(default_factory=set)


def _load_units(keys: set[str]) -> dict[str, OrgUnit]:
    keys_list = sorted(k for k in keys if k)
    found: dict[str, OrgUnit] = {}
    for start in range(0, len(keys_list), CHUNK):
        for unit in OrgUnit.objects.filter(key__in=keys_list[start:start + CHUNK]).only(*_UNIT_FIELDS):
            found[unit.key] = unit
    return found


def check_rows(*, actor, rows: Rows, values_required: bool = True,
               unit_keys: Callable[[], set[str]] | None = None) -> Checked:
    """Validate every row; `rows()` yields (line, {unit, period, indicator, value, category?, sector?}).

    `unit_keys()`, when given, names the rows' unit keys more cheaply than a pass over `rows()`."""
    checked = Checked()
    errors = checked.errors
    known = engine.indicators()
    sectors = set(Sector.objects.values_list("code", flat=True))
    units = _load_units(unit_keys() if unit_keys is not None
                        else {(row.get("unit") or "").strip() for _line, row in rows()})
    checked.units = {u.pk: u for u in units.values()}
    periods: dict[str, Period | str] = {}
    allowed: dict[int, bool] = {}
    exists: dict[tuple[int, str], bool] = {}
    values: dict[str, Decimal | str] = {}
    parsed = checked.parsed

    def err(line: int, column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    for line, row in tracked(rows()):
        ok = True
        key_text = (row.get("unit") or "").strip()
        unit = units.get(key_text)
        if not key_text:
            err(line, "unit", _("không được để trống."))
            ok = False
        elif unit is None:
            err(line, "unit", _("không có đơn vị mã “%(v)s”.") % {"v": key_text})
            ok = False
        elif actor is not None:
            if unit.pk not in allowed:
                allowed[unit.pk] = can(actor, "write", unit, on_behalf=True)
            if not allowed[unit.pk]:
                err(line, "unit", _("đơn vị “%(v)s” nằm ngoài phạm vi bạn được nhập số liệu.") % {"v": key_text})
                ok = False
        code = (row.get("period") or "").strip()
        period = periods.get(code)
        if period is None:
            try:
                period = periods[code] = parse_period(code)
            except ValueError as error:
                period = periods[code] = str(error)
        if isinstance(period, str):
            err(line, "period", period)
            ok = False
        elif unit is not None:
            known_exists = exists.get((unit.pk, period.code))
            if known_exists is None:
                known_exists = exists[(unit.pk, period.code)] = unit_exists_in(unit, period)
            if not known_exists:
                err(line, "period", _("đơn vị “%(unit)s” không tồn tại trong %(period)s.") % {
                    "unit": unit.name, "period": period.label})
                ok = False
        indicator = (row.get("indicator") or "").strip()
        info = known.get(indicator)
        if info is None:
            err(line, "indicator", _("không có chỉ tiêu mã “%(v)s”.") % {"v": indicator})
            ok = False
        elif info.source == Indicator.Source.FORMULA:
            err(line, "indicator", _("chỉ tiêu “%(v)s” được tính theo công thức, không nhập trực tiếp.")
                % {"v": indicator})
            ok = False
        category = (row.get("category") or "").strip()
        if info is not None and category and category not in info.categories:
            err(line, "category", _("phân loại “%(v)s” không thuộc chỉ tiêu này.") % {"v": category})
            ok = False
        sector = (row.get("sector") or "").strip()
        if sector and sector not in sectors:
            err(line, "sector", _("không có khối mã “%(v)s”.") % {"v": sector})
            ok = False
        raw = row.get("value")
        raw = "" if raw is None else raw
        value = None
        if values_required or str(raw).strip():
            # Files repeat the same few numbers; parse each spelling once.
            value = values.get(raw) if isinstance(raw, str) else None
            if value is None:
                try:
                    value = clean_value(raw)
                except ValueError as error:
                    value = str(error)[:1].lower() + str(error)[1:]
                if isinstance(raw, str):
                    values[raw] = value
            if isinstance(value, str):
                err(line, "value", value)
                ok = False
                value = None
        if not ok:
            continue
        key = (unit.pk, period.code, indicator, category, sector)
        if key in parsed:
            err(line, "", _("trùng với dòng %(other)s (cùng đơn vị, kỳ, chỉ tiêu, phân loại, khối).")
                % {"other": parsed[key][0]})
            continue
        parsed[key] = (line, value)

    if values_required:
        _check_overlaps(parsed, errors, checked.units)
    if locks._LOCK_CHECKERS:
        first_line: dict[tuple[int, str], int] = {}
        for (unit_id, code, *_rest), (line, _value) in parsed.items():
            first_line.setdefault((unit_id, code), line)
        reasons = locks.lock_reasons([(checked.units[unit_id], code) for unit_id, code in first_line])
        for (unit_id, code), line in sorted(first_line.items(), key=lambda item: item[1]):
            if (unit_id, code) in reasons:
                err(line, "period", reasons[(unit_id, code)])
    if values_required:
        checked.warnings = _check_rules(parsed, errors, checked.units)
    checked.errors = sorted(errors, key=lambda e: (e.line, e.column))
    return checked


def _overlap(a: Period, b: Period) -> bool:
    return a.type != b.type and (a.contains(b) or b.contains(a))


def _check_overlaps(parsed: dict, errors: list[RowError], units: dict[int, OrgUnit]) -> None:
    """A unit enters an indicator at one period type where periods overlap: refuse a file row whose
    period overlaps another type's, in the file or already entered (row and column named)."""
    from .services import overlap_message

    by_pair: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for (unit_id, code, indicator, _category, _sector), (line, _value) in parsed.items():
        lines = by_pair[(unit_id, indicator)]
        lines[code] = min(line, lines.get(code, line))
    for codes in by_pair.values():
        if len(codes) < 2:
            continue
        ordered = sorted(codes.items(), key=lambda item: item[1])
        for index, (code, line) in enumerate(ordered):
            period = parse_period(code)
            for other, other_line in ordered[:index]:
                if _overlap(period, parse_period(other)):
                    errors.append(RowError(line, "period", _(
                        "%(period)s chồng lên %(other)s ở dòng %(line)s: mỗi chỉ tiêu của một đơn vị chỉ nhập "
                        "theo một loại kỳ trong năm; hãy bỏ một trong hai dòng.") % {
                        "period": period.label, "other": parse_period(other).label, "line": other_line}))
                    break
    unit_ids = sorted({unit_id for unit_id, _indicator in by_pair})
    indicators = sorted({indicator for _unit_id, indicator in by_pair})
    years = sorted({int(code[:4]) for codes in by_pair.values() for code in codes})
    for start in range(0, len(unit_ids), CHUNK):
        rows = DataValue.objects.filter(unit_id__in=unit_ids[start:start + CHUNK], indicator_id__in=indicators,
                                        year__in=years).values_list("unit_id", "indicator_id", "period", "value")
        for unit_id, indicator, entered, value in rows.order_by("unit_id", "period"):
            codes = by_pair.get((unit_id, indicator))
            if not codes or entered in codes:
                continue
            entered_period = parse_period(entered)
            for code, line in codes.items():
                period = parse_period(code)
                if _overlap(period, entered_period):
                    existing = DataValue(unit=units[unit_id], period=entered, indicator_id=indicator, value=value)
                    errors.append(RowError(line, "period", overlap_message(existing, period)))


def _check_rules(parsed: dict, errors: list[RowError], units: dict[int, OrgUnit]) -> list[str]:
    """Rules whose indicators all appear in the rows for a (unit, period): blocking -> row errors."""
    from .indicators import parse_expression
    from .validation import _OPERATORS

    rules = active_rules()
    if not rules:
        return []
    groups: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    lines: dict[tuple[int, str], int] = {}
    for (unit_id, code, indicator, _category, _sector), (line, value) in parsed.items():
        groups[(unit_id, code)][indicator] += value
        lines[(unit_id, code)] = max(lines.get((unit_id, code), 0), line)
    warnings: list[str] = []
    for rule in rules:
        # Parsed once per rule, not once per (unit, period): an import has tens of thousands of groups.
        own_codes = rule_codes(rule)
        codes = engine.base_codes(own_codes)
        needs_formulas = not own_codes <= codes
        left_terms, right_terms = parse_expression(rule.left), parse_expression(rule.right)
        for group_key, group_values in groups.items():
            if not codes <= group_values.keys():
                continue
            full = engine.with_formulas(group_values, own_codes | codes) if needs_formulas else group_values
            left, right = _evaluate(left_terms, full), _evaluate(right_terms, full)
            if _OPERATORS[rule.operator](left, right):
                continue
            try:
                message = rule.message % {"left": left.normalize(), "right": right.normalize()}
            except (KeyError, ValueError, TypeError):
                message = rule.message
            unit = units[group_key[0]]
            text = _("%(unit)s, kỳ %(period)s: %(message)s") % {"unit": unit.key, "period": group_key[1],
                                                                 "message": message}
            if rule.severity == rule.Severity.BLOCKING:
                errors.append(RowError(lines[group_key], "value", text))
            else:
                warnings.append(text)
    return warnings


def _evaluate(terms: list[tuple[int, str]], values) -> Decimal:
    total = Decimal(0)
    for sign, term in terms:
        total += sign * (Decimal(term) if term[0].isdigit() else Decimal(values.get(term, 0) or 0))
    return total


def _existing(parsed: dict) -> dict[Key, tuple[int, Decimal, int]]:
    """Stored (id, value, version) of the rows' keys: one indexed query per chunk of units, plain tuples."""
    unit_ids = sorted({key[0] for key in parsed})
    codes = sorted({key[1] for key in parsed})
    found: dict[Key, tuple[int, Decimal, int]] = {}
    for start in range(0, len(unit_ids), CHUNK):
        for pk, unit_id, period, indicator, category, sector, value, version in DataValue.objects.filter(
                unit_id__in=unit_ids[start:start + CHUNK], period__in=codes).order_by().values_list(
                "id", "unit_id", "period", "indicator_id", "category", "sector", "value", "version"):
            key = (unit_id, period, indicator, category, sector)
            if key in parsed:
                found[key] = (pk, value, version)
    return found


def plan_changes(*, actor, parsed: dict, strategy: str = CREATE_AND_UPDATE) -> Plan:
    plan = Plan()
    now = timezone.now()
    entered_by_id = actor.pk if getattr(actor, "pk", None) else None
    existing = _existing(parsed)
    period_of: dict[str, Period] = {}
    for key, (_line, value) in parsed.items():
        unit_id, code, indicator, category, sector = key
        current = existing.get(key)
        if strategy == DELETE:
            if current is None:
                plan.ignored += 1
                continue
            plan.delete.append((current[0], unit_id, current[1], indicator, code))
        elif current is None:
            if strategy == UPDATE:
                plan.ignored += 1
                continue
            period = period_of.get(code) or period_of.setdefault(code, parse_period(code))
            plan.create.append((unit_id, code, period.type, period.year, indicator, category, sector, value, 1,
                                now, now, entered_by_id))
        elif current[1] == value:
            plan.unchanged += 1
            continue
        elif strategy == CREATE:
            plan.ignored += 1
            continue
        else:
            plan.update.append((current[0], unit_id, current[1], value, current[2], indicator, code))
        plan.touched.add((unit_id, int(code[:4]), indicator))
    return plan


def _update_values(rows: list[tuple[int, Decimal, int]], now, entered_by_id) -> None:
    """Set (id, value, new version) on many rows at once: a temporary table and one UPDATE … FROM."""
    table = DataValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS datavalue_changes "
                       "(id bigint PRIMARY KEY, value numeric(20, 2), version integer)")
        cursor.execute("DELETE FROM datavalue_changes")
    insert_rows("datavalue_changes", ["id", "value", "version"], rows)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET value = c.value, version = c.version, updated_at = %s, entered_by_id = %s "
            f"FROM datavalue_changes c WHERE {table}.id = c.id", [now, entered_by_id])
        cursor.execute("DELETE FROM datavalue_changes")


def _insert_values(rows: list[tuple]) -> None:
    """New data values; on PostgreSQL each row is one f-string of COPY text (codes were checked against the
    catalogue, so escaping is needed only if a code holds a tab, newline or backslash)."""
    texts = {text for row in rows for text in (row[1], row[2], row[4], row[5], row[6])}
    if connection.vendor != "postgresql" or needs_copy_escape(texts):
        insert_rows(DataValue._meta.db_table, DATAVALUE_COLUMNS, rows)
        return
    written: dict = {None: "\\N"}  # the plan stamps every row with one time and one actor: format them once

    def text(value) -> str:
        found = written.get(value)
        if found is None:
            found = written[value] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return found

    copy_lines(DataValue._meta.db_table, DATAVALUE_COLUMNS, (
        f"{unit_id}\t{code}\t{period_type}\t{year}\t{indicator}\t{category}\t{sector}\t{value}\t{version}\t"
        f"{text(created)}\t{text(updated)}\t{text(entered_by_id)}"
        for unit_id, code, period_type, year, indicator, category, sector, value, version, created, updated,
        entered_by_id in rows))


@transaction.atomic
def apply_changes(*, actor, plan: Plan, units: dict[int, OrgUnit], source: str) -> ImportBatch:
    """Write the plan; one audit event per changed value and one for the batch; roll-ups refreshed once."""
    now = timezone.now()
    entered_by = actor if getattr(actor, "pk", None) else None
    entered_by_id = entered_by.pk if entered_by else None
    batch_unit = home_unit(actor) if actor is not None else OrgUnit.objects.filter(key="VN").first()
    batch = ImportBatch.objects.create(unit=batch_unit, file_name=source[:200], actor=entered_by,
                                       created=len(plan.create), updated=len(plan.update),
                                       unchanged=plan.unchanged)
    _insert_values(plan.create)
    if plan.update:
        _update_values([(pk, new, version + 1) for pk, _unit, _old, new, version, _i, _p in plan.update], now,
                       entered_by_id)
    if plan.delete:
        delete_ids(DataValue._meta.db_table, [row[0] for row in plan.delete])
    note = _("Nhập từ %(file)s") % {"file": source}
    on_behalf: dict[int, bool] = {}

    def behalf(unit_id: int) -> bool:
        if unit_id not in on_behalf:
            on_behalf[unit_id] = actor is not None and not can(actor, "write", units[unit_id])
        return on_behalf[unit_id]

    events = [(now, entered_by_id, "reports.datavalue.updated", "reports.datavalue", str(pk),
               f"{indicator} {code} = {new}"[:300], unit_id, behalf(unit_id),
               json.dumps({"value": [_jsonable(old), _jsonable(new)]}), note)
              for pk, unit_id, old, new, _version, indicator, code in plan.update]
    events += [(now, entered_by_id, "reports.datavalue.deleted", "reports.datavalue", str(pk),
                f"{indicator} {code} = {old}"[:300], unit_id, behalf(unit_id),
                json.dumps({"value": [_jsonable(old), None]}), note)
               for pk, unit_id, old, indicator, code in plan.delete]
    insert_rows(AuditEvent._meta.db_table, AUDIT_COLUMNS, events)
    changes = {"created": [None, batch.created], "updated": [None, batch.updated],
               "unchanged": [None, batch.unchanged]}
    if plan.delete:
        changes["deleted"] = [None, len(plan.delete)]
    audit(actor=entered_by, action="reports.datavalue.imported", target=batch, unit=batch_unit, changes=changes,
          note=source)
    rollups.refresh(plan.touched)
    return batch
