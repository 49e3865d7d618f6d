"""The print-ready HTML page of the report (A4, Times New Roman, the Party document layout).

The page keeps its charts as inline SVG (charts.bar_chart_svg); each chart is followed by its table.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from . import tables
from .charts import bar_chart_svg
from .render_docx import appendix_note, chart_specs


def _table(table: tables.Table) -> dict:
    return {"title": table.title, "header": table.header, "rows": tables.html_rows(table),
            "folded": table.folded, "tail": tables.html_tail(table), "total": tables.html_total(table),
            "columns": len(table.header)}


def context(payload: dict) -> dict:
    """Tables and charts derived from the payload, for both the web page and the print page."""
    printed = [_table(t) for t in tables.document_tables(payload) if t.rows]
    notes = [t.folded for t in tables.document_tables(payload) if not t.rows and t.folded]
    charts = []
    for title, uom, items in chart_specs(payload):
        svg = bar_chart_svg(title, items)
        charts.append({"svg": mark_safe(svg),  # noqa: S308 (built from escaped parts in charts.py)
                       "table": _table(tables.chart_table(title, uom, items))})
    return {
        "payload": payload,
        "doc": payload["document"],
        "blocks": payload["blocks"],
        "tables": printed,
        "charts": charts,
        "as_of": tables.as_of_text(payload),
        "appendix_note": appendix_note(payload),
        "scope_text": tables.scope_and_names(payload),
        "table_notes": notes,
        "year_text": str(payload["year"]),
    }


def render_html(payload: dict) -> str:
    return render_to_string("annual/print.html", context(payload))
