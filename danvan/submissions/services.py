"""Writes on periodic reports: start, save (figures through the engine, narrative here), submit, return,
accept, reopen. Figures are the unit's own aggregates (`danvan.reports.services.datavalue_set`); an
accepted report locks them (see `locks.py`) until an approver reopens it with a reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import WRITE, ensure_can, ensure_can_approve_above
from danvan.core.audit import audit, audit_create
from danvan.core.concurrency import check_version, save_versioned
from danvan.core.db import insert_or_existing
from danvan.core.workflow import transition

from . import selectors
from .models import ReportForm, Submission

MAX_TEXT = 50_000


def ensure_can_decide(actor, submission: Submission) -> None:
    """Accept/return/reopen belong to the level above: an approver of a strict ancestor of the unit."""
    ensure_can_approve_above(actor, submission.unit, _(
        "Chỉ lãnh đạo đơn vị cấp trên mới được chấp nhận, trả lại hoặc mở lại báo cáo này."))


@transaction.atomic
def start(*, actor, form: ReportForm, unit, period: str, on_behalf: bool = False) -> Submission:
    """The unit's report for the form and period (created as a draft the first time)."""
    ensure_can(actor, WRITE, unit, on_behalf=on_behalf)
    p = selectors.check_period(form, unit, period)
    def find() -> Submission | None:
        return Submission.objects.select_for_update().filter(form=form, unit=unit, period=p.code).first()

    existing = find()
    if existing is not None:
        return existing
    new = Submission(form=form, unit=unit, period=p.code, period_start=p.start, period_end=p.end,
                     deadline=selectors.deadline_of(form, p))
    new.full_clean()

    def save() -> Submission:
        new.save()
        return new

    # Opened for the first time by two people at once: both get the one report.
    submission, created = insert_or_existing(save, find)
    if not created:
        return submission
    audit_create(actor=actor, action="submissions.report.created", target=submission, on_behalf=on_behalf)
    return submission


def _check_version(submission: Submission, expected_version: int | None) -> None:
    check_version(submission, expected_version, _(
        "Báo cáo này vừa được người khác sửa sau khi bạn mở. Hãy tải lại trang để xem thay đổi mới nhất rồi nhập "
        "lại; thay đổi của bạn chưa được lưu."))


def _ensure_editable(submission: Submission) -> None:
    if not submission.is_editable:
        raise ValidationError(_("Báo cáo đang ở trạng thái “%(status)s”, không sửa được.") % {
            "status": submission.get_status_display()}, code="locked")


@transaction.atomic
def save(*, actor, submission: Submission, values: dict[str, object] | None = None,
         narrative: dict[str, str] | None = None, expected_version: int | None, on_behalf: bool = False
         ) -> Submission:
    """Save figures (blank = no entered aggregate: the unit's records count) and narrative sections.

    All or nothing: every bad figure is reported (by indicator code) and nothing is saved."""
    from danvan.reports.models import DataValue
    from danvan.reports.services import datavalue_delete, datavalue_set

    ensure_can(actor, WRITE, submission.unit, on_behalf=on_behalf)
    submission = Submission.objects.select_for_update().select_related("form", "unit").get(pk=submission.pk)
    _check_version(submission, expected_version)
    _ensure_editable(submission)
    codes = selectors.entry_codes(submission.form)
    errors: dict[str, list[str]] = {}
    changed: dict[str, list] = {}
    for code, raw in (values or {}).items():
        if code not in codes:
            errors[code] = [_("Chỉ tiêu “%(code)s” không thuộc biểu mẫu này.") % {"code": code}]
            continue
        current = DataValue.objects.filter(unit=submission.unit, period=submission.period, indicator_id=code,
                                           category="", sector="").first()
        blank = raw is None or (isinstance(raw, str) and not raw.strip())
        try:
            if blank:
                if current is not None:
                    datavalue_delete(actor=actor, datavalue=current, on_behalf=on_behalf)
                    changed[code] = [str(current.value), None]
                continue
            if current is not None and _same(current.value, raw):
                continue
            saved = datavalue_set(actor=actor, unit=submission.unit, period=submission.period, indicator=code,
                                  value=raw, on_behalf=on_behalf)
            changed[code] = [str(current.value) if current else None, str(saved.value)]
        except ValidationError as error:
            errors[code] = error.messages
    if errors:
        raise ValidationError(errors)
    if narrative is not None:
        keys = {s["key"] for s in submission.form.section_list()}
        clean = {}
        for key, text in narrative.items():
            if key not in keys:
                raise ValidationError({key: _("Mục “%(key)s” không thuộc biểu mẫu này.") % {"key": key}})
            text = (text or "").replace("\r\n", "\n").strip()
            if len(text) > MAX_TEXT:
                raise ValidationError({key: _("Nội dung quá dài (tối đa 50.000 ký tự).")})
            clean[key] = text
        merged = {**submission.narrative, **clean}
        if merged != submission.narrative:
            changed["narrative"] = [submission.narrative, merged]
            submission.narrative = merged
    if changed:
        save_versioned(submission, expected_version=None, update_fields=["narrative"])
        audit(actor=actor, action="submissions.report.saved", target=submission, changes=changed,
              on_behalf=on_behalf)
    return submission


def _same(stored: Decimal, raw) -> bool:
    try:
        return Decimal(str(raw).strip().replace(",", ".")) == stored
    except (ArithmeticError, ValueError):
        return False


@transaction.atomic
def submit(*, actor, submission: Submission, expected_version: int | None = None, on_behalf: bool = False
           ) -> Submission:
    """Run the validation rules; blocking ones prevent submission, warnings go into the audit note."""
    ensure_can(actor, WRITE, submission.unit, on_behalf=on_behalf)
    submission = Submission.objects.select_for_update().select_related("form", "unit").get(pk=submission.pk)
    _check_version(submission, expected_version)
    results = selectors.check(submission)
    blocking = [r.message for r in results if r.blocking]
    if blocking:
        raise ValidationError(blocking, code="blocking_rules")
    now = timezone.now()
    extra = {"submitted_at": now, "submitted_by": actor}
    if submission.first_submitted_at is None:
        extra["first_submitted_at"] = now
    warnings = "; ".join(r.message for r in results)
    transition(submission, to=Submission.Status.SUBMITTED, actor=actor, action="submissions.report.submitted",
               note=(_("Cảnh báo: %(w)s") % {"w": warnings}) if warnings else "", extra_fields=extra,
               on_behalf=on_behalf)
    return submission


@transaction.atomic
def return_report(*, actor, submission: Submission, note: str) -> Submission:
    """Send a submitted report back to the unit with the reason."""
    ensure_can_decide(actor, submission)
    if not (note or "").strip():
        raise ValidationError({"note": _("Cần ghi rõ lý do trả lại báo cáo.")})
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == Submission.Status.ACCEPTED:
        raise ValidationError(_("Báo cáo đã được chấp nhận; dùng “Mở lại” để trả lại."), code="use_reopen")
    transition(submission, to=Submission.Status.RETURNED, actor=actor, action="submissions.report.returned",
               note=note.strip(), extra_fields={"decided_at": timezone.now(), "decided_by": actor,
                                                "decision_note": note.strip()})
    return submission


@transaction.atomic
def accept(*, actor, submission: Submission, note: str = "") -> Submission:
    """Accept a submitted report: its figures are locked from now on."""
    ensure_can_decide(actor, submission)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    transition(submission, to=Submission.Status.ACCEPTED, actor=actor, action="submissions.report.accepted",
               note=(note or "").strip(), extra_fields={"decided_at": timezone.now(), "decided_by": actor,
                                                        "decision_note": (note or "").strip()})
    return submission


@transaction.atomic
def reopen(*, actor, submission: Submission, reason: str) -> Submission:
    """Unlock an accepted report (back to the unit as returned); the reason is audited."""
    ensure_can_decide(actor, submission)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần ghi lý do mở lại báo cáo.")})
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != Submission.Status.ACCEPTED:
        raise ValidationError(_("Chỉ mở lại được báo cáo đã được chấp nhận."), code="not_accepted")
    transition(submission, to=Submission.Status.RETURNED, actor=actor, action="submissions.report.reopened",
               note=reason.strip(), extra_fields={"decided_at": timezone.now(), "decided_by": actor,
                                                  "decision_note": reason.strip()})
    return submission
