"""Reads: list filters, the counting functions (one rule per figure) and document implementation status.

Counting rules (shared by the dashboard, the exports and the reporting engine through the facts):
- only activities with status "đã tổ chức" count; an activity belongs to the period of its start date;
- subtree = the unit and every unit below it; boundaries "historical" follows the tree as it was
  (`path`), "current" also takes in the historical units whose territory is now inside the unit
  (`current_path`): Cần Thơ on current boundaries includes the former Hậu Giang and Sóc Trăng;
- level = the activity's level (the organising unit's level unless overridden for a joint event);
- sector = the activity's sector (defaults to the unit's sector).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from danvan.accounts.permissions import document_visibility_q, scope, visible_unit_ids
from danvan.core.clock import today
from danvan.core.text import search_terms
from danvan.orgunits.models import OrgUnit

from . import periods
from .models import (
    Activity,
    ActivityKind,
    Commitment,
    DisseminationRequirement,
    Document,
    DocumentReview,
    ImplementationPlan,
    Project,
)

FLAGS = ("is_conference", "is_dialogue", "is_competition", "is_media")


# --- lists ---------------------------------------------------------------------------------------------------

def subtree_units(unit: OrgUnit, *, boundaries: str = "historical") -> QuerySet:
    condition = Q(path__startswith=unit.path)
    if boundaries == "current":
        condition |= Q(current_path__startswith=unit.path)
    return OrgUnit.objects.filter(condition).values("pk")


def in_subtree(qs: QuerySet, unit: OrgUnit, *, boundaries: str = "historical", prefix: str = "unit__") -> QuerySet:
    """Rows whose unit lies in the subtree. The units are resolved in a sub-select (a few hundred ids for a
    province) so the database walks the (unit, start_date) index instead of joining every row to its unit."""
    if unit.parent_id is None and unit.path == "VN/":
        return qs  # the nation: every unit lies below it
    return qs.filter(**{f"{prefix}id__in": subtree_units(unit, boundaries=boundaries)})


def filter_activities(qs: QuerySet, *, unit: OrgUnit | None = None, period: str | None = None,
                      date_from: datetime.date | None = None, date_to: datetime.date | None = None,
                      kind: str | None = None, level: str | None = None, sector: str | None = None,
                      status: str | None = None, q: str | None = None, overdue: bool = False,
                      document: Document | None = None, boundaries: str = "historical") -> QuerySet:
    """Apply the list filters. Search matches every word, with or without diacritics."""
    if unit is not None:
        qs = in_subtree(qs, unit, boundaries=boundaries)
    if period:
        p = periods.parse(period)
        qs = qs.filter(start_date__gte=p.start, start_date__lte=p.end)
    if date_from:
        qs = qs.filter(start_date__gte=date_from)
    if date_to:
        qs = qs.filter(start_date__lte=date_to)
    if kind:
        qs = qs.filter(kind__code=kind)
    if level:
        qs = qs.filter(level=level)
    if sector:
        qs = qs.filter(sector__code=sector)
    if status:
        qs = qs.filter(status=status)
    for term in search_terms(q or ""):
        qs = qs.filter(search_text__contains=term)
    if overdue:
        # an uncorrelated IN (computed once); a correlated EXISTS let SQLite scan the open commitments per row
        qs = qs.filter(pk__in=Commitment.objects.filter(status=Commitment.Status.OPEN, deadline__lt=today())
                       .values("activity_id"))
    if document is not None:
        qs = qs.filter(documents=document)
    return qs


def activities_for(user) -> QuerySet:
    """Activities the user may see: the gatekeeper's scope over units, applied as a sub-select of unit ids
    (same rule as `scope(Activity…)`, but lets the database use the (unit, start_date) index).
    `has_overdue` is not annotated here: an EXISTS per row would be computed for every matching row before
    sorting (seconds on 100.000 rows); `mark_overdue` does it for one page."""
    qs = Activity.objects.select_related("unit", "kind", "sector")
    unit_ids = visible_unit_ids(user)
    return qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)


def mark_overdue(activities, day: datetime.date | None = None) -> list:
    """Set `has_overdue` on each activity of a page with one query."""
    activities = list(activities)
    ids = {a.pk for a in activities}
    late = set(Commitment.objects.filter(activity_id__in=ids, status=Commitment.Status.OPEN,
                                         deadline__lt=day or today()).values_list("activity_id", flat=True))
    for activity in activities:
        activity.has_overdue = activity.pk in late
    return activities


def overdue_commitments_before(activity: Activity) -> QuerySet:
    """Open, overdue commitments of earlier dialogues of the same unit: shown on the next dialogue page."""
    return Commitment.objects.filter(
        activity__unit_id=activity.unit_id, activity__kind__is_dialogue=True,
        activity__start_date__lt=activity.start_date, status=Commitment.Status.OPEN, deadline__lt=today(),
    ).exclude(activity=activity).select_related("activity", "owner_unit").order_by("deadline")


def commitments_for(user) -> QuerySet:
    """Commitments the user may see: of dialogues in scope, or naming a unit in scope as responsible."""
    return scope(Commitment.objects.select_related("activity", "activity__unit", "owner_unit"), user)


def commitments_of_unit(qs: QuerySet, unit: OrgUnit) -> QuerySet:
    """Commitments of `unit`'s subtree: made at its dialogues or with a unit of it responsible."""
    from danvan.accounts.permissions import named_unit_q

    if unit.parent_id is None and unit.path == "VN/":
        return qs
    recorded = Q(activity__unit__id__in=subtree_units(unit, boundaries="current"))
    return qs.filter(recorded | named_unit_q(unit, ("owner_unit",)))


# --- counting -------------------------------------------------------------------------------------------------

def counted(*, unit: OrgUnit, period, boundaries: str = "historical", kind: str | None = None,
            flag: str | None = None, level: str | None = None, sector: str | None = None) -> QuerySet:
    """The held activities that count for `unit`'s subtree in `period` (a code like "2023" or a Period)."""
    if flag is not None and flag not in FLAGS:
        raise ValueError(f"unknown flag {flag}")
    p = periods.parse(period)
    qs = Activity.objects.filter(status=Activity.Status.HELD, start_date__gte=p.start, start_date__lte=p.end)
    qs = in_subtree(qs, unit, boundaries=boundaries)
    if kind:
        qs = qs.filter(kind__code=kind)
    if flag:
        qs = qs.filter(**{f"kind__{flag}": True})
    if level:
        qs = qs.filter(level=level)
    if sector:
        qs = qs.filter(sector__code=sector)
    return qs


def count_activities(*, unit: OrgUnit, period, boundaries: str = "historical", **filters) -> int:
    return counted(unit=unit, period=period, boundaries=boundaries, **filters).count()


def count_by(*, unit: OrgUnit, period, by: str, boundaries: str = "historical", **filters) -> dict[str, int]:
    """Counts broken down by "kind", "level" or "sector"."""
    column = {"kind": "kind__code", "level": "level", "sector": "sector__code"}[by]
    rows = counted(unit=unit, period=period, boundaries=boundaries, **filters).order_by().values(column).annotate(
        n=Count("id"))
    return {row[column] or "": row["n"] for row in rows}


def dialogue_counts(*, unit: OrgUnit, period, boundaries: str = "historical") -> dict:
    """Hội nghị tiếp xúc, đối thoại: total and by level ("143 cuộc (cấp tỉnh 5, cấp huyện 23, cấp xã 115)")."""
    by_level = count_by(unit=unit, period=period, by="level", boundaries=boundaries, flag="is_dialogue")
    return {"total": sum(by_level.values()), "by_level": by_level}


def dissemination_counts(*, unit: OrgUnit, period, boundaries: str = "historical",
                         document: Document | None = None) -> dict:
    """Conferences to study / disseminate / implement documents and their attendees (lượt người)."""
    qs = counted(unit=unit, period=period, boundaries=boundaries, flag="is_conference").filter(
        purpose__in=Activity.DISSEMINATION_PURPOSES)
    if document is not None:
        qs = qs.filter(documents=document)
    row = qs.aggregate(n=Count("id"), people=Sum("attendees"))
    return {"conferences": row["n"] or 0, "attendees": row["people"] or 0}


def summary(*, unit: OrgUnit, period, boundaries: str = "historical") -> dict:
    """The figures of the activities dashboard (page, home panel, API), read from the reporting engine so they
    are the numbers of every other surface (an entered aggregate replaces the unit's records inside its own
    period). A figure without any data is None ("no data" is not 0); `coverage` says how many units report."""
    from danvan.reports import selectors as engine

    codes = list(ENGINE_CODES.values())
    shown = engine.figure_set(unit=unit, period=periods.parse(period).code, indicators=codes, boundaries=boundaries)
    values = shown["values"]
    split = engine.breakdowns(unit=unit, period=shown["period"].code, indicators=["activity"], by="category",
                              boundaries=boundaries)
    by_sector = engine.breakdowns(unit=unit, period=shown["period"].code, indicators=["activity"], by="sector",
                                  boundaries=boundaries)
    by_level = engine.breakdown(unit=unit, period=shown["period"].code, indicator="dialogue", by="level",
                                boundaries=boundaries)
    result = {key: _count(values[code]) for key, code in ENGINE_CODES.items()}
    result.update({
        "dialogues_by_level": {level: int(n) for level, n in by_level.items() if n},
        "by_kind": {code: int(n) for code, n in split["activity"].items() if n},
        "by_sector": {code: int(n) for code, n in by_sector["activity"].items() if n},
        "coverage": shown["coverage"], "boundaries": boundaries, "period_label": shown["period"].label,
    })
    return result


ENGINE_CODES = {"activities": "activity", "conferences": "conference.dissemination",
                "attendees": "conference.dissemination.attendees", "dialogues": "dialogue",
                "competitions": "competition", "media": "media"}


def _count(value):
    return None if value is None else int(value) if value == int(value) else value


# --- documents -------------------------------------------------------------------------------------------------

def documents_for(user) -> QuerySet:
    """Documents registered in the user's subtree, plus those registered by any unit above the user's units
    (a commune sees the central and provincial documents it must implement, not another province's)."""
    qs = Document.objects.select_related("unit", "replaces")
    condition = document_visibility_q(user)
    if condition is None:
        return qs
    return qs.filter(pk__in=Document.objects.filter(condition).values("pk"))


@dataclass
class UnitStatus:
    unit: OrgUnit
    deadline: datetime.date
    conferences: int = 0
    attendees: int = 0
    first_held: datetime.date | None = None
    plans: list = field(default_factory=list)
    reviews: dict = field(default_factory=dict)  # kind -> date
    overdue: bool = False
    late: bool = False
    review_overdue: list = field(default_factory=list)


def _owner(path: str, by_path: dict[str, UnitStatus]) -> UnitStatus | None:
    """The deepest required unit whose path is a prefix of `path` (bodies below a unit count for it)."""
    keys = [k for k in path.split("/") if k]
    for i in range(len(keys), 0, -1):
        found = by_path.get("/".join(keys[:i]) + "/")
        if found is not None:
            return found
    return None


def document_status(document: Document, root: OrgUnit, *, day: datetime.date | None = None) -> dict:
    """Which units of `root`'s subtree must disseminate `document`, which did, planned and reviewed it,
    and which are overdue. Required units are the territorial units at the levels a requirement lists,
    existing on its deadline (or today, if the deadline is still ahead)."""
    day = day or today()
    statuses: dict[str, UnitStatus] = {}
    for requirement in DisseminationRequirement.objects.filter(document=document).select_related("unit"):
        base = requirement.unit
        if not (base.path.startswith(root.path) or root.path.startswith(base.path)):
            continue
        inner = base if base.path.startswith(root.path) else root
        units = OrgUnit.objects.filter(path__startswith=inner.path, kind__in=OrgUnit.TERRITORIAL_KINDS,
                                       level__in=requirement.level_list).valid_on(min(requirement.deadline, day))
        for unit in units:
            status = statuses.get(unit.path)
            if status is None or requirement.deadline < status.deadline:
                statuses[unit.path] = UnitStatus(unit=unit, deadline=requirement.deadline)
    conferences = Activity.objects.filter(
        documents=document, status=Activity.Status.HELD, kind__is_conference=True,
        purpose__in=Activity.DISSEMINATION_PURPOSES, unit__path__startswith=root.path,
    ).values_list("unit__path", "start_date", "attendees")
    total_conferences = total_attendees = 0
    for path, start, attendees in conferences:
        total_conferences += 1
        total_attendees += attendees or 0
        owner = _owner(path, statuses)
        if owner is not None:
            owner.conferences += 1
            owner.attendees += attendees or 0
            if owner.first_held is None or start < owner.first_held:
                owner.first_held = start
    for plan in ImplementationPlan.objects.filter(document=document, unit__path__startswith=root.path).select_related(
            "unit"):
        owner = _owner(plan.unit.path, statuses)
        if owner is not None:
            owner.plans.append(plan)
    for review in DocumentReview.objects.filter(document=document, unit__path__startswith=root.path).select_related(
            "unit"):
        owner = _owner(review.unit.path, statuses)
        if owner is not None:
            owner.reviews.setdefault(review.kind, review.held_on)
    dues = {kind: document.review_due(kind) for kind in DocumentReview.Kind.values}
    for status in statuses.values():
        status.overdue = status.first_held is None and status.deadline < day
        status.late = status.first_held is not None and status.first_held > status.deadline
        status.review_overdue = [k for k, due in dues.items() if due and due < day and k not in status.reviews]
    rows = sorted(statuses.values(), key=lambda s: (not s.overdue, s.unit.path))
    return {
        "root": root,
        "rows": rows,
        "required": len(rows),
        "disseminated": sum(1 for s in rows if s.first_held),
        "overdue": sum(1 for s in rows if s.overdue),
        "late": sum(1 for s in rows if s.late),
        "planned": sum(1 for s in rows if s.plans),
        "reviewed_interim": sum(1 for s in rows if DocumentReview.Kind.INTERIM in s.reviews),
        "reviewed_final": sum(1 for s in rows if DocumentReview.Kind.FINAL in s.reviews),
        "review_overdue": sum(1 for s in rows if s.review_overdue),
        "conferences": total_conferences,
        "attendees": total_attendees,
        "review_due": dues,
        "projects": list(Project.objects.filter(document=document, unit__path__startswith=root.path)
                         .select_related("unit")),
    }


def project_counts(*, unit: OrgUnit, year: int | None = None) -> dict:
    """Đề án in a subtree, total and by assigning body ("33 đề án (17 do Bộ Chính trị, Ban Bí thư giao)")."""
    qs = Project.objects.filter(unit__path__startswith=unit.path).exclude(status=Project.Status.CANCELLED)
    if year:
        qs = qs.filter(assigned_on__year=year)
    by = dict(qs.order_by().values_list("assigned_by").annotate(n=Count("id")))
    return {"total": sum(by.values()), "by_assigned_by": by}


def kinds() -> QuerySet:
    return ActivityKind.objects.filter(is_active=True)


# --- work queue (issue 15) ----------------------------------------------------------------------------------

COMMITMENT_DUE_DAYS = 14
DISSEMINATION_DUE_DAYS = 30
REVIEW_DUE_DAYS = 90


def commitment_queue(user, *, day: datetime.date | None = None) -> dict:
    """Open dialogue commitments the user may read: overdue, and due within COMMITMENT_DUE_DAYS (one query)."""
    day = day or today()
    soon = Q(deadline__range=(day, day + datetime.timedelta(days=COMMITMENT_DUE_DAYS)))
    return scope(Commitment.objects.filter(status=Commitment.Status.OPEN), user).filter(
        Q(deadline__lt=day) | soon).order_by().aggregate(
        overdue=Count("id", filter=Q(deadline__lt=day)), due_soon=Count("id", filter=soon))


def documents_due(unit: OrgUnit, *, day: datetime.date | None = None) -> list[dict]:
    """Documents `unit` itself must still act on: dissemination required of its level whose deadline is
    within DISSEMINATION_DUE_DAYS or past with no dissemination conference held by the unit (or a body
    below it), and interim/final reviews due within REVIEW_DUE_DAYS or past that the unit has not held.
    [{"document", "what": "dissemination"|"interim"|"final", "due", "late"}], earliest first."""
    day = day or today()
    horizon = day + datetime.timedelta(days=DISSEMINATION_DUE_DAYS)
    ancestors = [p for p in (unit.path, unit.current_path or "") if p]
    requirement_q = Q(pk__in=[])
    for path in ancestors:
        keys = [k for k in path.split("/") if k]
        requirement_q |= Q(unit__path__in=["/".join(keys[:i]) + "/" for i in range(1, len(keys) + 1)])
    items: list[dict] = []
    requirements = list(DisseminationRequirement.objects.filter(requirement_q, deadline__lte=horizon)
                        .select_related("document").order_by("deadline"))
    wanted: dict[int, DisseminationRequirement] = {}
    for requirement in requirements:  # the earliest deadline binding the unit's level, per document
        if unit.level in requirement.level_list:
            wanted.setdefault(requirement.document_id, requirement)
    if wanted:
        held = set(Activity.objects.filter(
            documents__in=list(wanted), status=Activity.Status.HELD, kind__is_conference=True,
            purpose__in=Activity.DISSEMINATION_PURPOSES, unit__path__startswith=unit.path,
        ).values_list("documents", flat=True))
        items += [{"document": r.document, "what": "dissemination", "due": r.deadline, "late": r.deadline < day}
                  for doc_id, r in wanted.items() if doc_id not in held]
    review_horizon = day + datetime.timedelta(days=REVIEW_DUE_DAYS)
    review_floor = day - datetime.timedelta(days=365)
    reviewable = list(Document.objects.filter(pk__in=DisseminationRequirement.objects.filter(requirement_q)
                                              .values("document_id"))
                      .filter(Q(interim_review_years__isnull=False) | Q(final_review_years__isnull=False)))
    if reviewable:
        done = set(DocumentReview.objects.filter(document__in=reviewable, unit=unit).values_list("document_id", "kind"))
        for document in reviewable:
            for kind in DocumentReview.Kind.values:
                due = document.review_due(kind)
                # A review missed more than a year ago is the annual report's business, not today's queue.
                if due and review_floor <= due <= review_horizon and (document.pk, kind) not in done:
                    items.append({"document": document, "what": kind, "due": due, "late": due < day})
    return sorted(items, key=lambda item: item["due"])
