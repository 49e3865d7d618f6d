"""Reads and counting functions of the petitions app.

Counting functions take a unit (its subtree), a period [start, end] and the boundaries:
"historical" = the units that were under `unit` at the time (path), "current" = every unit whose
territory is inside `unit` today (path or current_path: Cần Thơ includes Hậu Giang's old cases).
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, F, Q, QuerySet, Sum

from danvan.accounts import permissions
from danvan.accounts.permissions import scope
from danvan.core.clock import today
from danvan.core.text import search_terms
from danvan.orgunits.models import OrgUnit

from .models import Case, Hotspot, Kind, SentimentIssue, SentimentReport

HISTORICAL, CURRENT = "historical", "current"


# --- privacy ----------------------------------------------------------------------------------

can_see_identity = permissions.can_see_identity  # the gatekeeper's rule, under the name templates know


def petitioner_names_for_listing(case: Case) -> str:
    """What lists and exports may show: never the identity of a denouncer, whoever asks."""
    if case.kind == Kind.TO_CAO:
        from danvan.core.audit import REDACTED

        return REDACTED
    return "; ".join(p.name for p in case.petitioners.all())


# --- scoping and search -----------------------------------------------------------------------

def visible_cases(user) -> QuerySet:
    """Cases the user may read: the gatekeeper's scope, applied to the units as a semi-join
    (same rule as scope(Case…), but PostgreSQL no longer joins every case to its unit first)."""
    return Case.objects.filter(unit_id__in=scope(OrgUnit.objects.all(), user).values("id")).select_related("unit")


def _units_q(unit: OrgUnit, boundaries: str, prefix: str = "unit__") -> Q:
    q = Q(**{f"{prefix}path__startswith": unit.path})
    if boundaries == CURRENT:
        q |= Q(**{f"{prefix}current_path__startswith": unit.path})
    return q


def _is_nation(unit: OrgUnit) -> bool:
    return unit.parent_id is None and unit.key == "VN"


def subtree_unit_ids(unit: OrgUnit, boundaries: str = HISTORICAL) -> QuerySet:
    """The ids of the units of the subtree, as a subquery (a semi-join the planners handle well,
    where a join on the unit's path made SQLite scan every case)."""
    return OrgUnit.objects.filter(_units_q(unit, boundaries, prefix="")).values("id")


def subtree_cases(unit: OrgUnit, boundaries: str = HISTORICAL) -> QuerySet:
    if _is_nation(unit):  # the whole nation: every case, no unit filter needed
        return Case.objects.all()
    return Case.objects.filter(unit_id__in=subtree_unit_ids(unit, boundaries))


def filter_cases(qs: QuerySet, *, q: str = "", status: str = "", kind: str = "", field: str = "",
                 unit: OrgUnit | None = None, overdue: bool = False, hotspot: bool = False,
                 on: datetime.date | None = None, due_soon: bool = False) -> QuerySet:
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=term)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if field:
        qs = qs.filter(field=field)
    if unit is not None:
        qs = qs.filter(unit_id__in=subtree_unit_ids(unit, CURRENT))
    if overdue:
        qs = qs.filter(overdue_q(on or today()))
    if due_soon:
        qs = qs.filter(due_soon_q(on or today()))
    if hotspot:
        qs = qs.filter(hotspot__isnull=False)
    return qs


# --- deadlines --------------------------------------------------------------------------------

def overdue_q(on: datetime.date) -> Q:
    """Open cases whose running deadline has passed on `on`."""
    return (Q(status__in=Case.WAITING_ACCEPT, accept_due__lt=on)
            | Q(status__in=Case.IN_PROGRESS, resolve_due__lt=on))


def overdue_cases(unit: OrgUnit, *, on: datetime.date | None = None, boundaries: str = CURRENT) -> QuerySet:
    on = on or today()
    return (subtree_cases(unit, boundaries).filter(overdue_q(on)).select_related("unit")
            .order_by("resolve_due", "accept_due", "id"))


def overdue_by_unit(unit: OrgUnit, *, on: datetime.date | None = None, boundaries: str = CURRENT) -> list[dict]:
    """Overdue cases per child unit of `unit` (and the unit itself), largest first."""
    # Overdue cases are few: counting them here keeps the planner on the status/deadline indexes
    # (a GROUP BY made SQLite walk the whole table in unit order).
    ids = Counter(overdue_cases(unit, on=on, boundaries=boundaries).order_by().values_list("unit_id", flat=True))
    return _group_ids_by_child(unit, dict(ids))


def _child_key(unit: OrgUnit, path: str, current_path: str) -> str:
    chosen = path if path.startswith(unit.path) else current_path
    rest = chosen[len(unit.path):].strip("/")
    return rest.split("/")[0] if rest else unit.key


def _group_by_child(unit: OrgUnit, rows, value_name: str) -> list[dict]:
    totals: Counter = Counter()
    for row in rows:
        totals[_child_key(unit, row["unit__path"], row["unit__current_path"] or "")] += row[value_name]
    names = dict(OrgUnit.objects.filter(key__in=totals).values_list("key", "name"))
    return [{"key": key, "name": names.get(key, key), "count": n} for key, n in totals.most_common()]


# --- counting ---------------------------------------------------------------------------------

COUNTED = ~Q(status=Case.Status.MERGED) & ~Q(status=Case.Status.TRANSFERRED, transferred_case__isnull=False)


def counts(unit: OrgUnit, start: datetime.date, end: datetime.date, *, boundaries: str = HISTORICAL,
           on: datetime.date | None = None) -> dict:
    """The case figures of a subtree for [start, end], by the counting rule of services.facts:

    received: receipt date in the period, merged duplicates and cases transferred to a unit in the
    system excluded (counted at the receiving unit); accepted: acceptance date in the period;
    resolved on time / late: decision date in the period vs. the resolution deadline; overdue now:
    open cases past their running deadline on `on` (today), whatever the period.
    Three queries: one grouped pass over the cases received in the period, one conditional
    aggregate over the cases with another event in the period, one for the overdue cases.
    """
    on = on or today()
    base = subtree_cases(unit, boundaries)
    counted = base.filter(COUNTED)
    by_kind: Counter = Counter()
    by_field: Counter = Counter()
    mass = 0
    rows = (counted.filter(received_on__range=(start, end)).order_by()
            .values_list("kind", "field", "petitioner_type").annotate(n=Count("id")))
    for kind, field, petitioner_type, n in rows:
        by_kind[kind] += n
        by_field[field] += n
        if petitioner_type == Case.PetitionerType.MASS:
            mass += n
    in_period = (Q(accepted_on__range=(start, end)) | Q(decided_on__range=(start, end))
                 | Q(status=Case.Status.NOT_ACCEPTED, ended_on__range=(start, end)))
    decided = Q(decided_on__range=(start, end))
    events = counted.filter(in_period).order_by().aggregate(
        accepted=Count("id", filter=Q(accepted_on__range=(start, end))),
        not_accepted=Count("id", filter=Q(status=Case.Status.NOT_ACCEPTED, ended_on__range=(start, end))),
        resolved=Count("id", filter=decided),
        on_time=Count("id", filter=decided & (Q(resolve_due__isnull=True) | Q(decided_on__lte=F("resolve_due")))),
    )
    return {
        "received": sum(by_kind.values()),
        "accepted": events["accepted"],
        "not_accepted": events["not_accepted"],
        "resolved": events["resolved"],
        "resolved_on_time": events["on_time"],
        "resolved_late": events["resolved"] - events["on_time"],
        "overdue_now": base.filter(overdue_q(on)).count(),
        "mass": mass,
        "by_kind": {k: by_kind.get(k, 0) for k in Kind.values},
        "by_field": dict(by_field),
        "hotspots_active": hotspots_in(unit, boundaries=boundaries).filter(resolved_on__isnull=True).count(),
    }


def received_by_unit(unit: OrgUnit, start: datetime.date, end: datetime.date, *,
                     boundaries: str = HISTORICAL) -> list[dict]:
    rows = (subtree_cases(unit, boundaries).filter(COUNTED, received_on__range=(start, end)).order_by()
            .values("unit_id").annotate(n=Count("id")))
    return _group_ids_by_child(unit, {row["unit_id"]: row["n"] for row in rows})


def _group_ids_by_child(unit: OrgUnit, counts_by_id: dict[int, int]) -> list[dict]:
    paths = OrgUnit.objects.filter(pk__in=list(counts_by_id)).values_list("id", "path", "current_path")
    rows = [{"unit__path": path, "unit__current_path": current, "n": counts_by_id[pk]} for pk, path, current in paths]
    return _group_by_child(unit, rows, "n")


# --- hotspots ---------------------------------------------------------------------------------

def hotspots_in(unit: OrgUnit, *, boundaries: str = CURRENT) -> QuerySet:
    return Hotspot.objects.filter(unit_id__in=subtree_unit_ids(unit, boundaries)).select_related("unit")


def hotspot_board(unit: OrgUnit, *, include_resolved: bool = False) -> dict:
    qs = hotspots_in(unit).annotate(case_count=Count("cases"))
    if not include_resolved:
        qs = qs.filter(resolved_on__isnull=True)
    items = list(qs.order_by("resolved_on", "-risk_level", "-flagged_on", "id"))
    by_risk = Counter(h.risk_level for h in items if h.resolved_on is None)
    return {
        "items": items,
        "active": sum(by_risk.values()),
        "by_risk": {level: by_risk.get(level, 0) for level in Hotspot.Risk.values},
        "mass": sum(1 for h in items if h.kind == Hotspot.HotspotKind.DONG_NGUOI and h.resolved_on is None),
    }


# --- public lookup ----------------------------------------------------------------------------

def public_status(code: str) -> dict | None:
    """Status and dates only — never names, contents, unit staff or decision texts."""
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    if not code or len(code) > 16:
        return None
    case = (Case.objects.filter(tracking_code=code)
            .only("status", "kind", "received_on", "accepted_on", "decided_on", "closed_on", "ended_on",
                  "accept_due", "resolve_due", "unit__name", "transferred_case__tracking_code",
                  "transferred_to_body")
            .select_related("unit", "transferred_case").first())
    if case is None:
        return None
    return {
        "tracking_code": case.tracking_code,
        "status": case.status,
        "status_label": case.get_status_display(),
        "kind_label": case.get_kind_display(),
        "unit": case.unit.name,
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "decided_on": case.decided_on,
        "closed_on": case.closed_on,
        "ended_on": case.ended_on,
        "due": case.current_due,
        "continues_as": case.transferred_case.tracking_code if case.transferred_case_id else "",
    }


# --- public sentiment ---------------------------------------------------------------------------

def sentiment_reports_in(unit: OrgUnit, *, boundaries: str = CURRENT) -> QuerySet:
    return SentimentReport.objects.filter(_units_q(unit, boundaries)).select_related("unit")


def top_issues(unit: OrgUnit, start: datetime.date, end: datetime.date, *, submitted_only: bool = False,
               boundaries: str = CURRENT) -> list[dict]:
    """The most raised issues by field in reports of the subtree whose period overlaps [start, end]."""
    qs = SentimentIssue.objects.filter(_units_q(unit, boundaries, prefix="report__unit__"),
                                       report__period_start__lte=end, report__period_end__gte=start)
    if submitted_only:
        qs = qs.filter(report__status=SentimentReport.Status.SUBMITTED)
    rows = (qs.values("field").annotate(mentions=Sum("mentions"), issues=Count("id"),
                                        reports=Count("report", distinct=True),
                                        hot=Count("id", filter=Q(is_hot=True)))
            .order_by("-mentions", "field"))
    from .models import Field

    labels = dict(Field.choices)
    return [{**row, "label": labels.get(row["field"], row["field"])} for row in rows]


def hot_issue_samples(unit: OrgUnit, start: datetime.date, end: datetime.date, limit: int = 20) -> QuerySet:
    return (SentimentIssue.objects.filter(_units_q(unit, CURRENT, prefix="report__unit__"),
                                          report__period_start__lte=end, report__period_end__gte=start,
                                          is_hot=True)
            .select_related("report__unit").order_by("-mentions", "-report__period_start")[:limit])


# --- work queue (issue 15) ----------------------------------------------------------------------

DUE_SOON_DAYS = 5


def due_soon_q(on: datetime.date, days: int = DUE_SOON_DAYS) -> Q:
    """Open cases whose running deadline falls within the next `days` days (not yet passed)."""
    end = on + datetime.timedelta(days=days)
    return (Q(status__in=Case.WAITING_ACCEPT, accept_due__range=(on, end))
            | Q(status__in=Case.IN_PROGRESS, resolve_due__range=(on, end)))


def deadline_queue(user, *, on: datetime.date | None = None) -> dict:
    """Cases the user may read that are past, or within DUE_SOON_DAYS of, their legal deadline (one query)."""
    on = on or today()
    return visible_cases(user).filter(overdue_q(on) | due_soon_q(on)).order_by().aggregate(
        overdue=Count("id", filter=overdue_q(on)), due_soon=Count("id", filter=due_soon_q(on)))


def monthly(unit: OrgUnit, start: datetime.date, end: datetime.date, *, boundaries: str = HISTORICAL
            ) -> list[dict]:
    """Per month of [start, end]: cases received and cases resolved (on time / all), by the counting rule of
    `counts` (two grouped queries). [{"month": date (first day), "received", "resolved", "on_time"}]."""
    from django.db.models.functions import TruncMonth

    counted = subtree_cases(unit, boundaries).filter(COUNTED).order_by()
    received = dict(counted.filter(received_on__range=(start, end)).annotate(m=TruncMonth("received_on"))
                    .values("m").annotate(n=Count("id")).values_list("m", "n"))
    decided = {m: (n, ok) for m, n, ok in counted.filter(decided_on__range=(start, end))
               .annotate(m=TruncMonth("decided_on")).values("m").annotate(
                   n=Count("id"), ok=Count("id", filter=Q(resolve_due__isnull=True) | Q(
                       decided_on__lte=F("resolve_due")))).values_list("m", "n", "ok")}
    months = []
    day = start.replace(day=1)
    while day <= end:
        resolved, on_time = decided.get(day, (0, 0))
        months.append({"month": day, "received": received.get(day, 0), "resolved": resolved, "on_time": on_time})
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def hotspots_by_unit(unit: OrgUnit, *, boundaries: str = CURRENT) -> list[dict]:
    """Active (unresolved) hotspots per child unit of `unit`, largest first."""
    ids = Counter(hotspots_in(unit, boundaries=boundaries).filter(resolved_on__isnull=True)
                  .order_by().values_list("unit_id", flat=True))
    return _group_ids_by_child(unit, dict(ids))


def identity_requests_to_decide(user):
    """Identity requests `user` may confirm or refuse (issue 13): pending, of cases where `user` approves, neither
    asked by `user` nor for `user`; oldest first."""
    from .models import IdentityGrantRequest

    qs = (permissions.scope(IdentityGrantRequest.objects.filter(status=IdentityGrantRequest.Status.PENDING), user,
                            permissions.APPROVE)
          .exclude(requested_by=user).exclude(user=user))
    return qs.select_related("case__unit", "user", "requested_by").order_by("created_at")
