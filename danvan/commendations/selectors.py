"""Reads: lists with filters and search, and the counting functions of the commendation figures.

Counting rule (written once, here and in rules.facts_for): a commendation counts when it is DECIDED;
it counts 1 for "tập thể" or "cá nhân" (recipient type), in the reporting year that contains its
decision date, for its `unit` (the unit whose work is commended) and every unit above it. An
individual with two awards in a year counts twice: the figures add up decisions, as the annual
reports do ("12.911 tập thể và 18.492 cá nhân được khen thưởng").

Boundaries: "historical" counts the units that were inside the subtree when the decision was made
(the unit's own path); "current" re-reads history on today's map (every unit whose territory is now
inside — Hậu Giang's 2023 commendations count for Cần Thơ).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from danvan.accounts.permissions import scope, scope_q, visible_unit_ids
from danvan.core.text import search_terms
from danvan.orgunits.models import OrgUnit

from .models import AwardForm, Commendation

HISTORICAL, CURRENT = "historical", "current"
COLLECTIVE, INDIVIDUAL = Commendation.RecipientType.COLLECTIVE, Commendation.RecipientType.INDIVIDUAL


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The reporting year (settings.REPORTING_YEAR_START "MM-DD"; "12-15" → 15/12/(y-1) – 14/12/y)."""
    month, day = (int(p) for p in getattr(settings, "REPORTING_YEAR_START", "01-01").split("-"))
    if (month, day) == (1, 1):
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return datetime.date(year - 1, month, day), datetime.date(year, month, day) - datetime.timedelta(days=1)


def in_subtree(unit: OrgUnit, boundaries: str = HISTORICAL) -> Q:
    """Commendations whose unit lies in `unit`'s subtree (historical) or now lies inside it (current).

    Expressed as `unit_id IN (units of the subtree)` rather than a join on the unit's path: the unit tree is
    small (~14.000 rows) and the database then reaches the commendations through their own indexes (10–20×
    faster on the bench set). The root holds every unit, so it needs no condition at all.
    """
    if boundaries not in (HISTORICAL, CURRENT):
        raise ValueError("boundaries must be 'historical' or 'current'")
    if unit.depth == 0 and unit.parent_id is None:
        return Q()
    condition = Q(path__startswith=unit.path)
    if boundaries == CURRENT:
        condition |= Q(current_path__startswith=unit.path)
    return Q(unit_id__in=OrgUnit.objects.filter(condition).values("id"))


def visible(user, qs: QuerySet | None = None) -> QuerySet:
    """Commendations `user` may read: permissions.scope(), plus the same rule restated on unit ids.

    The second filter never widens what scope() allows (it is scope() applied to the unit table); it only
    lets the database use the unit index instead of scanning every commendation through a join.
    """
    qs = scope(Commendation.objects.all() if qs is None else qs, user)
    unit_ids = visible_unit_ids(user)
    return qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)


def decided_in(unit: OrgUnit, year: int, boundaries: str = HISTORICAL) -> QuerySet:
    """The commendations counted for `unit`'s subtree in reporting year `year`."""
    start, end = year_bounds(year)
    return Commendation.objects.filter(
        in_subtree(unit, boundaries), status=Commendation.Status.DECIDED,
        decision_date__gte=start, decision_date__lte=end,
    )


def count_commended(*, unit: OrgUnit, year: int, boundaries: str = HISTORICAL) -> dict[str, int]:
    """{"collective": n, "individual": n} — the two headline figures."""
    counts = {COLLECTIVE.value: 0, INDIVIDUAL.value: 0}
    for row in decided_in(unit, year, boundaries).values("recipient_type").annotate(n=Count("id")):
        counts[row["recipient_type"]] = row["n"]
    return counts


def count_by(*, unit: OrgUnit, year: int, by: str, boundaries: str = HISTORICAL) -> dict[str, dict[str, int]]:
    """Counts split by "form" (award form code), "award_level" (level of the award: central/province/…)
    or "unit_level" (level of the commended unit) → {key: {"collective": n, "individual": n}}."""
    fields = {"form": "form__code", "award_level": "form__level", "unit_level": "unit__level"}
    if by not in fields:
        raise ValueError("by must be one of {}".format(", ".join(fields)))
    result: dict[str, dict[str, int]] = defaultdict(lambda: {COLLECTIVE.value: 0, INDIVIDUAL.value: 0})
    rows = decided_in(unit, year, boundaries).values(fields[by], "recipient_type").annotate(n=Count("id"))
    for row in rows:
        result[row[fields[by]]][row["recipient_type"]] = row["n"]
    return dict(result)


def count_by_child(*, unit: OrgUnit, year: int, boundaries: str = HISTORICAL) -> list[dict]:
    """One row per child unit that existed in the year (historical) or exists today (current), plus a row
    for the unit's own records when it has any: [{"unit": OrgUnit|None, "collective": n, "individual": n}].

    One grouped query; rows are bucketed by the path segment right below `unit` (the commended unit's
    path, or on today's boundaries the path of its current successor when that lies inside `unit`)."""
    from danvan.orgunits import selectors as units

    start, end = year_bounds(year)
    if boundaries == CURRENT:
        children = list(units.children_on(unit, units.today()))
    else:
        children = list(units.children_during(unit, start, end))
    buckets: dict[str, dict[str, int]] = {
        child.path: {COLLECTIVE.value: 0, INDIVIDUAL.value: 0} for child in children}
    own = {COLLECTIVE.value: 0, INDIVIDUAL.value: 0}
    # Group by unit id on the covering index, then place each unit under its child with one read of the tree.
    rows = list(decided_in(unit, year, boundaries).values("unit_id", "recipient_type").annotate(n=Count("id")))
    tree = OrgUnit.objects.filter(path__startswith=unit.path)
    if boundaries == CURRENT:
        tree = OrgUnit.objects.filter(Q(path__startswith=unit.path) | Q(current_path__startswith=unit.path))
    paths = {pk: (path, current) for pk, path, current in tree.values_list("id", "path", "current_path")}
    for row in rows:
        path, current_path = paths.get(row["unit_id"], ("", ""))
        if boundaries == CURRENT and (current_path or "").startswith(unit.path):
            path = current_path
        if not path.startswith(unit.path):
            continue
        rest = path[len(unit.path):]
        if not rest:
            own[row["recipient_type"]] += row["n"]
            continue
        child_path = unit.path + rest.split("/", 1)[0] + "/"
        bucket = buckets.setdefault(child_path, {COLLECTIVE.value: 0, INDIVIDUAL.value: 0})
        bucket[row["recipient_type"]] += row["n"]
    by_path = {child.path: child for child in children}
    missing = [p for p in buckets if p not in by_path]
    if missing:
        by_path.update({u.path: u for u in OrgUnit.objects.filter(path__in=missing)})
    result = [{"unit": None, **own}] if any(own.values()) else []
    ordered = [c.path for c in children] + [p for p in missing if p in by_path]
    result.extend({"unit": by_path[p], **buckets[p]} for p in ordered)
    return result


def counts_summary(*, unit: OrgUnit, year: int, boundaries: str = HISTORICAL) -> dict:
    """Everything the statistics page and the API show for one subtree and year."""
    forms = {f.code: f for f in AwardForm.objects.all()}
    by_form = count_by(unit=unit, year=year, by="form", boundaries=boundaries)
    return {
        "unit": unit, "year": year, "boundaries": boundaries,
        "totals": count_commended(unit=unit, year=year, boundaries=boundaries),
        "by_form": [{"form": forms.get(code), "code": code, **v} for code, v in
                    sorted(by_form.items(), key=lambda kv: (forms[kv[0]].order if kv[0] in forms else 999, kv[0]))],
        "by_award_level": count_by(unit=unit, year=year, by="award_level", boundaries=boundaries),
        "by_unit_level": count_by(unit=unit, year=year, by="unit_level", boundaries=boundaries),
    }


# --- lists -----------------------------------------------------------------------------------------

def filter_commendations(qs: QuerySet, *, subtree: OrgUnit | None = None, boundaries: str = CURRENT,
                         year: int | None = None, form: str = "", award_level: str = "",
                         recipient_type: str = "", status: str = "", query: str = "") -> QuerySet:
    """Filters of the list page and the API. `year` is the decision year (or, for undecided nominations,
    the period they cover)."""
    if subtree is not None:
        qs = qs.filter(in_subtree(subtree, boundaries))
    if year:
        start, end = year_bounds(year)
        qs = qs.filter(Q(decision_date__gte=start, decision_date__lte=end)
                       | Q(decision_date__isnull=True, period_start_year__lte=year, period_end_year__gte=year))
    if form:
        qs = qs.filter(form__code=form)
    if award_level:
        qs = qs.filter(form__level=award_level)
    if recipient_type:
        qs = qs.filter(recipient_type=recipient_type)
    if status:
        qs = qs.filter(status=status)
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs


def with_related(qs: QuerySet) -> QuerySet:
    return qs.select_related("unit", "proposing_unit", "form", "recipient_unit")


def rules_today() -> datetime.date:
    from .rules import today

    return today()


# --- figures read from the reporting engine (statistics page, home panel, API) -------------------------------

ENGINE_CODES = {COLLECTIVE.value: "commendation.collective", INDIVIDUAL.value: "commendation.individual"}


def engine_summary(*, unit: OrgUnit, year: int, boundaries: str = HISTORICAL) -> dict:
    """`counts_summary` read from the reporting engine: the numbers of every other surface (an entered aggregate
    replaces the unit's records only inside its own period). Totals without any data are None, not 0."""
    from danvan.reports import selectors as engine

    codes = list(ENGINE_CODES.values())
    shown = engine.figure_set(unit=unit, period=str(year), indicators=codes, boundaries=boundaries)
    by_category = engine.breakdowns(unit=unit, period=str(year), indicators=codes, by="category",
                                    boundaries=boundaries)
    by_level = engine.breakdowns(unit=unit, period=str(year), indicators=codes, by="level", boundaries=boundaries)
    forms = {f.code: f for f in AwardForm.objects.all()}

    def split(source: dict[str, dict]) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = defaultdict(lambda: {COLLECTIVE.value: 0, INDIVIDUAL.value: 0})
        for kind, code in ENGINE_CODES.items():
            for label, value in source[code].items():
                if value:
                    result[label][kind] += int(value)
        return dict(result)

    by_form = split(by_category)
    award_levels: dict[str, dict[str, int]] = defaultdict(lambda: {COLLECTIVE.value: 0, INDIVIDUAL.value: 0})
    for code, counts in by_form.items():
        level = forms[code].level if code in forms else ""
        for kind, n in counts.items():
            award_levels[level][kind] += n
    totals = {kind: None if shown["values"][code] is None else int(shown["values"][code])
              for kind, code in ENGINE_CODES.items()}
    return {
        "unit": unit, "year": year, "boundaries": boundaries, "totals": totals, "coverage": shown["coverage"],
        "by_form": [{"form": forms.get(code), "code": code, **v} for code, v in
                    sorted(by_form.items(), key=lambda kv: (forms[kv[0]].order if kv[0] in forms else 999, kv[0]))],
        "by_award_level": dict(award_levels),
        "by_unit_level": split(by_level),
    }


def engine_by_child(*, unit: OrgUnit, year: int, boundaries: str = HISTORICAL) -> list[dict]:
    """`count_by_child` from the engine: the unit's own row (when it has any) and one row per child unit."""
    from danvan.reports import selectors as engine

    codes = list(ENGINE_CODES.values())
    per_child = engine.breakdowns(unit=unit, period=str(year), indicators=codes, by="child", boundaries=boundaries)
    total = engine.figures(unit=unit, period=str(year), indicators=codes, boundaries=boundaries)
    keys = list(per_child[codes[0]])
    units = {u.key: u for u in OrgUnit.objects.filter(key__in=keys).order_by("valid_from")}
    rows = [{"unit": units.get(key), **{kind: int(per_child[code][key]) for kind, code in ENGINE_CODES.items()}}
            for key in keys]
    own = {kind: int(total[code] - sum(per_child[code].values())) for kind, code in ENGINE_CODES.items()}
    return ([{"unit": None, **own}] if any(own.values()) else []) + rows


# --- work queue (issue 15) ----------------------------------------------------------------------

def queue_counts(user) -> dict:
    """Proposals waiting for this user's decision (proposed or approved, from units strictly below a unit
    they approve) and the user's own proposals returned to them, with the notes."""
    from danvan.accounts.permissions import WRITE, scope_below

    waiting = scope_below(Commendation.objects.filter(
        status__in=[Commendation.Status.PROPOSED, Commendation.Status.APPROVED]), user,
        field="proposing_unit").count()
    returned_qs = Commendation.objects.filter(status=Commendation.Status.RETURNED)
    mine = scope_q(user, WRITE, prefix="proposing_unit__")  # returned to the unit that proposed
    if mine is not None:
        returned_qs = returned_qs.filter(mine)
    returned = list(returned_qs.order_by("-id").values_list("recipient_name", "return_note")[:50])
    return {"waiting": waiting, "returned": len(returned), "returned_notes": returned[:3]}
