"""Reads and counting functions of the petitions app.

Counting functions take a unit (its subtree), a period [start, end] and the boundaries:
"historical" = the units that were under `unit` at the time (path), "current" = every unit whose
territory is inside `unit` today (path or current_path: Cần Thơ includes Hậu Giang's old cases).
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Q, QuerySet, Sum

from danvan.accounts import permissions
from danvan.accounts.permissions import visible_unit_ids
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
    unit_ids = visible_unit_ids(user)
    cases = Case.objects.select_related("unit")
    return cases if unit_ids is None else cases.filter(unit_id__in=unit_ids)


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


# --- counting: the figures are the engine's -------------------------------------------------------------

ENGINE_CODES = ["petition.received", "petition.received.by_field", "petition.received.mass", "petition.accepted",
                "petition.not_accepted", "petition.resolved"]


def counts(unit: OrgUnit, period, *, boundaries: str = HISTORICAL, on: datetime.date | None = None) -> dict:
    """The case figures of a subtree for a reporting period (a code like "2025", "Quý 3/2025" or a Period), read
    from the reporting engine — the facts of `services/facts.py` (received, by field, mass, accepted, not
    accepted, resolved on time / late), so they are the numbers of the dashboards, the annual report and the
    figures API, an entered aggregate replacing the unit's records inside its own period. A figure without any
    data is None ("no data" is not 0); `coverage` says how many units below have data.

    Two figures are not period figures but the state of the case register today, shared with the boards:
    overdue now (open cases past their running deadline on `on`, the overdue board's total) and hotspots under
    watch (the hotspot board's)."""
    from danvan.reports import selectors as engine
    from danvan.reports.periods import parse_period

    p = period if hasattr(period, "code") else parse_period(str(period))
    on = on or today()
    shown = engine.figure_set(unit=unit, period=p, indicators=ENGINE_CODES, boundaries=boundaries)
    values = shown["values"]
    split = engine.breakdowns(unit=unit, period=p.code, indicators=["petition.received", "petition.received.by_field",
                                                                     "petition.resolved"],
                              by="category", boundaries=boundaries)

    def whole(code: str) -> int | None:
        return None if values[code] is None else int(values[code])

    resolved = whole("petition.resolved")
    on_time = int(split["petition.resolved"].get("on_time", 0))
    by_kind = {k: int(split["petition.received"].get(k, 0)) for k in Kind.values}
    unclassified = int(sum(v for k, v in split["petition.received"].items() if k not in Kind.values))
    return {
        "period": p, "boundaries": boundaries, "coverage": shown["coverage"],
        "received": whole("petition.received"),
        "accepted": whole("petition.accepted"),
        "not_accepted": whole("petition.not_accepted"),
        "resolved": resolved,
        "resolved_on_time": None if resolved is None else on_time,
        "resolved_late": None if resolved is None else resolved - on_time,
        "mass": whole("petition.received.mass"),
        "by_kind": by_kind | ({"": unclassified} if unclassified else {}),
        "by_field": {k: int(v) for k, v in split["petition.received.by_field"].items()},
        "overdue_now": subtree_cases(unit, boundaries).filter(overdue_q(on)).count(),
        "hotspots_active": hotspots_in(unit, boundaries=boundaries).filter(resolved_on__isnull=True).count(),
    }


def period_spanning(start: datetime.date, end: datetime.date):
    """The reporting period (year, semester, quarter or month) that runs exactly from `start` to `end`, else None
    (figures are counted per reporting period: the engine's rule)."""
    from danvan.reports.periods import TYPES, periods_in_year, reporting_year_of

    year = reporting_year_of(start)
    for kind in TYPES:
        for p in periods_in_year(year, kind):
            if p.start == start and p.end == end:
                return p
    return None


def not_a_period_message(start: datetime.date, end: datetime.date) -> str:
    from django.utils.translation import gettext as _

    from danvan.core.formatting import format_date_short
    from danvan.reports.periods import accepted_forms_text

    return _("Số liệu thống kê tính theo kỳ báo cáo; từ %(a)s đến %(b)s không phải là một kỳ. Hãy chọn kỳ theo một "
             "trong các dạng: %(forms)s.") % {"a": format_date_short(start), "b": format_date_short(end),
                                              "forms": accepted_forms_text()}


def received_by_unit(unit: OrgUnit, period, *, boundaries: str = HISTORICAL) -> list[dict]:
    """Cases received per child unit (and the unit's own, under its key), largest first — the engine's split."""
    from danvan.reports import selectors as engine

    rows = engine.child_figures(unit=unit, period=period, indicators=["petition.received"], boundaries=boundaries)
    total = engine.figures(unit=unit, period=period, indicators=["petition.received"],
                           boundaries=boundaries)["petition.received"]
    found = [{"key": row["unit"].key, "name": row["unit"].name, "count": int(row["figures"]["petition.received"])}
             for row in rows if row["figures"]["petition.received"]]
    own = int(total - sum(row["count"] for row in found))
    if own:
        found.append({"key": unit.key, "name": unit.name, "count": own})
    return sorted(found, key=lambda row: -row["count"])


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


def monthly(unit: OrgUnit, period, *, boundaries: str = HISTORICAL) -> list[dict]:
    """Per reporting month of `period`: cases received and resolved (all / on time), from the engine (the numbers
    of the statistics page for each month). [{"period": Period, "received", "resolved", "on_time"}]; None =
    no data."""
    from danvan.reports import selectors as engine
    from danvan.reports.periods import MONTH, parse_period, periods_in_year

    p = period if hasattr(period, "code") else parse_period(str(period))
    months = [m for m in periods_in_year(p.year, MONTH) if p.contains(m)]
    result = []
    for row in engine.series(unit=unit, periods=months, indicators=["petition.received", "petition.resolved"],
                             boundaries=boundaries, by="category"):
        resolved = row["values"]["petition.resolved"]
        result.append({"period": row["period"], "received": row["values"]["petition.received"],
                       "resolved": resolved,
                       "on_time": None if resolved is None else row["split"]["petition.resolved"].get("on_time", 0)})
    return result


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
