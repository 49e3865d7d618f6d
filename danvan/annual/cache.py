"""Cached annual report pages and documents (issue 16).

Keyed by unit, year, boundaries, the version of the unit's roll-ups of the year and the year before
(`reports.cache.figures_version`), the report's text version (record version, status, saved section
versions) and the day (an undated report carries today's date). Any change of figures or text changes
the key, so a change shows at once; a final report is keyed by its snapshot's record version.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from danvan.reports.cache import cached, figures_version

from . import selectors
from .models import AnnualReport, AnnualReportSectionVersion
from .render_html import context as print_context


def text_version(record: AnnualReport | None) -> str:
    if record is None:
        return "none"
    # Section versions are only ever added: their count grows with every saved text.
    sections = AnnualReportSectionVersion.objects.filter(report=record).count()
    return f"{record.pk}.{record.version}.{record.status}.{record.updated_at.timestamp()}.{sections}"


def version(unit, year: int, boundaries: str, record: AnnualReport | None) -> str | None:
    if record is not None and record.is_final and record.snapshot:
        figures = "final"  # the snapshot holds the figures
    else:
        figures = figures_version(unit.pk, [year, year - 1], boundaries)
        if figures is None:
            return None
    return f"{figures}|{text_version(record)}|{timezone.localdate().isoformat()}"


def page_parts(unit, year: int, boundaries: str, record: AnnualReport | None) -> tuple[dict, dict, str]:
    """(payload, print context, rendered figure tables) of the report page."""

    def compute():
        payload = selectors.build_payload(unit=unit, year=year, boundaries=boundaries, report=record)
        context = print_context(payload)
        return payload, context, render_to_string("annual/_tables.html", context)

    return cached("annual_page", (unit.pk, year, boundaries), version(unit, year, boundaries, record), compute)


def document(unit, year: int, boundaries: str, record: AnnualReport | None, fmt: str, build) -> bytes | str:
    """A download (DOCX, XLSX, print HTML, JSON), re-served until its figures or text change."""
    return cached("annual_document", (unit.pk, year, boundaries, fmt), version(unit, year, boundaries, record),
                  build)
