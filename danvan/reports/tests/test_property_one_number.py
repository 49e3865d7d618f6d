"""Issue 10, property: for random records and aggregates over random units (province, district, commune,
central bodies, before and after the 2025 reform) and random periods, every surface returns the same
number — and that number is the counting rule's, computed here independently from the generated data.

Bounded (max_examples) so it runs in `make test` on SQLite and PostgreSQL in seconds. Each example runs in
a transaction that is rolled back, so examples do not see each other's data.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.activities import selectors as activity_selectors
from danvan.orgunits.models import OrgUnit
from danvan.reports import selectors
from danvan.reports.facts import Fact, replace_facts
from danvan.reports.periods import make_period, periods_in_year
from danvan.reports.services import datavalue_set

from .helpers import scratch

pytestmark = pytest.mark.django_db

CODE = "dialogue"
# Few units and two years, so records and aggregates of the same unit and period meet often.
UNIT_KEYS = ["VN-92", "VN-93", "VN-93-930-31318", "VN-92-31135", "TW-BDV", "TW-BTGDV"]
QUERY_KEYS = ["VN", "VN-92", "VN-93", "VN-93-930", "VN-92-31135", "TW-BTGDV"]
YEARS = [2025, 2026]
FINE = [p for year in YEARS for kind in ("semester", "quarter", "month") for p in periods_in_year(year, kind)]
DASHBOARD_BOUNDARIES = {"historical": "lich-su", "current": "hien-nay"}
COARSE = [p for year in YEARS for kind in ("year", "semester", "quarter") for p in periods_in_year(year, kind)]

days = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2026, 12, 31))
units = st.sampled_from(UNIT_KEYS)


@st.composite
def data_sets(draw):
    """Records and aggregates around one focus unit and year (so they meet), plus a few elsewhere."""
    focus, year = draw(units), draw(st.sampled_from(YEARS))
    in_year = st.dates(min_value=datetime.date(year, 1, 1), max_value=datetime.date(year, 12, 31))
    records = draw(st.lists(st.tuples(st.just(focus), in_year, st.integers(1, 5)), min_size=1, max_size=6))
    records += draw(st.lists(st.tuples(units, days, st.integers(1, 5)), max_size=4))
    own_periods = [p for p in FINE + COARSE if p.year == year]
    aggregates = draw(st.lists(st.tuples(st.just(focus), st.sampled_from(own_periods), st.integers(0, 9)),
                               min_size=1, max_size=3))
    aggregates += draw(st.lists(st.tuples(units, st.sampled_from(FINE), st.integers(0, 9)), max_size=2))
    asked = st.sampled_from([p for p in COARSE if p.year == year] + COARSE)
    questions = draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS + [focus]), asked,
                                        st.sampled_from(["historical", "current"])), min_size=1, max_size=3))
    return records, aggregates, questions


def _exists(unit, period) -> bool:
    return (unit.valid_from is None or unit.valid_from <= period.end) and (
        unit.valid_to is None or unit.valid_to >= period.start)


def expected(units, facts, entered, query, period, boundaries):
    """The counting rule, written out: for every unit below `query` that existed in the period, the entered
    aggregates inside the period, plus its records dated inside the period but outside those aggregates."""
    total, has_data = Decimal(0), False
    for key, unit in units.items():
        inside = unit.path.startswith(query.path) or (
            boundaries == "current" and (unit.current_path or "").startswith(query.path))
        if not inside or not _exists(unit, period):
            continue
        kept = [(p, v) for (k, p), v in entered.items() if k == key and period.contains(p)]
        for _p, value in kept:
            total, has_data = total + value, True
        for fact_key, day, value in facts:
            if fact_key == key and period.contains_day(day) and not any(p.contains_day(day) for p, _v in kept):
                total, has_data = total + value, True
    return total, has_data


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=data_sets())
def test_every_surface_returns_the_rule_s_number(client, data):
    records, aggregates, questions = data
    from django.contrib.auth import get_user_model

    units = {u.key: u for u in OrgUnit.objects.filter(key__in=set(UNIT_KEYS + QUERY_KEYS))}
    admin = get_user_model().objects.filter(username="property-root").first() or \
        get_user_model().objects.create_superuser("property-root", "root@example.org", "x")
    client.force_login(admin)
    with transaction.atomic():
        for index, (key, day, value) in enumerate(records):
            replace_facts(source="property.record", source_id=index,
                          facts=[Fact(CODE, units[key].pk, day, value)])
        entered = {}
        for key, period, value in aggregates:
            try:  # refused when the unit did not exist then, or a period of another type overlaps
                datavalue_set(actor=None, unit=units[key], period=period.code, indicator=CODE, value=value)
            except ValidationError:
                continue
            entered[(key, period)] = Decimal(value)
        for key, period, boundaries in questions:
            query = units[key]
            total, has_data = expected(units, records, entered, query, period, boundaries)
            engine = selectors.figures(unit=query, period=period.code, indicators=[CODE], boundaries=boundaries)
            assert engine[CODE] == total, (key, period.code, boundaries)
            assert scratch(query, period.code, [CODE], boundaries)[CODE] == total
            shown = selectors.figure_set(unit=query, period=period, indicators=[CODE], boundaries=boundaries)
            assert shown["values"][CODE] == (total if has_data else None)
            api = client.get("/api/v1/reports/figures/", {"unit": key, "period": period.label,
                                                          "indicators": CODE, "boundaries": boundaries}).json()
            assert api["figures"][CODE] == total and api["period"] == period.code
            summary = activity_selectors.summary(unit=query, period=period.code, boundaries=boundaries)
            assert summary["dialogues"] == (total if has_data else None)
            page = client.get(f"/bao-cao/so-lieu/{key}/{period.code}/", {"boundaries": boundaries}).content.decode()
            row = page.split("Hội nghị tiếp xúc, đối thoại giữa lãnh đạo và Nhân dân", 1)[1].split("</tr>", 1)[0]
            assert (f"<strong>{total}</strong>" if has_data else "<strong>—</strong>") in row, row
            chart = client.get(f"/api/v1/dashboards/{key}/xep-hang/", {
                "ky": period.label, "dia_gioi": DASHBOARD_BOUNDARIES[boundaries], "chi_tieu": CODE}).json()
            by_key = {u.key: u for u in OrgUnit.objects.filter(key__in=chart["keys"])}
            for child_key, row in zip(chart["keys"], chart["rows"], strict=True):  # each child by the rule
                child_total, child_has = expected(units, records, entered, by_key[child_key], period, boundaries)
                assert row[1] == (child_total if child_has else None), (key, child_key, period.code, boundaries)
            if period.type == "year":
                annual = selectors.annual_figures(unit=query, year=period.year, boundaries=boundaries)
                assert annual["figures"][CODE] == (total if has_data else None)
                previous, before = expected(units, records, entered, query, make_period("year", period.year - 1),
                                            boundaries)
                assert annual["previous_year"][CODE] == (previous if before else None)
                assert annual["coverage"][CODE]["reporting"] <= annual["coverage"][CODE]["expected"]
                trend = selectors.trend(unit=query, years=[period.year], indicators=[CODE], boundaries=boundaries)
                assert trend[CODE][period.year] == total
                chart = client.get(f"/api/v1/dashboards/{key}/xu-huong/", {
                    "ky": period.label, "dia_gioi": DASHBOARD_BOUNDARIES[boundaries], "chi_tieu": CODE}).json()
                assert {r[0]: r[1] for r in chart["rows"]}[str(period.year)] == total
        transaction.set_rollback(True)
