"""Writes of the reporting engine: entered aggregates (data values).

Every write checks permission (own unit, or a descendant on behalf), validates, refuses locked
periods, audits inside the transaction, keeps the roll-ups consistent, and runs the validation
rules (a failed blocking rule undoes the write; warnings are returned on `datavalue.warnings`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.concurrency import StaleRecordError, save_versioned
from danvan.core.db import insert_or_existing
from danvan.core.formatting import format_number
from danvan.core.imports import parse_decimal
from danvan.orgunits.models import OrgUnit, Sector

from . import engine, locks, rollups
from .models import DataValue, Indicator
from .periods import Period, parse_period
from .validation import RuleResult, active_rules, rule_codes, run_rules

MAX_VALUE = Decimal("1e17")


def unit_exists_in(unit: OrgUnit, period: Period) -> bool:
    return (unit.valid_from is None or unit.valid_from <= period.end) and (
        unit.valid_to is None or unit.valid_to >= period.start)


def clean_value(raw) -> Decimal:
    """A non-negative number with at most 2 decimals; ValueError with a Vietnamese message otherwise."""
    if isinstance(raw, bool):
        raise ValueError(_("Giá trị phải là một số."))
    if isinstance(raw, Decimal | int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(str(raw))
    else:
        number = parse_decimal(str(raw or ""))
        if number is None:
            raise ValueError(_("Giá trị “%(v)s” không phải là số.") % {"v": raw})
    try:
        if not number.is_finite():
            raise ValueError(_("Giá trị phải là một số."))
        if number < 0:
            raise ValueError(_("Giá trị không được âm."))
        if number >= MAX_VALUE:
            raise ValueError(_("Giá trị quá lớn."))
        if number != number.quantize(Decimal("0.01")):
            raise ValueError(_("Giá trị chỉ được có tối đa 2 chữ số thập phân."))
    except InvalidOperation:
        raise ValueError(_("Giá trị phải là một số.")) from None
    return number.quantize(Decimal("0.01"))


def check_indicator(code: str) -> engine.IndicatorInfo:
    info = engine.indicators().get(code)
    if info is None:
        raise ValueError(_("Không có chỉ tiêu mã “%(code)s”.") % {"code": code})
    if info.source == Indicator.Source.FORMULA:
        raise ValueError(_("Chỉ tiêu “%(code)s” được tính theo công thức, không nhập trực tiếp.") % {"code": code})
    return info


def check_category(info: engine.IndicatorInfo, category: str) -> None:
    if category and category not in info.categories:
        if info.categories:
            raise ValueError(_("Phân loại “%(c)s” không thuộc chỉ tiêu này (%(allowed)s).") % {
                "c": category, "allowed": ", ".join(info.categories)})
        raise ValueError(_("Chỉ tiêu này không có phân loại."))


def check_sector(sector: str) -> None:
    if sector and not Sector.objects.filter(code=sector).exists():
        raise ValueError(_("Không có khối mã “%(s)s”.") % {"s": sector})


def _validate(*, unit: OrgUnit, period: str, indicator: str, value, category: str, sector: str
              ) -> tuple[Period, Decimal]:
    errors: dict[str, list[str]] = {}
    p = None
    try:
        p = parse_period(period)
    except ValueError as error:
        errors["period"] = [str(error)]
    try:
        info = check_indicator(indicator)
        try:
            check_category(info, category or "")
        except ValueError as error:
            errors["category"] = [str(error)]
    except ValueError as error:
        errors["indicator"] = [str(error)]
    try:
        check_sector(sector or "")
    except ValueError as error:
        errors["sector"] = [str(error)]
    number = None
    try:
        number = clean_value(value)
    except ValueError as error:
        errors["value"] = [str(error)]
    if p is not None and not unit_exists_in(unit, p):
        errors["period"] = [_("Đơn vị “%(unit)s” không tồn tại trong %(period)s.") % {
            "unit": unit.name, "period": p.label}]
    if errors:
        raise ValidationError(errors)
    return p, number


def overlapping_entries(unit_ids: list[int], period: Period, indicator: str) -> list[DataValue]:
    """Entered values of another period type for the same unit and indicator overlapping `period`."""
    codes = [p.code for p in period.enclosing()] + [p.code for p in period.subperiods()[1:]]
    return list(DataValue.objects.filter(unit_id__in=unit_ids, indicator_id=indicator, period__in=codes)
                .select_related("unit").order_by("unit_id", "period"))


def overlap_message(existing: DataValue, period: Period) -> str:
    """Names the existing entry and how to replace it (form, import and API say the same)."""
    other = parse_period(existing.period)
    return _("Đơn vị “%(unit)s” đã nhập chỉ tiêu “%(indicator)s” cho %(other)s (giá trị %(value)s). "
             "Mỗi chỉ tiêu chỉ nhập theo một loại kỳ trong năm, nên không nhập được cho %(period)s. "
             "Muốn thay, hãy xóa số liệu %(other)s (trang /bao-cao/nhap/%(key)s/%(code)s/, để trống ô rồi lưu) "
             "rồi nhập lại cho %(period)s.") % {
        "unit": existing.unit.name, "indicator": existing.indicator_id, "other": other.label,
        "value": format_number(existing.value), "period": period.label, "key": existing.unit.key,
        "code": other.code}


def _run_entry_rules(unit: OrgUnit, period: Period, indicator: str) -> list[RuleResult]:
    """Rules touching `indicator`, on the unit's own effective values (aggregate, else records)."""
    rules = [r for r in active_rules() if indicator in engine.base_codes(rule_codes(r))]
    if not rules:
        return []
    codes = set()
    for rule in rules:
        codes |= engine.base_codes(rule_codes(rule))
    own = engine.own_effective(unit, period, codes)
    values = {code: own.get(code, Decimal(0)) for code in codes}
    return run_rules(unit=unit, period=period.code, values=values, rules=rules)


def _raise_blocking(results: list[RuleResult]) -> None:
    blocking = [r.message for r in results if r.blocking]
    if blocking:
        raise ValidationError({"value": blocking})


@transaction.atomic
def datavalue_set(*, actor, unit: OrgUnit, period: str, indicator: str, value, category: str = "",
                  sector: str = "", on_behalf: bool = False, expected_version: int | None = None) -> DataValue:
    """Enter or change the aggregate of (unit, period, indicator, category, sector).

    `actor=None` is the system (commands, demo data) and skips the permission check.
    """
    if actor is not None:
        ensure_can(actor, "write", unit, on_behalf=on_behalf)
    category, sector = category or "", sector or ""
    p, number = _validate(unit=unit, period=period, indicator=indicator, value=value, category=category,
                          sector=sector)
    reason = locks.lock_reason(unit, p.code)
    if reason:
        raise ValidationError({"period": [reason]})
    overlapping = overlapping_entries([unit.pk], p, indicator)
    if overlapping:
        raise ValidationError({"period": [overlap_message(overlapping[0], p)]})
    entered_by = actor if getattr(actor, "pk", None) else None

    def find() -> DataValue | None:
        return (DataValue.objects.select_for_update()
                .filter(unit=unit, period=p.code, indicator_id=indicator, category=category, sector=sector).first())

    existing = find()
    datavalue: DataValue | None = None
    if existing is None:
        if expected_version not in (None, 0):
            raise StaleRecordError(_("Số liệu này vừa bị người khác xóa sau khi bạn mở. Hãy tải lại trang."),
                                   code="stale")
        new = DataValue(unit=unit, period=p.code, period_type=p.type, year=p.year, indicator_id=indicator,
                        category=category, sector=sector, value=number, entered_by=entered_by)
        new.full_clean(exclude=["indicator", "unit", "entered_by"])

        def save() -> DataValue:
            new.save()
            return new

        # A parallel identical entry may insert first: then this one continues as a change of that row.
        saved, created = insert_or_existing(save, find)
        if created:
            audit_create(actor=entered_by, action="reports.datavalue.created", target=saved, unit=unit,
                         on_behalf=on_behalf)
            datavalue = saved
        else:
            existing = saved
    if existing is not None:
        if expected_version is not None and existing.version != expected_version:
            save_versioned(existing, expected_version=expected_version, update_fields=["value"])  # raises
        if existing.value == number:
            existing.warnings = [r for r in _run_entry_rules(unit, p, indicator) if not r.blocking]
            return existing
        before = snapshot(existing)
        existing.value = number
        existing.entered_by = entered_by
        save_versioned(existing, expected_version=expected_version, update_fields=["value", "entered_by"])
        audit(actor=entered_by, action="reports.datavalue.updated", target=existing, unit=unit,
              on_behalf=on_behalf, changes=diff(before, snapshot(existing)))
        datavalue = existing
    assert datavalue is not None
    rollups.refresh([(unit.pk, p.year, indicator)])
    results = _run_entry_rules(unit, p, indicator)
    _raise_blocking(results)
    datavalue.warnings = [r for r in results if not r.blocking]
    return datavalue


@transaction.atomic
def datavalue_delete(*, actor, datavalue: DataValue, on_behalf: bool = False) -> None:
    """Delete an entered aggregate; the unit's own records count again for that period."""
    unit = datavalue.unit
    if actor is not None:
        ensure_can(actor, "write", unit, on_behalf=on_behalf)
    reason = locks.lock_reason(unit, datavalue.period)
    if reason:
        raise ValidationError({"period": [reason]})
    before = snapshot(datavalue)
    key = (unit.pk, datavalue.year, datavalue.indicator_id)
    audit(actor=actor if getattr(actor, "pk", None) else None, action="reports.datavalue.deleted",
          target=datavalue, unit=unit, on_behalf=on_behalf, changes={k: [v, None] for k, v in before.items()})
    datavalue.delete()
    rollups.refresh([key])
