"""Import of data values (aggregates): columns `unit,period,indicator,value`, optional `category,sector`.

All or nothing: every row is checked first (unknown unit key or indicator, malformed period, a unit
outside the importer's scope, non-numeric or negative value, a period the unit did not exist in,
a locked period, a duplicate row) and every problem is reported with line and column; only a clean
file is applied, in one transaction, with bulk operations. Re-importing the same file changes
nothing; a changed value is an audited update (one audit event per changed value, one for the batch).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can, home_unit
from danvan.core.audit import audit, audit_bulk
from danvan.core.imports import ImportFailed, ImportResult, RowError, read_table
from danvan.orgunits.models import OrgUnit, Sector

from . import engine, locks, rollups
from .bulk import insert_rows
from .models import DataValue, ImportBatch, Indicator
from .periods import Period, parse_period
from .services import clean_value, unit_exists_in
from .validation import active_rules, rule_codes

DATAVALUE_COLUMNS = ["unit_id", "period", "period_type", "year", "indicator_code", "category", "sector", "value",
                     "version", "created_at", "updated_at", "entered_by_id"]
REQUIRED = ["unit", "period", "indicator", "value"]
OPTIONAL = ["category", "sector"]
CHUNK = 2000
_UNIT_FIELDS = ["id", "key", "name", "path", "current_path", "level", "valid_from", "valid_to"]


def _load_units(keys: set[str]) -> dict[str, OrgUnit]:
    keys_list = sorted(keys)
    found: dict[str, OrgUnit] = {}
    for start in range(0, len(keys_list), CHUNK):
        for unit in OrgUnit.objects.filter(key__in=keys_list[start:start + CHUNK]).only(*_UNIT_FIELDS):
            found[unit.key] = unit
    return found


def iter_rows(data: bytes | str):
    """(line, row) pairs, streamed for CSV (memory stays flat at 100.000 rows); XLSX via core.read_table.

    Header problems raise ImportFailed exactly like `read_table`.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if data[:4] == b"PK\x03\x04":
        yield from read_table(data, required=REQUIRED, optional=OPTIONAL)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([RowError(1, "", _("tệp không phải CSV mã UTF-8 hoặc XLSX."))]) from None
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    header = next(reader, None)
    if header is None:
        raise ImportFailed([RowError(1, "", _("tệp trống."))])
    # Reuse the shared header checks (missing / unsupported columns) on the header line alone.
    read_table(",".join(h.strip() for h in header).encode(), required=REQUIRED, optional=OPTIONAL)
    header = [h.strip() for h in header]
    width = len(header)
    for line, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        yield line, {header[i]: (raw[i].strip() if i < len(raw) else "") for i in range(width) if header[i]}


def import_datavalues(*, actor, data: bytes | str, file_name: str = "") -> ImportResult:
    """Validate the whole file, then apply it; raises ImportFailed listing every bad row."""
    errors: list[RowError] = []
    known = engine.indicators()
    sectors = set(Sector.objects.values_list("code", flat=True))
    units = _load_units({(row.get("unit") or "").strip() for _line, row in iter_rows(data)})
    periods: dict[str, Period | str] = {}
    allowed: dict[int, bool] = {}
    parsed: dict[tuple, tuple] = {}  # key -> (line, value)

    def err(line: int, column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    for line, row in iter_rows(data):
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
        if code not in periods:
            try:
                periods[code] = parse_period(code)
            except ValueError as error:
                periods[code] = str(error)
        period = periods[code]
        if isinstance(period, str):
            err(line, "period", period)
            ok = False
        elif unit is not None and not unit_exists_in(unit, period):
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
        try:
            value = clean_value(row.get("value") or "")
        except ValueError as error:
            err(line, "value", str(error)[:1].lower() + str(error)[1:])
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

    _check_overlaps(parsed, errors, {u.pk: u for u in units.values()})
    if locks._LOCK_CHECKERS:
        first_line: dict[tuple[int, str], int] = {}
        for (unit_id, code, *_rest), (line, _value) in parsed.items():
            first_line.setdefault((unit_id, code), line)
        by_id = {u.pk: u for u in units.values()}
        for (unit_id, code), line in sorted(first_line.items(), key=lambda item: item[1]):
            reason = locks.lock_reason(by_id[unit_id], code)
            if reason:
                err(line, "period", reason)
    warnings = _check_rules(parsed, errors, {u.pk: u for u in units.values()})
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.line, e.column)))
    result = _apply(actor=actor, parsed=parsed, file_name=file_name, units={u.pk: u for u in units.values()})
    result.details.extend(warnings)
    return result


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
    """Rules whose indicators all appear in the file for a (unit, period): blocking -> row errors."""
    from .indicators import evaluate
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
        codes = engine.base_codes(rule_codes(rule))
        for group_key, values in groups.items():
            if not codes <= set(values):
                continue
            full = engine.with_formulas(values, rule_codes(rule) | codes)
            left, right = evaluate(rule.left, full), evaluate(rule.right, full)
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


@transaction.atomic
def _apply(*, actor, parsed: dict, file_name: str, units: dict[int, OrgUnit]) -> ImportResult:
    now = timezone.now()
    entered_by = actor if getattr(actor, "pk", None) else None
    unit_ids = sorted({key[0] for key in parsed})
    codes = sorted({key[1] for key in parsed})
    existing: dict[tuple, DataValue] = {}
    for start in range(0, len(unit_ids), CHUNK):
        for dv in DataValue.objects.filter(unit_id__in=unit_ids[start:start + CHUNK], period__in=codes).only(
                "id", "unit_id", "period", "indicator_id", "category", "sector", "value", "version"):
            existing[(dv.unit_id, dv.period, dv.indicator_id, dv.category, dv.sector)] = dv
    to_create, to_update, touched = [], [], set()
    entered_by_id = entered_by.pk if entered_by else None
    for key, (_line, value) in parsed.items():
        unit_id, code, indicator, category, sector = key
        current = existing.get(key)
        if current is None:
            period = parse_period(code)
            to_create.append((unit_id, code, period.type, period.year, indicator, category, sector, value, 1, now,
                              now, entered_by_id))
        elif current.value != value:
            to_update.append((current, current.value, value))
        else:
            continue
        touched.add((unit_id, int(code[:4]), indicator))
    batch_unit = home_unit(actor) if actor is not None else OrgUnit.objects.filter(key="VN").first()
    batch = ImportBatch.objects.create(unit=batch_unit, file_name=file_name[:200], actor=entered_by,
                                       created=len(to_create), updated=len(to_update),
                                       unchanged=len(parsed) - len(to_create) - len(to_update))
    insert_rows(DataValue._meta.db_table, DATAVALUE_COLUMNS, to_create)
    events = []
    for dv, old, new in to_update:
        dv.value, dv.version, dv.updated_at, dv.entered_by = new, dv.version + 1, now, entered_by
        unit = units[dv.unit_id]
        events.append({
            "actor": entered_by, "action": "reports.datavalue.updated", "target": dv, "unit": unit,
            "on_behalf": actor is not None and not can(actor, "write", unit),
            "changes": {"value": [old, new]}, "note": _("Nhập từ tệp %(file)s") % {"file": file_name}})
    DataValue.objects.bulk_update([dv for dv, _old, _new in to_update],
                                  ["value", "version", "updated_at", "entered_by"], batch_size=500)
    audit_bulk(events)
    audit(actor=entered_by, action="reports.datavalue.imported", target=batch, unit=batch_unit,
          changes={"created": [None, batch.created], "updated": [None, batch.updated],
                   "unchanged": [None, batch.unchanged]}, note=file_name)
    rollups.refresh(touched)
    return ImportResult(created=batch.created, updated=batch.updated, unchanged=batch.unchanged)
