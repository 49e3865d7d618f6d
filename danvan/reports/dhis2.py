"""DHIS2 data exchange: dataValueSets in DHIS2's JSON, through the same import service as the CSV import.

`dataElement` = indicator code, `orgUnit` = unit key, `period` = DHIS2 period code,
`categoryOptionCombo` = the indicator's category ("default" or empty: none), `attributeOptionCombo` =
sector code. Unlike DHIS2, a set with any conflict imports nothing (danvan's all-or-nothing rule).
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from django.utils.translation import gettext as _

from danvan.accounts.permissions import scope

from . import datavalue_import as service
from .models import DataValue

# DHIS2's identifier of the default category option combo, which some clients always send.
DEFAULT_COMBOS = {"", "default", "HllvX50cXC0", "bRowv6yZOF2"}
PROPERTY = {"unit": "orgUnit", "period": "period", "indicator": "dataElement", "category": "categoryOptionCombo",
            "sector": "attributeOptionCombo", "value": "value", "": "dataValue"}
# DHIS2-style error codes of conflicts (documented in docs/api.md).
ERROR_CODES = {"indicator": "E7610", "period": "E7611", "unit": "E7612", "category": "E7613",
               "sector": "E7614", "value": "E7619", "": "E7620"}
MAX_VALUES = 200_000


class PayloadError(ValueError):
    """The body is not a DHIS2 data value set (400): (field, message)."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field = field


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else str(value)


class PayloadRow:
    """One data value as an import row: the fields `check_rows` reads (`row.get(name)`), in slots rather than a
    dict a row (a 100.000-value set then takes ~30 MB less)."""

    __slots__ = ("unit", "period", "indicator", "value", "category", "sector")

    def __init__(self, unit: str, period: str, indicator: str, value, category: str, sector: str):
        self.unit, self.period, self.indicator = unit, period, indicator
        self.value, self.category, self.sector = value, category, sector

    def get(self, name: str, default=None):
        return getattr(self, name) if name in PayloadRow.__slots__ else default


def rows_from_payload(payload) -> list[PayloadRow]:
    """The payload's data values as import rows (unit, period, indicator, value, category, sector).

    Consumes `payload["dataValues"]`: each item is dropped from the list once read, so that a 100.000-value set
    is never held twice in memory (the parsed body and the rows)."""
    if not isinstance(payload, dict):
        raise PayloadError(None, _("Nội dung phải là một đối tượng JSON có trường “dataValues”."))
    values = payload.get("dataValues")
    if not isinstance(values, list):
        raise PayloadError("dataValues", _("Trường “dataValues” phải là một danh sách."))
    if len(values) > MAX_VALUES:
        raise PayloadError("dataValues", _("Mỗi lần gửi tối đa %(n)s giá trị.") % {"n": f"{MAX_VALUES:,}".replace(
            ",", ".")})
    default_period, default_unit = _text(payload.get("period")), _text(payload.get("orgUnit"))
    default_sector = _text(payload.get("attributeOptionCombo"))
    rows = []
    for index, item in enumerate(values):
        values[index] = None
        if not isinstance(item, dict):
            raise PayloadError(f"dataValues.{index}", _("Mỗi phần tử của “dataValues” phải là một đối tượng."))
        category = _text(item.get("categoryOptionCombo"))
        sector = _text(item.get("attributeOptionCombo")) or default_sector
        rows.append(PayloadRow(
            unit=_text(item.get("orgUnit")) or default_unit,
            period=_text(item.get("period")) or default_period,
            indicator=_text(item.get("dataElement")),
            value=item.get("value"),
            category="" if category in DEFAULT_COMBOS else category,
            sector="" if sector in DEFAULT_COMBOS else sector,
        ))
    return rows


def _conflicts(rows: list[PayloadRow], errors) -> list[dict]:
    grouped: OrderedDict[tuple, list[int]] = OrderedDict()
    for error in errors:
        column = error.column or ""
        obj = _text(rows[error.line].get(column)) if column and 0 <= error.line < len(rows) else ""
        grouped.setdefault((ERROR_CODES.get(column, "E7619"), PROPERTY.get(column, column), obj, error.message),
                           []).append(error.line)
    return [{"object": obj, "property": prop, "value": message, "errorCode": code, "indexes": indexes}
            for (code, prop, obj, message), indexes in grouped.items()]


def import_set(*, actor, payload, strategy: str = service.CREATE_AND_UPDATE, dry_run: bool = False) -> dict:
    """Validate, plan and (unless a dry run or a conflict) apply; DHIS2's import summary."""
    rows = rows_from_payload(payload)
    checked = service.check_rows(actor=actor, rows=lambda: enumerate(rows),
                                 values_required=strategy != service.DELETE)
    count = {"imported": 0, "updated": 0, "ignored": 0, "deleted": 0}
    summary = {"responseType": "ImportSummary", "status": "SUCCESS", "importCount": count, "conflicts": [],
               "dryRun": dry_run, "importStrategy": strategy}
    if checked.errors:
        summary["status"] = "ERROR"
        count["ignored"] = len(rows)
        summary["conflicts"] = _conflicts(rows, checked.errors)
        summary["description"] = _("Có lỗi: không giá trị nào được nhập (nhập tất cả hoặc không gì cả).")
        return summary
    plan = service.plan_changes(actor=actor, parsed=checked.parsed, strategy=strategy)
    count.update(imported=len(plan.create), updated=len(plan.update), deleted=len(plan.delete),
                 ignored=plan.unchanged + plan.ignored)
    if not dry_run and (plan.create or plan.update or plan.delete):
        service.apply_changes(actor=actor, plan=plan, units=checked.units, source="dataValueSets")
    if checked.warnings:
        summary["status"] = "WARNING"
        summary["warnings"] = checked.warnings
    summary["description"] = (_("Chạy thử: chưa ghi gì.") if dry_run else _("Đã nhập xong."))
    return summary


def dhis2_value(value: Decimal) -> str:
    """DHIS2 sends and stores values as text; 12.00 -> "12", 2.50 -> "2.5"."""
    text = format(value.normalize(), "f")
    return text


def read_set(*, user, units, periods: list[str], data_elements: list[str], children: bool) -> dict:
    """Entered aggregates of `units` (and their subtrees with `children`) in the caller's scope."""
    from django.db.models import Q

    from .periods import parse_period

    codes = []
    for period in periods:  # codes, or as people write them ("Quý 3/2026"): the one parser
        try:
            codes.append(parse_period(period).code)
        except ValueError as error:
            raise PayloadError("period", str(error)) from None
    periods = codes
    condition = Q()
    for unit in units:
        condition |= Q(unit__path__startswith=unit.path) if children else Q(unit=unit)
    qs = scope(DataValue.objects.filter(condition, period__in=periods), user)
    if data_elements:
        qs = qs.filter(indicator_id__in=data_elements)
    qs = qs.order_by("unit__path", "period", "indicator_id", "category", "sector").values_list(
        "unit__key", "period", "indicator_id", "category", "sector", "value", "created_at", "updated_at",
        "entered_by__username")
    values = []
    for key, period, indicator, category, sector, value, created, updated, username in qs[:MAX_VALUES + 1]:
        values.append({"dataElement": indicator, "period": period, "orgUnit": key,
                       "categoryOptionCombo": category or "default", "attributeOptionCombo": sector or "default",
                       "value": dhis2_value(value), "storedBy": username or "",
                       "created": created.isoformat(), "lastUpdated": updated.isoformat()})
    if len(values) > MAX_VALUES:
        raise PayloadError("period", _("Quá nhiều giá trị; hãy thu hẹp theo kỳ hoặc chỉ tiêu (dataElement)."))
    return {"dataValues": values}
