"""Reads for periodic reports: periods and deadlines, the entry grid, rule checks, the completeness board."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.orgunits.models import OrgUnit

from .models import ReportForm, Submission


def check_period(form: ReportForm, unit: OrgUnit, period: str):
    """The engine Period for `period`, checked against the form's period type and the unit's lifetime."""
    from danvan.reports.periods import parse_period

    try:
        p = parse_period(str(period).strip())
    except ValueError as error:
        raise ValidationError({"period": [str(error)]}) from None
    if p.type != form.period_type:
        raise ValidationError({"period": [_("Biểu mẫu “%(form)s” báo cáo theo %(type)s, không theo kỳ %(period)s.") % {
            "form": form.name, "type": form.get_period_type_display().lower(), "period": p.label}]})
    if not form.applies_to(unit):
        raise ValidationError({"form": [_("Biểu mẫu “%(form)s” không áp dụng cho %(unit)s.") % {
            "form": form.name, "unit": unit.name}]})
    if (unit.valid_from and unit.valid_from > p.end) or (unit.valid_to and unit.valid_to < p.start):
        raise ValidationError({"period": [_("Đơn vị “%(unit)s” không tồn tại trong %(period)s.") % {
            "unit": unit.name, "period": p.label}]})
    return p


def deadline_of(form: ReportForm, period) -> datetime.date:
    return period.end + datetime.timedelta(days=form.deadline_days)


def entry_codes(form: ReportForm) -> list[str]:
    """Codes a unit enters on this form (formula indicators are computed, not entered)."""
    from danvan.reports.models import Indicator

    formulas = set(Indicator.objects.filter(code__in=form.indicators, source=Indicator.Source.FORMULA)
                   .values_list("code", flat=True))
    return [code for code in form.indicators if code not in formulas]


@dataclass
class Row:
    code: str
    name: str
    unit_of_measure: str
    aggregate: Decimal | None
    records: Decimal
    total: Decimal  # rolled up over the unit and everything below it
    editable: bool

    @property
    def effective(self) -> Decimal:
        return self.aggregate if self.aggregate is not None else self.records


def rows(submission: Submission) -> list[Row]:
    """The form's figures for the unit: entered aggregate, record-derived value, subtree total."""
    from danvan.reports.models import Indicator
    from danvan.reports.selectors import figures, own_values

    codes = list(submission.form.indicators)
    names = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    own = own_values(unit=submission.unit, period=submission.period, indicators=codes)
    totals = figures(unit=submission.unit, period=submission.period, indicators=codes)
    editable = set(entry_codes(submission.form))
    result = []
    for code in codes:
        info = names.get(code)
        result.append(Row(code=code, name=info.name if info else code, unit_of_measure=info.unit_of_measure if info
                          else "", aggregate=own.get(code, {}).get("aggregate"),
                          records=own.get(code, {}).get("records") or Decimal(0),
                          total=totals.get(code, Decimal(0)), editable=code in editable))
    return result


def check(submission: Submission) -> list:
    """The engine's validation rules on the unit's own effective values."""
    from danvan.reports.validation import run_rules

    values = {row.code: row.effective for row in rows(submission)}
    return run_rules(unit=submission.unit, period=submission.period, values=values)


def applicable_forms(unit: OrgUnit) -> list[ReportForm]:
    return [form for form in ReportForm.objects.filter(active=True) if form.applies_to(unit)]


# --- completeness ------------------------------------------------------------------------------------

ON_TIME, LATE, MISSING = "on_time", "late", "missing"


class UnitRow(NamedTuple):
    """The unit fields a board row shows (read as tuples: building thousands of models cost ~0,3 s)."""

    id: int
    key: str
    name: str
    path: str
    level: str
    kind: str
    parent_id: int | None

    @property
    def pk(self) -> int:
        return self.id


@dataclass
class BoardRow:
    unit: UnitRow
    submission: Submission | None
    state: str  # on_time | late | missing
    overdue: bool  # missing and the deadline has passed


@dataclass
class Board:
    form: ReportForm
    period: object
    root: OrgUnit
    deadline: datetime.date
    rows: list[BoardRow] = field(default_factory=list)

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.state != MISSING)

    @property
    def accepted(self) -> int:
        return sum(1 for row in self.rows if row.submission and row.submission.status == Submission.Status.ACCEPTED)

    @property
    def on_time(self) -> int:
        return self.count(ON_TIME)

    @property
    def late(self) -> int:
        return self.count(LATE)

    @property
    def missing(self) -> int:
        return self.count(MISSING)

    def reminders(self) -> list[BoardRow]:
        """Units to remind: nothing reported yet, or reported after the deadline."""
        return [row for row in self.rows if row.state in (LATE, MISSING)]


def expected_units(root: OrgUnit, form: ReportForm, period) -> QuerySet:
    """Units below `root` (historical boundaries) of the form's kinds/levels that exist at the period's end."""
    qs = OrgUnit.objects.filter(path__startswith=root.path).exclude(pk=root.pk).valid_on(period.end)
    if form.unit_kinds:
        qs = qs.filter(kind__in=form.unit_kinds)
    if form.unit_levels:
        qs = qs.filter(level__in=form.unit_levels)
    return qs.order_by("path")


def unit_tree_version() -> str:
    """A version of the unit tree for cached unit lists: the last roll-up rebuild (a change to the unit tree is
    followed by `rebuild_rollups`, which the roll-ups need too: docs/performance.md) and the newest unit id."""
    from django.db.models import Subquery

    from danvan.reports.models import RollupState

    newest = OrgUnit.objects.order_by("-pk").values("pk")[:1]
    found = RollupState.objects.order_by("pk").values_list("built_at", Subquery(newest)).first()  # one read
    built, unit_id = found if found else (None, OrgUnit.objects.order_by("-pk").values_list("pk", flat=True).first())
    return f"{built.timestamp() if built else 0:.0f}.{unit_id or 0}"


def expected_unit_rows(root: OrgUnit, form: ReportForm, period) -> list[UnitRow]:
    """`expected_units` as plain rows, kept in the cache per unit tree version (issue 16: a national board read
    10.000+ units on every request; the list changes only with the unit tree or the form's kinds and levels)."""
    from danvan.reports.cache import cached

    def compute() -> list[UnitRow]:
        return [UnitRow(*row) for row in expected_units(root, form, period).values_list(*UnitRow._fields)]

    parts = (root.pk, root.path, tuple(form.unit_kinds or ()), tuple(form.unit_levels or ()), period.end.isoformat())
    return cached("board-units", parts, unit_tree_version(), compute)


def completeness(*, root: OrgUnit, form: ReportForm, period: str, today: datetime.date | None = None) -> Board:
    from danvan.reports.periods import parse_period

    p = parse_period(period)
    if p.type != form.period_type:
        raise ValidationError({"period": [_("Biểu mẫu “%(form)s” báo cáo theo %(type)s, không theo %(period)s.") % {
            "form": form.name, "type": form.get_period_type_display().lower(), "period": p.label}]})
    today = today or timezone.localdate()
    deadline = deadline_of(form, p)
    board = Board(form=form, period=p, root=root, deadline=deadline)
    # Plain rows, not model instances: a national board lists thousands of units (issue 16).
    units = expected_unit_rows(root, form, p)
    submissions = {s.unit_id: s for s in Submission.objects.filter(
        form=form, period=p.code, unit__path__startswith=root.path).select_related("submitted_by")}
    for unit in units:
        submission = submissions.get(unit.id)
        if submission is None or not submission.is_reported:
            state = MISSING
        else:
            first = submission.first_submitted_at or submission.submitted_at
            state = ON_TIME if timezone.localtime(first).date() <= submission.deadline else LATE
        board.rows.append(BoardRow(unit=unit, submission=submission, state=state,
                                   overdue=state == MISSING and today > deadline))
    return board


def contacts(unit_ids: list[int]) -> dict[int, list[str]]:
    """Officers and approvers of each unit, "Name <email>", for reminders."""
    from danvan.accounts.models import Membership

    found: dict[int, list[str]] = {}
    for unit_id, name, username, email in Membership.objects.filter(
            unit_id__in=unit_ids, role__in=["officer", "approver"], user__is_active=True).values_list(
            "unit_id", "user__full_name", "user__username", "user__email").order_by("unit_id", "user__username"):
        label = name or username
        found.setdefault(unit_id, []).append(f"{label} <{email}>" if email else label)
    return found


# --- work queue (issue 15) ----------------------------------------------------------------------

DUE_SOON_DAYS = 7


@dataclass
class DueReport:
    form: ReportForm
    unit: OrgUnit
    period: str
    deadline: datetime.date
    late: bool


def queue(user, *, today: datetime.date | None = None) -> dict:
    """Periodic reports waiting for this user.

    awaiting: reports submitted by units strictly below a unit the user approves (the level above
    accepts or returns); returned: the user's units' reports sent back, with the note; due: for each
    unit the user writes for and each form applying to it, the last ended period when its report is not
    submitted and the deadline is at most DUE_SOON_DAYS ahead (late when the deadline has passed).
    """
    from danvan.accounts.permissions import WRITE, grants, scope, scope_below
    from danvan.reports.periods import period_containing

    today = today or timezone.localdate()
    awaiting = scope_below(Submission.objects.filter(status=Submission.Status.SUBMITTED), user).count()
    returned = list(scope(Submission.objects.filter(status=Submission.Status.RETURNED), user, WRITE)
                    .select_related("form", "unit").order_by("-decided_at")[:50])
    due: list[DueReport] = []
    unit_ids = [g.unit_id for g in grants(user) if WRITE in g.actions]
    if unit_ids:
        forms = list(ReportForm.objects.filter(active=True))
        units = list(OrgUnit.objects.filter(pk__in=unit_ids))
        wanted = []
        for unit in units:
            for form in forms:
                if form.applies_to(unit):
                    period = period_containing(today, form.period_type).previous()
                    deadline = deadline_of(form, period)
                    if (deadline - today).days <= DUE_SOON_DAYS:
                        wanted.append((form, unit, period.code, deadline))
        if wanted:
            reported = set(Submission.objects.filter(
                unit_id__in=unit_ids, status__in=Submission.REPORTED,
                period__in={code for _f, _u, code, _d in wanted}).values_list("form_id", "unit_id", "period"))
            due = [DueReport(form, unit, code, deadline, deadline < today) for form, unit, code, deadline in wanted
                   if (form.pk, unit.pk, code) not in reported]
    return {"awaiting": awaiting, "returned": returned, "due": due}
