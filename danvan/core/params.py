"""Numbers read from query strings and forms: bounded, so nonsense never reaches a date or the database.

A year outside YEAR_MIN..YEAR_MAX, a 20-digit page number or "1e30" reads as "not given" (the page then shows
its default) instead of crashing a date computation or overflowing a database integer.
"""

from __future__ import annotations

YEAR_MIN, YEAR_MAX = 1945, 2100  # no record of this work predates 1945; nothing is planned past 2100
PAGE_MAX = 1_000_000
DB_INT_MAX = 2**31 - 1  # the smallest integer column of the supported databases


def int_param(value, *, minimum: int = 0, maximum: int = DB_INT_MAX, default: int | None = None) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if minimum <= number <= maximum else default


def year_param(value, default: int | None = None) -> int | None:
    """A year: "2026", or as people write it ("năm 2026") — read by the reports app's one period parser."""
    found = int_param(value, minimum=YEAR_MIN, maximum=YEAR_MAX)
    if found is None and isinstance(value, str) and value.strip() and not value.strip().lstrip("-").isdigit():
        from danvan.reports.periods import YEAR, parse_period

        try:
            period = parse_period(value)
        except ValueError:
            return default
        return period.year if period.type == YEAR and YEAR_MIN <= period.year <= YEAR_MAX else default
    return default if found is None else found


def page_param(value) -> int:
    return int_param(value, minimum=1, maximum=PAGE_MAX, default=1)
