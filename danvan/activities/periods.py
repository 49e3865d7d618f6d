"""Reporting periods for the counting functions.

Uses the reporting engine's `danvan.reports.periods.parse_period` when it is present (it honours
settings.REPORTING_YEAR_START); until then a calendar-year fallback accepts the same codes:
"2023", "2023S1", "2023Q3", "202311".
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SimplePeriod:
    code: str
    start: datetime.date
    end: datetime.date


_RE = re.compile(r"^(?P<year>\d{4})(?:(?P<half>S[12])|(?P<quarter>Q[1-4])|(?P<month>0[1-9]|1[0-2]))?$")


def _fallback(code: str) -> SimplePeriod:
    match = _RE.match(code.strip().upper())
    if not match:
        raise ValueError(_("Kỳ “%(code)s” không hợp lệ (ví dụ: 2023, 2023S1, 2023Q3, 202311).") % {"code": code})
    year = int(match["year"])
    if match["half"]:
        first = 1 if match["half"] == "S1" else 7
        months = (first, first + 5)
    elif match["quarter"]:
        first = 3 * (int(match["quarter"][1]) - 1) + 1
        months = (first, first + 2)
    elif match["month"]:
        months = (int(match["month"]),) * 2
    else:
        months = (1, 12)
    end_day = calendar.monthrange(year, months[1])[1]
    return SimplePeriod(code, datetime.date(year, months[0], 1), datetime.date(year, months[1], end_day))


def parse(code):
    """A period object with .code/.start/.end from a code (or return the object given)."""
    if hasattr(code, "start") and hasattr(code, "end"):
        return code
    try:
        from danvan.reports.periods import parse_period
    except ImportError:
        return _fallback(str(code))
    return parse_period(str(code))
