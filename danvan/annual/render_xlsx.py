"""The annual report's figures and tables as a workbook (openpyxl write-only mode, via core.exports)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from danvan.core.exports import write_xlsx

from .narrative import LEVELS
from .tables import LEVEL_LABELS, _value, name_of, unit_of_measure

SHEET_FIGURES = "Số liệu"
SHEET_LEVELS = "Theo cấp"
SHEET_CHILDREN = "Theo đơn vị"
SHEET_PREVIOUS = "So với năm trước"
SHEET_TEXT = "Nội dung"


def sheets(payload: dict) -> list[tuple[str, list[str], list[list]]]:
    codes = payload.get("codes") or list(payload.get("figures") or {})
    figures, previous = payload.get("figures") or {}, payload.get("previous_year") or {}
    by_level = payload.get("by_level") or {}
    year = payload["year"]
    figure_rows = [[payload["unit"], year, code, name_of(payload, code), unit_of_measure(payload, code),
                    _value(figures.get(code))] for code in codes]
    level_rows = [[code, name_of(payload, code)] + [_value((by_level.get(code) or {}).get(level)) for level in LEVELS]
                  for code in codes]
    child_rows = [[child.get("unit"), child.get("name")] + [_value((child.get("figures") or {}).get(code))
                                                           for code in codes]
                  for child in payload.get("by_child") or []]
    previous_rows = []
    for code in codes:
        raw_current, raw_before = figures.get(code), previous.get(code)
        current = None if raw_current is None else _value(raw_current)
        before = None if raw_before is None else _value(raw_before)
        change = round((current - before) / before, 4) if before and current is not None else None
        previous_rows.append([code, name_of(payload, code), before, current, change])
    return [
        (SHEET_FIGURES, [_("Đơn vị"), _("Năm"), _("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Giá trị")],
         figure_rows),
        (SHEET_LEVELS, [_("Mã chỉ tiêu"), _("Chỉ tiêu")] + [_(LEVEL_LABELS[level]) for level in LEVELS], level_rows),
        (SHEET_CHILDREN, [_("Mã đơn vị"), _("Đơn vị")] + codes, child_rows),
        (SHEET_PREVIOUS, [_("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Năm %(y)s") % {"y": year - 1},
                          _("Năm %(y)s") % {"y": year}, _("Tăng/giảm (tỷ lệ)")], previous_rows),
        (SHEET_TEXT, [_("Nội dung báo cáo")], [[paragraph] for paragraph in payload.get("narrative") or []]),
    ]


def write_workbook(payload: dict, target) -> None:
    write_xlsx(target, sheets(payload))
