"""The print-ready HTML page of the annual report (A4, Times New Roman, the Party document layout)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import tables
from .charts import bar_chart_svg


def context(payload: dict) -> dict:
    """Tables and charts derived from the payload, for both the web page and the print page."""
    level_header, level_rows = tables.level_table(payload)
    child_header, child_rows = tables.child_table(payload, compact=True)
    charts = []
    for code in ("dvk.registered", "dialogue", "conference.dissemination"):
        svg = bar_chart_svg(_("%(name)s theo đơn vị trực thuộc") % {"name": tables.name_of(payload, code)},
                            tables.chart_items(payload, code))
        if svg:
            charts.append(mark_safe(svg))  # noqa: S308 (built from escaped parts in charts.py)
    level_chart = bar_chart_svg(
        _("Tiếp xúc, đối thoại theo cấp"),
        [(_(tables.LEVEL_LABELS[level]), float(value)) for level, value in
         ((payload.get("by_level") or {}).get("dialogue") or {}).items() if value and level in tables.LEVEL_LABELS])
    if level_chart:
        charts.append(mark_safe(level_chart))  # noqa: S308
    return {
        "payload": payload,
        "doc": payload["document"],
        "blocks": payload["blocks"],
        "figure_rows": [(name, uom, cur, prev, tables.comparison(cur, prev))
                        for name, uom, cur, prev in tables.figure_rows(payload)],
        "level_header": level_header, "level_rows": level_rows,
        "child_header": child_header, "child_rows": child_rows,
        "charts": charts,
        "as_of": tables.as_of_text(payload),
        "scope_text": tables.scope_text(payload),
        "previous_year": str(payload["year"] - 1),
        "year_text": str(payload["year"]),
    }


def render_html(payload: dict) -> str:
    return render_to_string("annual/print.html", context(payload))
