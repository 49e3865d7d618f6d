"""The report's tables as plain rows, shared by the web page, the print page, DOCX and XLSX."""

from __future__ import annotations

from django.utils.translation import gettext as _

from danvan.core.formatting import format_change, format_timestamp

from .narrative import LEVELS, number

LEVEL_LABELS = {"central": "Trung ương", "province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}
# The columns of the by-child table in the document (the workbook has every indicator).
COMPACT_CODES = ["dvk.registered", "dvk.recognised", "conference.dissemination", "dialogue", "petition.received",
                 "campaign.houses.completed"]


def _value(raw):
    value = number({"v": raw}, "v")
    return int(value) if value == value.to_integral_value() else float(value)



def _maybe(raw):
    """None stays None: no data is not 0."""
    return None if raw is None else _value(raw)


def comparison(current, previous) -> str:
    """The change from the previous year, only where both years have data (never "giảm 100%" from a gap)."""
    if current is None or previous is None:
        return ""
    return format_change(current, previous)


def scope_text(payload: dict) -> str:
    """Boundaries and coverage of the figures: "Theo địa giới hành chính hiện nay; số liệu của 61/63 đơn vị…"."""
    from danvan.reports.coverage import coverage_sentence

    return coverage_sentence(payload.get("coverage") or {}, payload.get("boundaries") or "historical")


def as_of_text(payload: dict) -> str:
    """"23:05 ngày 21/11/2026" in local time."""
    return format_timestamp(payload.get("as_of") or "")


def name_of(payload: dict, code: str) -> str:
    return (payload.get("indicators") or {}).get(code, {}).get("name", code)


def unit_of_measure(payload: dict, code: str) -> str:
    return (payload.get("indicators") or {}).get(code, {}).get("unit", "")


def figure_rows(payload: dict) -> list[tuple[str, str, object, object]]:
    """(indicator name, unit of measure, this year, previous year) for every indicator; None = no data."""
    figures, previous = payload.get("figures") or {}, payload.get("previous_year") or {}
    return [(name_of(payload, code), unit_of_measure(payload, code), _maybe(figures.get(code)),
             _maybe(previous.get(code))) for code in payload.get("codes") or list(figures)]


def level_table(payload: dict) -> tuple[list[str], list[list]]:
    """Indicator × level; only indicators with a non-zero split and only levels that occur."""
    by_level = payload.get("by_level") or {}
    codes = [code for code in payload.get("codes") or list(by_level)
             if any(number(by_level.get(code), level) for level in LEVELS)]
    levels = [level for level in LEVELS if any(number(by_level.get(code), level) for code in codes)]
    header = [_("Chỉ tiêu")] + [_(LEVEL_LABELS[level]) for level in levels]
    rows = [[name_of(payload, code)] + [_value((by_level.get(code) or {}).get(level)) for level in levels]
            for code in codes]
    return header, rows


def child_codes(payload: dict, compact: bool) -> list[str]:
    codes = payload.get("codes") or list(payload.get("figures") or {})
    if compact:
        codes = [code for code in COMPACT_CODES if code in codes]
    return codes


def child_table(payload: dict, *, compact: bool = False) -> tuple[list[str], list[list]]:
    codes = child_codes(payload, compact)
    header = [_("Đơn vị")] + [name_of(payload, code) for code in codes]
    rows = [[child.get("name") or child.get("unit")] + [_value((child.get("figures") or {}).get(code))
                                                       for code in codes]
            for child in payload.get("by_child") or []]
    return header, rows


def chart_items(payload: dict, code: str, limit: int = 40) -> list[tuple[str, float]]:
    """(child name, value) for a bar chart, largest first, zeros left out."""
    items = [(child.get("name") or child.get("unit"), float(number(child.get("figures"), code)))
             for child in payload.get("by_child") or []]
    items = [item for item in items if item[1]]
    return sorted(items, key=lambda item: -item[1])[:limit]
