"""The due items of the existing apps: periodic reports, petitions, dialogue commitments, documents.

Each provider reads its app's own rule of what is open and when it is due (submissions: `deadline_of` the
last periods, not yet submitted; petitions: the running legal deadline `Case.current_due`; commitments:
open ones; documents: `activities.selectors.documents_due`, the rule of the home page). Reports and documents
are asked about for units with at least one active officer or approver only (a unit nobody uses would fill the
bell of the level above; its completeness shows on the boards); petitions and commitments for every unit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.models import Membership
from danvan.orgunits.models import OrgUnit

from . import sources
from .sources import DueItem

SUBMISSION, PETITION, COMMITMENT, DOCUMENT = "submission", "petition", "commitment", "document"
PROGRAMME = "programme_task"  # registered by the work programme app (danvan/programme), not here
WRITE_ROLES = (Membership.Role.OFFICER, Membership.Role.APPROVER)


def staffed_units(units: QuerySet | None = None) -> QuerySet:
    """Units with an active officer or approver (optionally within `units`)."""
    qs = OrgUnit.objects.filter(pk__in=Membership.objects.filter(
        role__in=WRITE_ROLES, user__is_active=True).values("unit_id"))
    if units is not None:
        qs = qs.filter(pk__in=units.values("pk"))
    return qs


def _clip(text: str, size: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


# --- periodic reports -----------------------------------------------------------------------------------

def submission_items(*, day: datetime.date, start: datetime.date, end: datetime.date,
                     units: QuerySet | None = None) -> Iterator[DueItem]:
    """Reports a unit must send for the current period and the two before it, whose deadline lies in the
    window and that are not submitted (or accepted) yet."""
    from danvan.reports.periods import period_containing
    from danvan.submissions.models import ReportForm, Submission
    from danvan.submissions.selectors import deadline_of

    forms = list(ReportForm.objects.filter(active=True))
    if not forms:
        return
    wanted = []
    for unit in staffed_units(units).order_by("path"):
        for form in forms:
            if not form.applies_to(unit):
                continue
            period = period_containing(day, form.period_type)
            for _step in range(3):
                deadline = deadline_of(form, period)
                exists = (unit.valid_from is None or unit.valid_from <= period.end) and (
                    unit.valid_to is None or unit.valid_to >= period.start)
                if start <= deadline <= end and exists:
                    wanted.append((form, unit, period, deadline))
                period = period.previous()
    if not wanted:
        return
    reported = set(Submission.objects.filter(
        unit_id__in={unit.pk for _f, unit, _p, _d in wanted}, status__in=Submission.REPORTED,
        period__in={period.code for _f, _u, period, _d in wanted}).values_list("form_id", "unit_id", "period"))
    for form, unit, period, deadline in wanted:
        if (form.pk, unit.pk, period.code) in reported:
            continue
        yield DueItem(
            kind=SUBMISSION, key=f"{form.code}:{unit.key}:{period.code}", unit=unit, due=deadline,
            title=_("%(form)s (%(period)s) — %(unit)s") % {"form": form.name, "period": period.label,
                                                            "unit": unit.name},
            url=reverse("submissions:entry", args=[form.code, unit.key, period.code]), record=unit)


# --- petitions ------------------------------------------------------------------------------------------

def petition_items(*, day: datetime.date, start: datetime.date, end: datetime.date,
                   units: QuerySet | None = None) -> Iterator[DueItem]:
    """Open cases whose running legal deadline (acceptance, then resolution) lies in the window. A tố cáo is
    named by its code only: no subject, never a petitioner."""
    from danvan.petitions.models import Case, Kind

    qs = Case.objects.filter(Q(status__in=Case.WAITING_ACCEPT, accept_due__range=(start, end))
                             | Q(status__in=Case.IN_PROGRESS, resolve_due__range=(start, end)))
    if units is not None:
        qs = qs.filter(unit__in=units)
    for case in qs.select_related("unit").order_by("pk"):
        due = case.current_due
        if due is None:
            continue
        accepting = case.status in Case.WAITING_ACCEPT
        stage = _("Hạn thụ lý") if accepting else _("Hạn giải quyết")
        if case.kind == Kind.TO_CAO:
            title = _("Đơn tố cáo mã %(code)s") % {"code": case.tracking_code}
        else:
            title = _("%(kind)s mã %(code)s: %(subject)s") % {
                "kind": case.get_kind_display(), "code": case.tracking_code, "subject": _clip(case.subject, 120)}
        yield DueItem(kind=PETITION, key=f"{case.pk}:{'accept' if accepting else 'resolve'}",
                      unit=case.unit, due=due, title=title, url=case.get_absolute_url(), record=case,
                      detail=_("%(stage)s theo luật") % {"stage": stage})


# --- dialogue commitments ----------------------------------------------------------------------------

def commitment_items(*, day: datetime.date, start: datetime.date, end: datetime.date,
                     units: QuerySet | None = None) -> Iterator[DueItem]:
    """Open commitments made at dialogues; the responsible unit (`owner_unit`) is reminded."""
    from danvan.activities.models import Commitment

    qs = Commitment.objects.filter(status=Commitment.Status.OPEN, deadline__range=(start, end))
    if units is not None:
        qs = qs.filter(owner_unit__in=units)
    base = reverse("activities:commitments")
    for commitment in qs.select_related("owner_unit", "activity__unit").order_by("pk"):
        yield DueItem(
            kind=COMMITMENT, key=str(commitment.pk), unit=commitment.owner_unit, due=commitment.deadline,
            title=_clip(commitment.content), url=f"{base}?don_vi={commitment.owner_unit.key}", record=commitment,
            detail=_("Đơn vị chủ trì: %(unit)s") % {"unit": commitment.owner_unit.name})


# --- documents: dissemination and reviews ----------------------------------------------------------------

DOCUMENT_WHAT = {"dissemination": gettext_lazy("Học tập, quán triệt"), "so_ket": gettext_lazy("Sơ kết"),
                 "tong_ket": gettext_lazy("Tổng kết")}


def document_items(*, day: datetime.date, start: datetime.date, end: datetime.date,
                   units: QuerySet | None = None) -> Iterator[DueItem]:
    """For each staffed unit, what `activities.selectors.documents_due` says it must still do: disseminate a
    document required of its level, hold an interim or final review."""
    from danvan.activities.selectors import documents_due

    for unit in staffed_units(units).order_by("path"):
        for due in documents_due(unit, day=day):
            if not start <= due["due"] <= end:
                continue
            document = due["document"]
            what = DOCUMENT_WHAT.get(due["what"], due["what"])
            yield DueItem(
                kind=DOCUMENT, key=f"{document.pk}:{due['what']}:{unit.key}", unit=unit, due=due["due"],
                title=_("%(what)s văn bản %(symbol)s — %(title)s") % {
                    "what": what, "symbol": document.symbol, "title": _clip(document.title, 120)},
                url=document.get_absolute_url(), record=document,
                detail=unit.name)


def register_builtin_sources() -> None:
    sources.register(SUBMISSION, submission_items, label=gettext_lazy("Báo cáo định kỳ"), order=10)
    sources.register(PETITION, petition_items, label=gettext_lazy("Đơn thư (thời hạn theo luật)"), order=20)
    sources.register(COMMITMENT, commitment_items, label=gettext_lazy("Cam kết sau đối thoại"), order=30)
    sources.register(DOCUMENT, document_items, label=gettext_lazy("Văn bản: học tập, quán triệt, sơ kết, tổng kết"),
                     order=40)
