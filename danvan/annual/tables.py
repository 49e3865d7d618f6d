"""The report's tables as Party reports print them, shared by the web page, the print page, DOCX and XLSX.

Every table has a "TT" column, a total row, widths (names wide, numbers narrow), "—" where there is no
figure (never 0), the unit's children with no figures folded into one line ("… và 47 xã chưa có số
liệu"), and children that share a name across the 2025 reform told apart ("Tỉnh An Giang (cũ, đến
30/6/2025)").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from danvan.core.formatting import format_date_short, format_number, format_timestamp

from .narrative import LEVELS, value
from .narrative.words import percent

NO_DATA = "—"
LEVEL_LABELS = {"central": "Trung ương", "province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}
# The columns of the by-child table in the document (the workbook has every indicator).
COMPACT_CODES = ["dvk.registered", "dvk.recognised", "conference.dissemination", "dialogue", "petition.received",
                 "campaign.houses.completed"]
# Short column heads where a table has many indicator columns (the full names are in Bảng 1).
SHORT_NAMES = {"dvk.registered": "Mô hình DVK đăng ký", "dvk.recognised": "Mô hình DVK được công nhận",
               "conference.dissemination": "Hội nghị quán triệt", "dialogue": "Cuộc đối thoại",
               "petition.received": "Đơn thư tiếp nhận", "campaign.houses.completed": "Nhà hoàn thành (căn)"}
OWN_LEVEL = {"nation": "Các cơ quan Trung ương (trực tiếp)", "province": "Cấp tỉnh (trực tiếp)",
             "district": "Cấp huyện (trực tiếp)", "commune": "Cấp xã (trực tiếp)"}
KIND_WORDS = {"commune": "xã, phường", "district": "huyện, quận, thị xã, thành phố", "province": "tỉnh, thành phố"}


@dataclass
class Table:
    """A printable table: header, body rows, total row, a folded line, widths (cm) and the numeric columns."""

    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    folded: str = ""
    tail: list[list] = field(default_factory=list)  # rows after the folded line (the unit's own figures)
    widths: list[float] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)
    centred: list[bool] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)  # xlsx number format per column ("" = text)
    signed: list[bool] = field(default_factory=list)  # print "+965" / "−3.749"


def scope_text(payload: dict) -> str:
    """Boundaries and coverage of the figures: "Theo địa giới hành chính hiện nay; số liệu của 61/63 đơn vị…"."""
    from danvan.reports.coverage import coverage_sentence

    return coverage_sentence(payload.get("coverage") or {}, payload.get("boundaries") or "historical")


def name_note(payload: dict) -> str:
    """The unit's later name or successor, for a reader of an old report: "Tỉnh Kiên Giang nay là Tỉnh An
    Giang", "Tỉnh Hậu Giang nay thuộc Thành phố Cần Thơ"; "" when the name is today's."""
    name = payload.get("unit_name") or ""
    if payload.get("unit_now_in"):
        return _("%(old)s nay thuộc %(new)s") % {"old": name, "new": payload["unit_now_in"]}
    current = payload.get("unit_current_name") or name
    if current != name:
        return _("%(old)s nay là %(new)s") % {"old": name, "new": current}
    return ""


def scope_and_names(payload: dict) -> str:
    """The scope sentence and the name note as one line of sentences."""
    parts = [part.strip().rstrip(".") for part in (scope_text(payload), name_note(payload)) if part.strip()]
    return ". ".join(parts) + "." if parts else ""


def document_tables(payload: dict) -> list[Table]:
    """The appendix tables of the document and the print page (the workbook has fuller ones)."""
    return [figure_table(payload, drop_empty=True), level_table(payload), child_table(payload, compact=True)]


def as_of_text(payload: dict) -> str:
    """"23:05 ngày 21/11/2026" in local time."""
    return format_timestamp(payload.get("as_of") or "")


def name_of(payload: dict, code: str) -> str:
    return (payload.get("indicators") or {}).get(code, {}).get("name", code)


def unit_of_measure(payload: dict, code: str) -> str:
    return (payload.get("indicators") or {}).get(code, {}).get("unit", "")


def _value(raw):
    """The figure as int/float, or None when there is none."""
    number = value({"v": raw}, "v")
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def cell_text(raw, signed: bool = False) -> str:
    """How a figure prints in a table: "183.676", "17,6"; "+965" / "−3.749" for a change; "—" for no figure."""
    if raw is None or raw == "":
        return NO_DATA
    if isinstance(raw, int | float | Decimal):
        text = format_number(abs(raw) if signed else raw, 1 if isinstance(raw, float) and raw != int(raw) else 0)
        if signed and raw:
            text = ("+" if raw > 0 else "\u2212") + text
        return text
    return str(raw)


MILLION = Decimal(1_000_000)


def _money(raw):
    """Money prints in million đồng with one decimal (17.600.000.000 đồng -> 17.600,0 triệu đồng)."""
    if raw is None:
        return None
    return float((Decimal(str(raw)) / MILLION).quantize(Decimal("0.1")))


def _date(text: str | None) -> str:
    return format_date_short(datetime.date.fromisoformat(text)) if text else ""


def child_labels(children: list[dict]) -> list[str]:
    """Names, with units that share a name told apart by their dates."""
    counts: dict[str, int] = {}
    for child in children:
        name = child.get("name") or child.get("unit")
        counts[name] = counts.get(name, 0) + 1
    labels = []
    for child in children:
        name = child.get("name") or child.get("unit")
        if counts[name] > 1:
            if child.get("valid_to"):
                name = _("%(name)s (cũ, đến %(date)s)") % {"name": name, "date": _date(child["valid_to"])}
            elif child.get("valid_from") or child.get("name_since"):
                name = _("%(name)s (mới, từ %(date)s)") % {
                    "name": name, "date": _date(child.get("valid_from") or child["name_since"])}
        labels.append(name)
    return labels


def _diff(current, previous):
    # As in the text: no change is computed against a missing figure (None); a real 0 gives an absolute change.
    if current is None or previous is None:
        return None
    return current - previous


def _ratio(current, previous) -> str:
    if current is None or previous in (None, 0):
        return NO_DATA
    ratio = Decimal(str(current - previous)) / Decimal(str(previous))
    return ("+" if ratio > 0 else "\u2212" if ratio < 0 else "") + percent(abs(ratio))


def figure_rows(payload: dict) -> list[tuple[str, str, object, object]]:
    """(indicator name, unit of measure, this period, previous period) for every indicator."""
    figures, previous = payload.get("figures") or {}, payload.get("previous_year") or {}
    return [(name_of(payload, code), unit_of_measure(payload, code), _value(figures.get(code)),
             _value(previous.get(code))) for code in payload.get("codes") or list(figures)]


def period_words(payload: dict, offset: int = 0) -> str:
    year = int(payload["year"]) - offset
    return _("6 tháng năm %(y)s") % {"y": year} if payload.get("half") else _("Năm %(y)s") % {"y": year}


def figure_table(payload: dict, *, drop_empty: bool = False) -> Table:
    """Every indicator with this period, the previous one, the change and the rate. `drop_empty` (the document)
    leaves out indicators with no figure in either period and says how many in one line; the workbook keeps them."""
    table = Table(_("Kết quả chủ yếu"), [_("TT"), _("Chỉ tiêu"), _("Đơn vị tính"), period_words(payload),
                                         period_words(payload, 1), _("Tăng (+), giảm (−)"), _("Tỷ lệ")],
                  widths=[0.9, 4.8, 1.8, 2.2, 2.2, 2.3, 2.3],  # a rate such as "+1.992,2%" on one line
                  numeric=[False, False, False, True, True, True, True],
                  centred=[True, False, True, False, False, False, False],
                  formats=["", "", "", "#,##0", "#,##0", "+#,##0;-#,##0;0", ""],
                  signed=[False, False, False, False, False, True, False])
    empty = 0
    for name, uom, current, previous in figure_rows(payload):
        if drop_empty and current is None and previous is None:
            empty += 1
            continue
        ratio = _ratio(current, previous)
        if uom == "đồng":
            uom, current, previous = _("triệu đồng"), _money(current), _money(previous)
        table.rows.append([len(table.rows) + 1, name, uom, current, previous, _diff(current, previous), ratio])
    if empty and table.rows:
        table.folded = _("… và %(n)s chỉ tiêu khác chưa có số liệu") % {"n": format_number(empty)}
    elif empty:
        table.folded = _("Chưa có số liệu của %(n)s chỉ tiêu trong kỳ báo cáo và kỳ trước.") % {
            "n": format_number(empty)}
    return table


def level_table(payload: dict) -> Table:
    """Indicator × level; only indicators split over two or more levels, only levels that occur."""
    by_level = payload.get("by_level") or {}
    codes = [code for code in payload.get("codes") or list(by_level)
             if sum(1 for level in LEVELS if value(by_level.get(code), level)) > 1]
    levels = [level for level in LEVELS if any(value(by_level.get(code), level) for code in codes)]
    header = [_("TT"), _("Chỉ tiêu")] + [_(LEVEL_LABELS[lv]) for lv in levels] + [_("Tổng số")]
    table = Table(_("Phân theo cấp"), header,
                  widths=[1.0, 6.5] + [2.0] * len(levels) + [2.2],
                  numeric=[False, False] + [True] * (len(levels) + 1),
                  centred=[True, False] + [False] * (len(levels) + 1),
                  formats=["", ""] + ["#,##0"] * (len(levels) + 1))
    figures = payload.get("figures") or {}
    for index, code in enumerate(codes, start=1):
        split = by_level.get(code) or {}
        table.rows.append([index, name_of(payload, code)] + [_value(split.get(level)) for level in levels]
                          + [_value(figures.get(code))])
    return table


def child_codes(payload: dict, compact: bool) -> list[str]:
    codes = payload.get("codes") or list(payload.get("figures") or {})
    if compact:
        codes = [code for code in COMPACT_CODES if code in codes]
    return codes


def child_table(payload: dict, *, compact: bool = False, fold: bool = True) -> Table:
    """One row per child unit that has figures; the rest folded into one line; the unit's total last."""
    codes = child_codes(payload, compact)
    children = payload.get("by_child") or []
    labels = child_labels(children)
    number_width = max(1.6, min(2.4, 10.5 / max(1, len(codes))))
    heads = [_(SHORT_NAMES[c]) if compact and c in SHORT_NAMES else name_of(payload, c) for c in codes]
    table = Table(_("Phân theo đơn vị trực thuộc"), [_("TT"), _("Đơn vị")] + heads,
                  widths=[1.0, 16.5 - 1.0 - number_width * len(codes)] + [number_width] * len(codes),
                  numeric=[False, False] + [True] * len(codes), centred=[True, False] + [False] * len(codes),
                  formats=["", ""] + ["#,##0"] * len(codes))
    table.widths[1] = max(table.widths[1], 3.5)
    empty: list[dict] = []
    sums = [Decimal(0)] * len(codes)
    for child, label in zip(children, labels, strict=True):
        values = [_value((child.get("figures") or {}).get(code)) for code in codes]
        if fold and not any(values):
            empty.append(child)
            continue
        sums = [s + Decimal(str(v or 0)) for s, v in zip(sums, values, strict=True)]
        table.rows.append([len(table.rows) + 1, label] + values)
    if empty:
        kinds = {child.get("kind") for child in empty}
        word = KIND_WORDS.get(kinds.pop(), _("đơn vị")) if len(kinds) == 1 else _("đơn vị")
        if table.rows:
            table.folded = _("… và %(n)s %(word)s chưa có số liệu") % {"n": format_number(len(empty)), "word": word}
        else:
            table.folded = _("%(n)s %(word)s trực thuộc chưa có số liệu") % {"n": format_number(len(empty)),
                                                                            "word": word}
    figures = payload.get("figures") or {}
    totals = [_value(figures.get(code)) for code in codes]
    own = [(_value(t - s) if t is not None else None) for t, s in zip(totals, sums, strict=True)]
    if table.rows and any(own):
        label = _(OWN_LEVEL.get(payload.get("unit_kind", ""), "Đơn vị (trực tiếp)"))
        table.tail.append(["", label] + [v if v else None for v in own])
    table.total = ["", _("Tổng số")] + totals
    return table


def chart_table(title: str, uom: str, items: list[tuple[str, float]]) -> Table:
    """The table printed below a chart: TT, unit or level, the figure ("Số lượng (cuộc)")."""
    head = _("Số lượng (%(uom)s)") % {"uom": uom} if uom else _("Số lượng")
    return Table(title, [_("TT"), _("Đơn vị, cấp"), head],
                 rows=[[i, label, value] for i, (label, value) in enumerate(items, start=1)],
                 widths=[1.0, 10.0, 3.5], numeric=[False, False, True], centred=[True, False, False])


def chart_items(payload: dict, code: str, limit: int = 40) -> list[tuple[str, float]]:
    """(child name, value) for a bar chart, largest first, missing and zero left out."""
    children = payload.get("by_child") or []
    labels = child_labels(children)
    items = [(label, float(value(child.get("figures"), code) or 0)) for child, label in zip(children, labels,
                                                                                         strict=True)]
    items = [item for item in items if item[1]]
    return sorted(items, key=lambda item: -item[1])[:limit]


def level_items(payload: dict, code: str) -> list[tuple[str, float]]:
    split = (payload.get("by_level") or {}).get(code) or {}
    return [(_(LEVEL_LABELS[level]), float(value(split, level))) for level in LEVELS if value(split, level)]


def html_rows(table: Table) -> list[list[tuple[str, str]]]:
    """(text, css class) per cell, for the web and print pages."""
    def row(values):
        cells = []
        for i, raw in enumerate(values):
            if table.numeric[i]:
                cells.append((cell_text(raw, bool(table.signed and table.signed[i])), "num"))
            else:
                cells.append(("" if raw is None else str(raw), "c" if table.centred[i] else ""))
        return cells
    return [row(values) for values in table.rows]


def html_tail(table: Table) -> list[list[tuple[str, str]]]:
    return html_rows(Table(table.title, table.header, rows=table.tail, numeric=table.numeric,
                           centred=table.centred))


def html_total(table: Table) -> list[tuple[str, str]]:
    return html_rows(Table(table.title, table.header, rows=[table.total], numeric=table.numeric,
                           centred=table.centred))[0] if table.total else []


def appendix_note(payload: dict) -> str:
    doc = payload["document"]
    as_of = as_of_text(payload)
    if payload.get("boundaries") == "current":
        as_of += _(", theo địa giới hành chính hiện nay")
    if payload.get("status") == "final" and doc.get("appendix_line"):
        return _("(%(line)s; số liệu chốt đến %(as_of)s)") % {"line": doc["appendix_line"], "as_of": as_of}
    return _("(Kèm theo dự thảo Báo cáo %(title)s; số liệu cập nhật đến %(as_of)s)") % {
        "title": doc.get("title", ""), "as_of": as_of}


def chart_specs(payload: dict) -> list[tuple[str, str, list[tuple[str, float]]]]:
    """(title, unit of measure, items) for each chart the figures support."""
    specs = []
    for code in ("dvk.registered", "dialogue", "conference.dissemination"):
        items = chart_items(payload, code, limit=20)
        if len(items) > 1:
            title = _("%(name)s theo đơn vị trực thuộc") % {"name": name_of(payload, code)}
            if len(chart_items(payload, code, limit=10_000)) > 20:
                title += _(" (20 đơn vị cao nhất)")
            specs.append((title, unit_of_measure(payload, code), items))
    levels = level_items(payload, "dialogue")
    if len(levels) > 1:
        specs.append((_("Tiếp xúc, đối thoại theo cấp"), unit_of_measure(payload, "dialogue"), levels))
    return specs
