"""Báo cáo tình hình Nhân dân: draft, edit, submit (the approval workflow comes from the reporting app)."""

from __future__ import annotations

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can, ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.concurrency import save_versioned
from danvan.core.db import insert_unique
from danvan.core.text import nfc
from danvan.core.workflow import transition
from danvan.orgunits.models import OrgUnit

from ..models import Case, Field, SentimentIssue, SentimentReport

PeriodType = SentimentReport.PeriodType


def period_bounds(period_type: str, code: str) -> tuple[datetime.date, datetime.date]:
    """Calendar bounds of a report period: month "202311", quarter "2023Q3", urgent report "20231105"."""
    code = (code or "").strip().upper()
    error = ValidationError({"period_code": _("Kỳ báo cáo không hợp lệ: tháng dạng 202311, quý dạng 2023Q3, "
                                              "báo cáo nhanh dạng ngày 20231105.")})
    try:
        if period_type == PeriodType.MONTH and re.fullmatch(r"\d{6}", code):
            year, month = int(code[:4]), int(code[4:])
            return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
        if period_type == PeriodType.QUARTER and re.fullmatch(r"\d{4}Q[1-4]", code):
            year, quarter = int(code[:4]), int(code[5])
            start = datetime.date(year, 3 * quarter - 2, 1)
            end_month = 3 * quarter
            return start, datetime.date(year, end_month, calendar.monthrange(year, end_month)[1])
        if period_type == PeriodType.URGENT and re.fullmatch(r"\d{8}", code):
            day = datetime.date(int(code[:4]), int(code[4:6]), int(code[6:]))
            return day, day
    except ValueError:
        raise error from None
    raise error


def _period_code(period_type: str, text: str) -> str:
    """A month or quarter typed as people write it ("Quý 3/2026", "11/2026") -> its code, by the one parser."""
    from danvan.reports.periods import MONTH, QUARTER, parse_period

    if period_type in (PeriodType.MONTH, PeriodType.QUARTER):
        try:
            period = parse_period(text)
        except ValueError:
            return text
        wanted = MONTH if period_type == PeriodType.MONTH else QUARTER
        if period.type == wanted:
            return period.code
    return text


def _clean_issues(issues) -> list[dict]:
    cleaned = []
    for i, issue in enumerate(issues or [], start=1):
        description = nfc(issue.get("description", ""))
        field = issue.get("field", "")
        if not description:
            continue
        if field not in Field.values:
            raise ValidationError({"issues": _("Vấn đề thứ %(n)s: hãy chọn lĩnh vực.") % {"n": i}})
        try:
            raw = issue.get("mentions")
            mentions = 1 if raw in (None, "") else int(raw)
        except (TypeError, ValueError):
            mentions = -1
        if mentions < 1:
            raise ValidationError({"issues": _("Vấn đề thứ %(n)s: số lượt phản ánh phải là số nguyên dương.") % {
                "n": i}})
        cleaned.append({"field": field, "description": description[:500], "mentions": mentions,
                        "is_hot": bool(issue.get("is_hot"))})
    return cleaned


def _check_cases(actor, cases) -> list[Case]:
    for case in cases:
        if not can(actor, "view", case):
            raise ValidationError({"cases": _("Có vụ việc liên quan nằm ngoài phạm vi của bạn.")})
    return list(cases)


def _issues_snapshot(report: SentimentReport) -> list:
    return [[i.field, i.description, i.mentions, i.is_hot] for i in report.issues.all()]


@transaction.atomic
def sentiment_create(*, actor, unit: OrgUnit, period_type: str, period_code: str, title: str, mood: str,
                     mood_note: str = "", hot_issues: str = "", proposals: str = "", issues=(), cases=(),
                     on_behalf: bool = False) -> SentimentReport:
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    period_code = _period_code(period_type, period_code)
    start, end = period_bounds(period_type, period_code)
    if start > timezone.localdate():
        raise ValidationError({"period_code": _("Kỳ báo cáo chưa bắt đầu.")})
    report = SentimentReport(unit=unit, period_type=period_type, period_code=period_code.strip().upper(),
                             period_start=start, period_end=end, title=nfc(title), mood=mood,
                             mood_note=nfc(mood_note), hot_issues=nfc(hot_issues), proposals=nfc(proposals),
                             created_by=actor if getattr(actor, "pk", None) else None)
    if (period_type != PeriodType.URGENT and SentimentReport.objects.filter(
            unit=unit, period_type=period_type, period_code=report.period_code).exists()):
        raise ValidationError({"period_code": _("Đơn vị đã có báo cáo cho kỳ này.")})
    report.full_clean(exclude=["period_start", "period_end"])
    cleaned = _clean_issues(issues)
    linked = _check_cases(actor, cases)
    insert_unique(report)  # a parallel report of the same unit and period: 409
    SentimentIssue.objects.bulk_create(SentimentIssue(report=report, **i) for i in cleaned)
    report.cases.set(linked)
    audit_create(actor=actor, action="petitions.sentiment.created", target=report, on_behalf=on_behalf)
    return report


@transaction.atomic
def sentiment_update(*, actor, report: SentimentReport, expected_version: int | None, issues=None, cases=None,
                     on_behalf: bool = False, **changes) -> SentimentReport:
    ensure_can(actor, "write", report, on_behalf=on_behalf)
    if report.status != SentimentReport.Status.DRAFT:
        raise ValidationError(_("Báo cáo đã gửi nên không thể sửa."))
    allowed = {"title", "mood", "mood_note", "hot_issues", "proposals"}
    if set(changes) - allowed:
        raise ValueError(f"not editable: {sorted(set(changes) - allowed)}")
    before = snapshot(report)
    before["issues"] = _issues_snapshot(report)
    for name, value in changes.items():
        setattr(report, name, nfc(value) if isinstance(value, str) and name != "mood" else value)
    report.full_clean(exclude=["period_start", "period_end"])
    save_versioned(report, expected_version=expected_version, update_fields=sorted(changes) or ["title"])
    if issues is not None:
        cleaned = _clean_issues(issues)
        report.issues.all().delete()
        SentimentIssue.objects.bulk_create(SentimentIssue(report=report, **i) for i in cleaned)
    if cases is not None:
        report.cases.set(_check_cases(actor, cases))
    after = snapshot(report)
    after["issues"] = _issues_snapshot(report)
    changed = diff(before, after)
    if changed:
        audit(actor=actor, action="petitions.sentiment.updated", target=report, changes=changed,
              on_behalf=on_behalf)
    return report


@transaction.atomic
def sentiment_submit(*, actor, report: SentimentReport, on_behalf: bool = False) -> SentimentReport:
    ensure_can(actor, "write", report, on_behalf=on_behalf)
    report = SentimentReport.objects.select_for_update().get(pk=report.pk)
    return transition(report, to=SentimentReport.Status.SUBMITTED, actor=actor, action="petitions.sentiment.submitted",
                      extra_fields={"submitted_on": timezone.localdate()}, on_behalf=on_behalf)
