"""Reads: which years a unit can report on, the current section texts, and the report payload.

The payload is the one dict every output (web page, JSON, DOCX, XLSX, print HTML) is rendered from:
the engine's `annual_figures` plus the narrative, indicator names and the document fields. A final
report returns the snapshot taken when it was finalised, so its figures never move afterwards.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import asdict

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from danvan.core.formatting import format_place_date
from danvan.reports.cache import cached

from . import documents, engine, outline
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


def parse_period(value) -> tuple[int, int]:
    """"2023" -> (2023, 0) the year's summary; "2026S1" -> (2026, 1) the six-month review. Read by the reporting
    engine's one parser, so "năm 2023" and "6 tháng đầu năm 2026" are read too; a period of another kind (a
    quarter, a month, the second half) or an unreadable one is a BadRequest with a Vietnamese message."""
    from danvan.reports.periods import SEMESTER, YEAR
    from danvan.reports.periods import parse_period as read_period

    text = str(value).strip()
    try:
        period = read_period(text)
    except ValueError as error:
        raise BadRequest(str(error)) from None
    if period.type == YEAR:
        return parse_year(period.code), 0
    if period.type == SEMESTER and period.index == 1:
        year = parse_year(str(period.year))
        if datetime.date(year, 6, 30) > timezone.localdate() + datetime.timedelta(days=366):
            raise BadRequest(_("Kỳ %(value)s chưa bắt đầu.") % {"value": value})
        return year, 1
    raise BadRequest(_("Báo cáo tổng kết có cho cả năm (“2026”, “năm 2026”) hoặc cho 6 tháng đầu năm (“2026S1”, "
                       "“6 tháng đầu năm 2026”); “%(value)s” là %(label)s. Số liệu của kỳ này xem ở trang Số liệu.")
                     % {"value": value, "label": period.label})


def period_code(year: int, half: int) -> str:
    return f"{year}S1" if half else str(year)


def parse_boundaries(value) -> str:
    value = (value or "historical").strip()
    if value not in BOUNDARIES:
        raise BadRequest(_("Địa giới “%(value)s” không hợp lệ: dùng historical hoặc current.") % {"value": value})
    return value


def year_bounds(year: int, half: int = 0) -> tuple[datetime.date, datetime.date]:
    """The reporting period's first and last day (settings.REPORTING_YEAR_START, via the engine)."""
    from danvan.reports.periods import SEMESTER, YEAR, make_period

    period = make_period(SEMESTER, year, 1) if half else make_period(YEAR, year)
    return period.start, period.end


def check_unit_in_year(unit, year: int, half: int = 0) -> None:
    start, end = year_bounds(year, half)
    if (unit.valid_from and unit.valid_from > end) or (unit.valid_to and unit.valid_to < start):
        raise BadRequest(_("Đơn vị %(unit)s không tồn tại trong kỳ %(period)s.") % {
            "unit": unit.key, "period": period_code(year, half)})


def has_next_part(unit, year: int, half: int = 0) -> bool:
    """Part Two (next year's / the second half's tasks) only for a unit that still exists then."""
    _start, end = year_bounds(year, half)
    return unit.valid_to is None or unit.valid_to > end


def find_report(unit, year: int, boundaries: str, half: int = 0) -> AnnualReport | None:
    return AnnualReport.objects.filter(unit=unit, year=year, half=half, boundaries=boundaries).first()


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


def draft_mark(report: AnnualReport | None, status: str) -> str:
    """"DỰ THẢO" (or "Dự thảo lần 2") on a draft; nothing on a finalised report."""
    if status == AnnualReport.Status.FINAL:
        return ""
    if report is not None and report.draft_number:
        return _("Dự thảo lần %(n)s") % {"n": report.draft_number}
    return _("DỰ THẢO")


def document_fields(unit, year: int, report: AnnualReport | None, *, half: int = 0, with_next: bool = True) -> dict:
    """The header, date line and signature: the report's own values over the unit's issuing-body data."""
    start, end = year_bounds(year, half)
    day = report.report_date if report is not None and report.report_date else None
    fields = documents.defaults(unit, year, day=day or end, half=bool(half), has_next_part=with_next)
    if report is not None:
        for name in fields:
            value = getattr(report, name, "")
            if value:
                fields[name] = value
    recipients = [line.strip().lstrip("-").strip() for line in fields["recipients"].splitlines() if line.strip()]
    place_date = format_place_date(fields["place"], day) if day else documents.blank_date_line(fields["place"])
    commission = documents.commission_name(day or end, unit)
    return {**fields, "recipients": recipients, "date": day.isoformat() if day else None,
            "number_line": documents.number_line(fields["number"]),
            "place_date_line": place_date,
            "signature_lines": documents.signature_lines(fields.get("signing_formula", ""), fields["signer_title"],
                                                         fields["signer_position"]),
            "commission": str(commission),
            "draft_mark": draft_mark(report, report.status if report else AnnualReport.Status.DRAFT)}


def build_payload(*, unit, year: int, boundaries: str = "historical", report: AnnualReport | None = None,
                  half: int = 0, today: datetime.date | None = None) -> dict:
    """Everything a report output needs, JSON-ready."""
    if report is not None and report.is_final and report.snapshot:
        payload = {**report.snapshot, "status": report.status}
        payload["document"] = {**payload.get("document", {}), "draft_mark": ""}
        return payload
    start, end = year_bounds(year, half)
    # "Still overdue" is said as of the period's last day, or today while the period runs.
    status_day = min(end, today or timezone.localdate())

    def figures_and_registers() -> dict:
        if half:
            data = engine.half_year_figures(unit=unit, year=year, boundaries=boundaries)
        else:
            data = engine.annual_figures(unit=unit, year=year, boundaries=boundaries)
        split = engine.category_splits(unit=unit, year=year, half=half, boundaries=boundaries)
        data["commendation_forms"] = engine.commendation_forms(split)
        data["campaigns"] = engine.campaign_summaries(unit=unit, start=start, end=end)
        data["registers"] = engine.register_facts(unit=unit, start=start, end=end, status_day=status_day,
                                                  boundaries=boundaries, resolved=split.get("petition.resolved"))
        data["period_end"] = status_day.isoformat()
        if not half:
            data["multi_year"] = engine.multi_year_totals(unit=unit, year=year, boundaries=boundaries)
        return data

    # The figures and the registers' counts (campaigns, activities, petitions read live) until any figure or record
    # changes anywhere: the roll-ups' version and the records version (core.freshness).
    data = cached("annual-data", (unit.pk, year, boundaries, half, status_day.isoformat(), get_language()),
                  _data_version(), figures_and_registers)
    return assemble(data, unit=unit, year=year, boundaries=boundaries, report=report, half=half)


def _data_version() -> str | None:
    from danvan.core import freshness
    from danvan.reports import rollups

    if getattr(settings, "APPROVED_FIGURES_ONLY", False) or not rollups.usable():
        return None
    return f"{rollups.version()}.{freshness.version()}"


def assemble(data: dict, *, unit, year: int, boundaries: str, report: AnnualReport | None, half: int = 0,
             today: datetime.date | None = None) -> dict:
    """Add narrative, names and document fields to the engine's figures (no database reads for figures)."""
    from danvan.orgunits.selectors import names_at

    texts = current_texts(report)
    with_next = has_next_part(unit, year, half)
    doc = document_fields(unit, year, report, half=half, with_next=with_next)
    _start, end = year_bounds(year, half)
    by_child = data.get("by_child") or []
    child_units = engine.child_units([child.get("unit") for child in by_child])
    meta = engine.child_meta(child_units)
    # Names of the period on its own boundaries (VN-91 was Tỉnh Kiên Giang in 2023), today's on today's: one read
    # of the former names for the unit and its children.
    named = unit
    if boundaries == "historical":
        names = names_at([unit, *child_units], end)
        own = names[unit.key]
        if own.name != unit.name:
            named = copy.copy(unit)
            named.name, named.short_name, named.type_name = own.name, own.short_name, own.type_name
        for child in child_units:
            found = names[child.key]
            meta[child.key]["name"] = found.name
            meta[child.key]["name_since"] = found.since.isoformat() if found.since else None
            if found.name != found.current_name:
                meta[child.key]["current_name"] = found.current_name
    facts = UnitFacts.of(named, commission=doc["commission"])
    kind = outline.kind_of(unit)
    blocks = build_blocks({**data, "year": year}, facts, texts, half=half, with_next=with_next, outline_kind=kind)
    figures = data.get("figures") or {}
    codes = ordered_codes({**figures, **(data.get("previous_year") or {})})
    by_child = [{**child, **meta.get(child.get("unit"), {})} for child in by_child]
    return {
        "unit": unit.key,
        "unit_name": named.name,
        "unit_current_name": unit.name,
        "unit_now_in": unit.current_unit.name if unit.valid_to and unit.current_key not in ("", unit.key) else "",
        "unit_kind": unit.kind,
        "outline": kind,
        "year": year,
        "half": half,
        "period": period_code(year, half),
        "boundaries": boundaries,
        "as_of": data.get("as_of") or timezone.now().isoformat(),
        "status": report.status if report else AnnualReport.Status.DRAFT,
        "figures": figures,
        "coverage": data.get("coverage"),
        "by_level": data.get("by_level") or {},
        "by_child": by_child,
        "previous_year": data.get("previous_year"),
        "commendation_forms": data.get("commendation_forms") or {},
        "campaigns": data.get("campaigns") or [],
        "registers": data.get("registers") or {},
        "multi_year": data.get("multi_year") or {},
        "indicators": engine.indicator_labels(codes),
        "codes": codes,
        "narrative": [block.text for block in blocks],
        "blocks": [asdict(block) for block in blocks],
        "document": doc,
    }
