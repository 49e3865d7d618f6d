"""Helpers shared by the reporting tests: write facts as a record app would, compute from scratch."""

import datetime
from decimal import Decimal

from danvan.reports import engine
from danvan.reports.facts import Fact, replace_facts
from danvan.reports.periods import parse_period

_COUNTER = {"n": 0}


def add_fact(indicator, unit, day, value=1, *, category="", sector="", level="", source="test.record"):
    _COUNTER["n"] += 1
    replace_facts(source=source, source_id=_COUNTER["n"],
                  facts=[Fact(indicator, unit.pk, day, value, category, sector, level)])
    return _COUNTER["n"]


def scratch(unit, period, codes, boundaries="historical"):
    """From-scratch figures straight from the raw tables (the reference computation)."""
    totals = engine.live_totals(unit, parse_period(period), engine.base_codes(codes), boundaries)
    collapsed = {}
    for (code, level), value in totals.items():
        if level == engine.PRESENT:
            continue
        collapsed[code] = collapsed.get(code, Decimal(0)) + value
    return engine.with_formulas(collapsed, codes)


D = datetime.date
