"""The print-ready HTML page of the report (A4, Times New Roman, the Party document layout).

The page keeps its charts as inline SVG (charts.bar_chart_svg); each chart is followed by its table.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import tables
from .charts import bar_chart_svg
from .tables import appendix_note, chart_specs


def _table(table: tables.Table) -> dict:
    return {"title": table.title, "header": table.header, "rows": tables.html_rows(table),
            "folded": table.folded, "tail": tables.html_tail(table), "total": tables.html_total(table),
            "columns": len(table.header)}


def context(payload: dict) -> dict:
    """Tables and charts derived from the payload, for both the web page and the print page."""
    built = tables.document_tables(payload)
    printed = [_table(t) for t in built if t.rows]
    notes = [t.folded for t in built if not t.rows and t.folded]
    charts = []
    for title, uom, items in chart_specs(payload):
        svg = bar_chart_svg(title, items)
        charts.append({"svg": mark_safe(svg),  # noqa: S308 (built from escaped parts in charts.py)
                       "table": _table(tables.chart_table(title, uom, items))})
    result = {
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
    result["tables_html"] = tables_html(result)
    return result


def _cells(row, strong: bool = False) -> str:
    parts = []
    for text, cls in row:
        body = conditional_escape(text)
        if strong:
            body = f"<strong>{body}</strong>"
        parts.append(f'<td class="{conditional_escape(cls)}">{body}</td>' if cls else f"<td>{body}</td>")
    return "".join(parts)


def _rows(rows) -> str:
    return "".join(f"<tr>{_cells(row)}</tr>" for row in rows)


def _head(header) -> str:
    return "".join(f"<th>{conditional_escape(h)}</th>" for h in header)


def tables_html(context: dict) -> SafeString:
    """The tables, notes and charts of the web and print pages as one string: the same markup the template
    loops made, about ten times faster (a national report has ~500 cells; issue 16). Every text is escaped."""
    out = []
    for n, t in enumerate(context["tables"], 1):
        title = conditional_escape(_("Bảng %(n)s. %(title)s") % {"n": n, "title": t["title"]})
        out.append(f'<p class="h2">{title}</p>\n')
        out.append(f'<table class="data"><thead><tr>{_head(t["header"])}</tr></thead>\n<tbody>{_rows(t["rows"])}\n')
        if t["folded"]:
            out.append(f'<tr><td colspan="{t["columns"]}"><em>{conditional_escape(t["folded"])}</em></td></tr>\n')
        out.append(_rows(t["tail"]) + "\n")
        if t["total"]:
            out.append(f'<tr class="total">{_cells(t["total"], strong=True)}</tr>')
        out.append("</tbody></table>\n")
    out.extend(f"<p><em>{conditional_escape(note)}</em></p>" for note in context["table_notes"])
    for n, c in enumerate(context["charts"], 1):
        out.append(f'<p class="h2">{conditional_escape(_("Biểu đồ %(n)s") % {"n": n})}</p>{c["svg"]}\n')
        out.append(f'<table class="data"><thead><tr>{_head(c["table"]["header"])}</tr></thead>\n'
                   f'<tbody>{_rows(c["table"]["rows"])}</tbody></table>\n')
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped; the SVG is built escaped


def render_html(payload: dict) -> str:
    return render_to_string("annual/print.html", context(payload))
