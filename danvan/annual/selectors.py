"""Reads: which years a unit can report on, the current section texts, and the report payload.

The payload is the one dict every output (web page, JSON, DOCX, XLSX, print HTML) is rendered from:
the engine's `annual_figures` plus the narrative, indicator names and the document fields. A final
report returns the snapshot taken when it was finalised, so its figures never move afterwards.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.formatting import format_place_date

from . import documents, engine
from .models import AnnualReport, AnnualReportSectionVersion
from .narrative import CORE_CODES, UnitFacts, build_blocks

MIN_YEAR = 2000
BOUNDARIES = ("historical", "current")


class BadRequest(ValueError):
    """A unit, year or boundaries value the report cannot be made for (message in Vietnamese)."""


def parse_year(value) -> int:
    text = str(value).strip()
    if not text.isdigit() or len(text) != 4:
        raise BadRequest(_("Năm “%(value)s” không hợp lệ: cần 4 chữ số, ví dụ 2023.") % {"value": value})
    year = int(text)
    last = timezone.localdate().year
    if not MIN_YEAR <= year <= last:
        raise BadRequest(_("Năm %(year)s nằm ngoài khoảng %(first)s–%(last)s.") % {
            "year": year, "first": MIN_YEAR, "last": last})
    return year


def parse_boundaries(value) -> str:
    value = (value or "historical").strip()
    if value not in BOUNDARIES:
        raise BadRequest(_("Địa giới “%(value)s” không hợp lệ: dùng historical hoặc current.") % {"value": value})
    return value


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The reporting year's first and last day (settings.REPORTING_YEAR_START, via the engine)."""
    from danvan.reports.periods import YEAR, make_period

    period = make_period(YEAR, year)
    return period.start, period.end


def check_unit_in_year(unit, year: int) -> None:
    start, end = year_bounds(year)
    if (unit.valid_from and unit.valid_from > end) or (unit.valid_to and unit.valid_to < start):
        raise BadRequest(_("Đơn vị %(unit)s không tồn tại trong năm %(year)s.") % {"unit": unit.key, "year": year})


def find_report(unit, year: int, boundaries: str) -> AnnualReport | None:
    return AnnualReport.objects.filter(unit=unit, year=year, boundaries=boundaries).first()


def current_texts(report: AnnualReport | None) -> dict[str, str]:
    """The newest version of each section."""
    if report is None or report.pk is None:
        return {}
    newest = (AnnualReportSectionVersion.objects.filter(report=report).values("section")
              .annotate(last=Max("id")).values_list("last", flat=True))
    return dict(AnnualReportSectionVersion.objects.filter(id__in=list(newest)).values_list("section", "text"))


def section_history(report: AnnualReport, section: str):
    return AnnualReportSectionVersion.objects.filter(report=report, section=section).select_related("author")


def ordered_codes(figures: dict) -> list[str]:
    extra = sorted(code for code in figures if code not in CORE_CODES)
    return [code for code in CORE_CODES if code in figures] + extra


def document_fields(unit, year: int, report: AnnualReport | None, today: datetime.date) -> dict:
    fields = documents.defaults(unit, year)
    if report is not None:
        for name in fields:
            value = getattr(report, name)
            if value:
                fields[name] = value
    day = documents.document_date(report.report_date if report else None, today)
    recipients = [line.strip().lstrip("-").strip() for line in fields["recipients"].splitlines() if line.strip()]
    return {**fields, "recipients": recipients, "date": day.isoformat(),
            "number_line": documents.number_line(fields["number"]),
            "place_date_line": format_place_date(fields["place"], day)}


def build_payload(*, unit, year: int, boundaries: str = "historical", report: AnnualReport | None = None,
                  today: datetime.date | None = None) -> dict:
    """Everything a report output needs, JSON-ready."""
    if report is not None and report.is_final and report.snapshot:
        return {**report.snapshot, "status": report.status}
    today = today or timezone.localdate()
    data = engine.annual_figures(unit=unit, year=year, boundaries=boundaries)
    return assemble(data, unit=unit, year=year, boundaries=boundaries, report=report, today=today)


def assemble(data: dict, *, unit, year: int, boundaries: str, report: AnnualReport | None,
             today: datetime.date) -> dict:
    """Add narrative, names and document fields to the engine's figures (no database reads for figures)."""
    texts = current_texts(report)
    blocks = build_blocks({**data, "year": year}, UnitFacts.of(unit), texts)
    figures = data.get("figures") or {}
    codes = ordered_codes({**figures, **(data.get("previous_year") or {})})
    return {
        "unit": unit.key,
        "unit_name": unit.name,
        "year": year,
        "boundaries": boundaries,
        "as_of": data.get("as_of") or timezone.now().isoformat(),
        "status": report.status if report else AnnualReport.Status.DRAFT,
        "figures": figures,
        "by_level": data.get("by_level") or {},
        "by_child": data.get("by_child") or [],
        "previous_year": data.get("previous_year") or {},
        "coverage": data.get("coverage") or {},
        "indicators": engine.indicator_labels(codes),
        "codes": codes,
        "narrative": [block.text for block in blocks],
        "blocks": [asdict(block) for block in blocks],
        "document": document_fields(unit, year, report, today),
    }
