"""Reads on work programmes: scoped lists, the owner units' due and overdue items, one programme's own
progress, and the completion of a unit's subtree from the reporting engine (the figure the dashboard, the
annual report and the API show)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from danvan.accounts import permissions
from danvan.core.clock import today
from danvan.core.text import search_terms
from danvan.orgunits.models import OrgUnit

from . import facts
from .models import Programme, ProgrammeItem

DUE_DAYS = 7  # the work queue shows items due within a week
HISTORICAL, CURRENT = "historical", "current"


# --- scoped lists --------------------------------------------------------------------------------------------

def visible_programmes(user, qs: QuerySet | None = None) -> QuerySet:
    qs = Programme.objects.all() if qs is None else qs
    return permissions.scope(qs, user).select_related("unit", "approved_by")


def visible_items(user, qs: QuerySet | None = None) -> QuerySet:
    """Items of programmes in the user's scope, and items whose owner unit is in it."""
    qs = ProgrammeItem.objects.all() if qs is None else qs
    return permissions.scope(qs, user).select_related("programme", "programme__unit", "owner_unit")


def in_subtree(qs: QuerySet, unit: OrgUnit, *, field: str = "programme__unit") -> QuerySet:
    return qs.filter(Q(**{f"{field}__path__startswith": unit.path})
                     | Q(**{f"{field}__current_path__startswith": unit.path}))


def filter_programmes(qs: QuerySet, *, unit: OrgUnit | None = None, year: int | None = None,
                      status: str = "") -> QuerySet:
    if unit is not None:
        qs = in_subtree(qs, unit, field="unit")
    if year:
        qs = qs.filter(year=year)
    if status in Programme.Status.values:
        qs = qs.filter(status=status)
    return qs


def open_q() -> Q:
    return Q(status__in=ProgrammeItem.OPEN_STATUSES, programme__status=Programme.Status.APPROVED)


def overdue_q(day: datetime.date) -> Q:
    return open_q() & (Q(deadline__lt=day) | Q(status=ProgrammeItem.Status.OVERDUE))


def due_soon_q(day: datetime.date, days: int = DUE_DAYS) -> Q:
    return open_q() & Q(deadline__range=(day, day + datetime.timedelta(days=days))) & ~Q(
        status=ProgrammeItem.Status.OVERDUE)


STATE_FILTERS = {"qua_han": "overdue", "sap_han": "due_soon", "dang_mo": "open"}


def filter_items(qs: QuerySet, *, unit: OrgUnit | None = None, owner: OrgUnit | None = None,
                 year: int | None = None, kind: str = "", status: str = "", state: str = "", assigned_by: str = "",
                 query: str = "", mine_of=None, day: datetime.date | None = None) -> QuerySet:
    """`unit`: programmes of that subtree; `owner`: items that unit's subtree leads; `status`: the recorded
    status; `state`: qua_han (open, past the deadline), sap_han (due within 7 days), dang_mo (open);
    `mine_of`: a user — items whose owner unit is one of their own units."""
    day = day or today()
    if unit is not None:
        qs = in_subtree(qs, unit)
    if owner is not None:
        qs = in_subtree(qs, owner, field="owner_unit")
    if year:
        qs = qs.filter(programme__year=year)
    if kind in ProgrammeItem.Kind.values:
        qs = qs.filter(kind=kind)
    if status in ProgrammeItem.Status.values:
        qs = qs.filter(status=status)
    if assigned_by in ProgrammeItem.AssignedBy.values:
        qs = qs.filter(assigned_by=assigned_by)
    wanted = STATE_FILTERS.get(state, state)
    if wanted == "overdue":
        qs = qs.filter(overdue_q(day))
    elif wanted == "due_soon":
        qs = qs.filter(due_soon_q(day))
    elif wanted == "open":
        qs = qs.filter(open_q())
    if mine_of is not None:
        condition = permissions.owned_items_q(mine_of)
        if condition is not None:
            qs = qs.filter(condition)
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs


def queue_counts(user, *, day: datetime.date | None = None) -> dict[str, int]:
    """The owner units' work queue: open items of approved programmes led by one of the user's own units,
    overdue and due within DUE_DAYS (one query)."""
    day = day or today()
    qs = ProgrammeItem.objects.all()
    condition = permissions.owned_items_q(user)
    if condition is not None:
        qs = qs.filter(condition)
    return qs.filter(overdue_q(day) | due_soon_q(day)).order_by().aggregate(
        overdue=Count("id", filter=overdue_q(day)), due_soon=Count("id", filter=due_soon_q(day)))


def tasks_due_between(start: datetime.date, end: datetime.date) -> QuerySet:
    """Open items (key tasks and projects) of approved programmes whose deadline falls in [start, end], with
    their owner unit and programme: what the reminders are sent for. Unscoped: callers decide who is told
    (the owner unit's officers)."""
    return (ProgrammeItem.objects.filter(open_q(), deadline__range=(start, end))
            .select_related("owner_unit", "programme", "programme__unit").order_by("deadline", "id"))


# --- one programme --------------------------------------------------------------------------------------------

def items_of(programme: Programme) -> QuerySet:
    return (programme.items.select_related("owner_unit").prefetch_related("cooperating_units")
            .order_by("kind", "number", "id"))


def progress(programme: Programme, *, day: datetime.date | None = None) -> dict[str, dict[str, int]]:
    """{kind: {"total", "done", "overdue", "dropped"}} of one programme's own items (the workflow view; the
    engine's `completion` is the counted figure)."""
    day = day or today()
    result = {}
    for kind in ProgrammeItem.Kind.values:
        rows = programme.items.filter(kind=kind).order_by().aggregate(
            total=Count("id"), done=Count("id", filter=Q(status=ProgrammeItem.Status.DONE)),
            dropped=Count("id", filter=Q(status=ProgrammeItem.Status.DROPPED)),
            overdue=Count("id", filter=Q(status__in=ProgrammeItem.OPEN_STATUSES)
                          & (Q(deadline__lt=day) | Q(status=ProgrammeItem.Status.OVERDUE))))
        result[kind] = rows
    return result


# --- completion from the engine ---------------------------------------------------------------------------

def _int(value: Any) -> int | Decimal | None:
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value


def completion(*, unit: OrgUnit, period: str | int, boundaries: str = HISTORICAL) -> dict[str, Any]:
    """The subtree's completion from the engine: {"tasks", "tasks_done", "projects", "projects_done" (None =
    no data), "by_assigner": {code: {"label", "projects", "projects_done", "tasks", "tasks_done"}},
    "coverage"} — the same numbers as the annual report and the dashboard."""
    from danvan.reports import selectors as engine

    shown = engine.figure_set(unit=unit, period=str(period), indicators=facts.CODES, boundaries=boundaries)
    values = shown["values"]
    split: dict[str, dict[str, Decimal]] = {}
    if any(values[code] for code in facts.CODES):
        split = engine.breakdowns(unit=unit, period=str(period), indicators=facts.CODES, by="category",
                                  boundaries=boundaries)
    labels = dict(ProgrammeItem.AssignedBy.choices)
    by_assigner = {}
    for code, label in labels.items():
        row = {"label": str(label), "tasks": _int(split.get(facts.TASKS, {}).get(code)) or 0,
               "tasks_done": _int(split.get(facts.TASKS_DONE, {}).get(code)) or 0,
               "projects": _int(split.get(facts.PROJECTS, {}).get(code)) or 0,
               "projects_done": _int(split.get(facts.PROJECTS_DONE, {}).get(code)) or 0}
        by_assigner[code] = row
    tasks, projects = _int(values[facts.TASKS]), _int(values[facts.PROJECTS])
    tasks_done, projects_done = _int(values[facts.TASKS_DONE]), _int(values[facts.PROJECTS_DONE])
    # none done out of some planned is 0, not "no data"
    return {"unit": unit, "period": shown["period"], "boundaries": shown["boundaries"],
            "tasks": tasks, "tasks_done": 0 if tasks_done is None and tasks is not None else tasks_done,
            "projects": projects,
            "projects_done": 0 if projects_done is None and projects is not None else projects_done,
            "by_assigner": by_assigner, "coverage": shown["coverage"]}
