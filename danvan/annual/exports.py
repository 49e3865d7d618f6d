"""One entry point per output format, shared by the web views, the API and the command."""

from __future__ import annotations

from pathlib import Path

from danvan.core.forked import run_apart
from danvan.core.memory import release_freed_memory

from . import charts
from .render_html import render_html
from .render_xlsx import write_workbook
from .tables import chart_specs

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Keys of the JSON export (the web page uses the rest of the payload as well).
JSON_KEYS = ["unit", "unit_name", "year", "period", "boundaries", "as_of", "status", "figures", "coverage",
             "by_level", "by_child", "previous_year", "commendation_forms", "campaigns", "registers",
             "indicators", "narrative", "document"]


def json_payload(payload: dict) -> dict:
    data = {key: payload.get(key) for key in JSON_KEYS}
    if payload.get("finalised_at"):
        data["finalised_at"] = payload["finalised_at"]
    return data


def filename(payload: dict, fmt: str) -> str:
    suffix = "-hien-nay" if payload.get("boundaries") == "current" else ""
    prefix = "so-ket" if payload.get("half") else "tong-ket"
    return f"{prefix}-{payload['unit']}-{payload.get('period') or payload['year']}{suffix}.{fmt}"


def html(payload: dict) -> str:
    return render_html(payload)


def render_docx(payload: dict) -> bytes:
    """python-docx (with lxml, ~10 MB) is imported by the worker that builds a document, not by every worker
    at start: documents are built rarely and re-served from the cache (issue 16: worker memory)."""
    from .render_docx import render_docx as render

    return render(payload)


def _workbook_bytes(payload: dict) -> bytes:
    import io

    buffer = io.BytesIO()
    write_workbook(payload, buffer)
    return buffer.getvalue()


def write(payload: dict, fmt: str, path: Path) -> None:
    import json

    if fmt == "json":
        path.write_text(json.dumps(json_payload(payload), ensure_ascii=False, indent=2), encoding="utf-8")
    elif fmt == "html":
        path.write_text(render_html(payload), encoding="utf-8")
    elif fmt == "docx":
        path.write_bytes(render_docx(payload))
    elif fmt == "xlsx":
        write_workbook(payload, str(path))
    else:
        raise ValueError(fmt)


def document_bytes(payload: dict, fmt: str) -> bytes:
    """The DOCX or XLSX of `payload`, re-served from the cache while the payload (figures, texts, document fields)
    and the language are the same: the key is the payload's own digest, so an edit or a new figure is a new key
    and nothing stale is ever served (issue 16)."""
    import hashlib
    import json

    from django.conf import settings
    from django.core.cache import cache
    from django.utils.translation import get_language

    text = json.dumps(payload, default=str, ensure_ascii=False)
    key = f"annual-document:{fmt}:{get_language()}:{hashlib.sha256(text.encode()).hexdigest()}"
    body = cache.get(key)
    if body is None:
        # Built in a short-lived child: python-docx or openpyxl and the document's memory stay out of the worker.
        if fmt == "docx":
            charts.prepare([(title, items) for title, _uom, items in chart_specs(payload)])  # the cache is read here
            body = run_apart(lambda: render_docx(payload))
        else:
            body = run_apart(lambda: _workbook_bytes(payload))
        cache.set(key, body, getattr(settings, "REPORT_CACHE_SECONDS", 24 * 3600))
        release_freed_memory()  # the payload's text (and a document built here when no child could be used)
    return body
