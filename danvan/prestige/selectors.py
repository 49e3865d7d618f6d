"""Reads: the named list (province level and below), filters, and the figures read from the reporting engine.

Lists of people go through `named(user)`: the ordinary read scope AND the names rule of the gatekeeper
(`permissions.prestige_names_q`), so a national user's list is empty by construction and their pages and API
answer with counts only. Figures (statistics page, API counts) come from the reporting engine, the same
numbers as every other surface, with the boundaries and coverage of every indicator.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet

from danvan.accounts.permissions import prestige_names_q, scope
from danvan.core.text import search_terms
from danvan.orgunits.models import OrgUnit

from . import rules
from .ethnic_groups import NAMES as ETHNIC_NAMES
from .models import Person, SupportEntry

HISTORICAL, CURRENT = "historical", "current"


def named(user, qs: QuerySet | None = None) -> QuerySet:
    """People whose names `user` may read: read scope, restricted to memberships at province level or below."""
    qs = scope(Person.objects.all() if qs is None else qs, user)
    return qs.filter(prestige_names_q(user))


def named_support(user, qs: QuerySet | None = None) -> QuerySet:
    qs = scope(SupportEntry.objects.all() if qs is None else qs, user)
    return qs.filter(prestige_names_q(user, prefix="person__unit__"))


def with_related(qs: QuerySet) -> QuerySet:
    return qs.select_related("unit", "former_unit", "ethnic_group")


def in_subtree(unit: OrgUnit, boundaries: str = CURRENT, prefix: str = "") -> Q:
    """People whose commune (or former commune) lies in `unit`'s subtree, historically or on today's map."""
    condition = Q(**{f"{prefix}unit__path__startswith": unit.path}) | Q(
        **{f"{prefix}former_unit__path__startswith": unit.path})
    if boundaries == CURRENT:
        condition |= Q(**{f"{prefix}unit__current_path__startswith": unit.path})
    return condition


def filter_people(qs: QuerySet, *, subtree: OrgUnit | None = None, boundaries: str = CURRENT,
                  status: str = "", ethnic_group: str = "", role: str = "", query: str = "",
                  year: int | None = None) -> QuerySet:
    """Filters of the list page, the exports and the API. `year`: in the list at the end of that year."""
    if subtree is not None:
        qs = qs.filter(in_subtree(subtree, boundaries))
    if status == "in_list":
        qs = qs.filter(status=Person.Status.RECOGNISED)
    elif status:
        qs = qs.filter(status=status)
    if ethnic_group:
        qs = qs.filter(ethnic_group__code=ethnic_group)
    if role:
        qs = qs.filter(role=role)
    if year:
        end = rules.year_end(year)
        qs = qs.filter(decision_date__lte=end).filter(
            Q(status=Person.Status.RECOGNISED) | Q(status_date__gt=end))
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs


# --- figures read from the reporting engine ------------------------------------------------------------------

def engine_summary(*, unit: OrgUnit, year: int, boundaries: str = HISTORICAL) -> dict:
    """What the statistics page and the API counts show for one subtree and year: totals (None = no data),
    by ethnic group, by role, support by kind, and coverage."""
    from danvan.reports import selectors as engine

    codes = list(rules.INDICATORS)
    shown = engine.figure_set(unit=unit, period=str(year), indicators=codes, boundaries=boundaries)
    by_category = engine.breakdowns(unit=unit, period=str(year), indicators=codes, by="category",
                                    boundaries=boundaries)
    roles = dict(Person.Role.choices)
    kinds = dict(SupportEntry.Kind.choices)

    def whole(value) -> int | None:
        return None if value is None else int(value)

    by_ethnic = sorted(((code, ETHNIC_NAMES.get(code, code), int(value))
                        for code, value in by_category[rules.PEOPLE].items() if value),
                       key=lambda row: (-row[2], row[0]))
    by_role = [(code, str(label), int(by_category[rules.PEOPLE_BY_ROLE].get(code) or 0))
               for code, label in roles.items() if by_category[rules.PEOPLE_BY_ROLE].get(code)]
    support = [(code, str(label), int(by_category[rules.SUPPORT].get(code) or 0),
                Decimal(by_category[rules.SUPPORT_AMOUNT].get(code) or 0))
               for code, label in kinds.items()
               if by_category[rules.SUPPORT].get(code) or by_category[rules.SUPPORT_AMOUNT].get(code)]
    values = shown["values"]
    minority = sum(n for code, _name, n in by_ethnic if code != "01")
    return {
        "unit": unit, "year": year, "boundaries": boundaries, "coverage": shown["coverage"],
        "people": whole(values[rules.PEOPLE]), "minority": minority,
        "support_count": whole(values[rules.SUPPORT]),
        "support_amount": values[rules.SUPPORT_AMOUNT],
        "by_ethnic": [{"code": c, "name": n, "people": v} for c, n, v in by_ethnic],
        "by_role": [{"code": c, "name": n, "people": v} for c, n, v in by_role],
        "support_by_kind": [{"code": c, "name": n, "count": v, "amount": a} for c, n, v, a in support],
    }


def engine_by_child(*, unit: OrgUnit, year: int, boundaries: str = HISTORICAL) -> list[dict]:
    """Per child unit: people in the list at the year's end and support money, None where a child has no data."""
    from danvan.reports import selectors as engine

    rows = engine.child_figures(unit=unit, period=str(year), indicators=[rules.PEOPLE, rules.SUPPORT_AMOUNT],
                                boundaries=boundaries)
    return [{"unit": row["unit"], "people": row["figures"][rules.PEOPLE],
             "support_amount": row["figures"][rules.SUPPORT_AMOUNT]} for row in rows]
