"""Reporting periods: DHIS2 codes (2023, 2023S1, 2023Q3, 202311) in URLs, files and the API; read as
people write them ("Quý 3/2026", "III/2026", "6 tháng đầu năm 2026", "tháng 11/2026") by the one
parser `parse_period`, shown in words by `Period.label` / `period_label` ("quý III năm 2026").

The reporting year may start on another day than 1 January (`settings.REPORTING_YEAR_START`,
"MM-DD"; "12-15" makes year 2023 run from 15/12/2022 to 14/12/2023). Months, quarters and
semesters are then counted from that day: month 1 of 2023 is 15/12/2022–14/01/2023.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

YEAR, SEMESTER, QUARTER, MONTH = "year", "semester", "quarter", "month"
TYPES = (YEAR, SEMESTER, QUARTER, MONTH)
MONTHS_IN = {YEAR: 12, SEMESTER: 6, QUARTER: 3, MONTH: 1}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MIN_YEAR, MAX_YEAR = 1945, 2100


def year_start() -> tuple[int, int]:
    """(month, day) on which a reporting year starts; (1, 1) by default."""
    # Read from settings once (an import asks ~500.000 times; settings' lookup costs more than the rest of
    # parse_period), again after a test or a deployment check changes the setting.
    if not _year_start_read:
        _year_start_read.append(_parse_start(getattr(settings, "REPORTING_YEAR_START", "01-01") or "01-01"))
    return _year_start_read[0]


_year_start_read: list[tuple[int, int]] = []


@receiver(setting_changed)
def _forget_year_start(*, setting: str, **_kwargs) -> None:
    if setting == "REPORTING_YEAR_START":
        _year_start_read.clear()


@functools.lru_cache(maxsize=8)
def _parse_start(raw: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in raw.split("-"))
        datetime.date(2001, month, day)
    except (ValueError, TypeError):
        raise ValueError(f"REPORTING_YEAR_START must be MM-DD, got {raw!r}") from None
    if day > 28:
        raise ValueError("REPORTING_YEAR_START must use a day from 1 to 28")
    return month, day


def _month_start(year: int, index: int) -> datetime.date:
    """First day of the `index`-th month (1-based; may exceed 12) of reporting year `year`."""
    start_month, start_day = year_start()
    # A year that does not start on 1 January begins in the previous calendar year.
    first_year = year if (start_month, start_day) == (1, 1) else year - 1
    months = (first_year * 12 + start_month - 1) + (index - 1)
    return datetime.date(months // 12, months % 12 + 1, start_day)


@dataclass(frozen=True)
class Period:
    code: str
    type: str
    year: int
    index: int  # 1 for years; 1–2 semesters; 1–4 quarters; 1–12 months
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        if self.type == YEAR:
            return _("năm %(year)s") % {"year": self.year}
        if self.type == SEMESTER:
            if self.index == 1:
                return _("6 tháng đầu năm %(year)s") % {"year": self.year}
            return _("6 tháng cuối năm %(year)s") % {"year": self.year}
        if self.type == QUARTER:
            return _("quý %(q)s năm %(year)s") % {"q": _ROMAN[self.index], "year": self.year}
        return _("tháng %(month)s năm %(year)s") % {"month": self.index, "year": self.year}

    def __str__(self) -> str:
        return self.label

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def contains_day(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        per_year = 12 // MONTHS_IN[self.type]
        if self.index > 1:
            return make_period(self.type, self.year, self.index - 1)
        return make_period(self.type, self.year - 1, per_year)

    def previous_year(self) -> Period:
        return make_period(self.type, self.year - 1, self.index)

    def subperiods(self) -> list[Period]:
        """Every period of any type that lies within this one, itself included (coarsest first)."""
        found = [self]
        for kind in TYPES[TYPES.index(self.type) + 1:]:
            found.extend(p for p in periods_in_year(self.year, kind) if self.contains(p))
        return found

    def year_period(self) -> Period:
        return make_period(YEAR, self.year, 1)

    def enclosing(self) -> list[Period]:
        """The coarser periods containing this one (the year, its semester, its quarter)."""
        result = []
        for kind in TYPES[: TYPES.index(self.type)]:
            result.extend(p for p in periods_in_year(self.year, kind) if p.contains(self))
        return result


def make_period(type: str, year: int, index: int = 1) -> Period:
    return _make_period(type, year, index, year_start())


@functools.lru_cache(maxsize=4096)
def _make_period(type: str, year: int, index: int, _start: tuple[int, int]) -> Period:
    if type not in MONTHS_IN:
        raise ValueError(_("Loại kỳ báo cáo “%(type)s” không hợp lệ.") % {"type": type})
    span = MONTHS_IN[type]
    first = (index - 1) * span + 1
    start = _month_start(year, first)
    end = _month_start(year, first + span) - datetime.timedelta(days=1)
    if type == YEAR:
        code = f"{year:04d}"
    elif type == SEMESTER:
        code = f"{year:04d}S{index}"
    elif type == QUARTER:
        code = f"{year:04d}Q{index}"
    else:
        code = f"{year:04d}{index:02d}"
    return Period(code=code, type=type, year=year, index=index, start=start, end=end)


# What a person may type (shown with every "cannot read this period" message).
ACCEPTED_FORMS = ("2026", "năm 2026", "Quý 3/2026", "quý III năm 2026", "Q3/2026", "III/2026",
                  "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "tháng 11/2026", "11/2026",
                  "tháng 11 năm 2026", "2026S1", "2026Q3", "202611")
_ROMAN_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEP = r"\s*(?:/|-|\s|nam)\s*"  # "3/2026", "3-2026", "3 năm 2026" (folded: "nam")
_FORMS = [  # on folded text (no diacritics, lower case, single spaces)
    ("year", re.compile(r"^(?:nam\s*)?(?P<year>\d{4})$")),
    ("dhis2", re.compile(r"^(?P<year>\d{4})\s*(?P<kind>[sq])(?P<n>[1-4])$")),
    ("month_code", re.compile(r"^(?P<year>\d{4})(?P<n>\d{2})$")),
    ("quarter", re.compile(r"^(?:quy|q)\s*(?P<n>[1-4]|iv|i{1,3})" + _SEP + r"(?P<year>\d{4})$")),
    ("quarter", re.compile(r"^(?P<n>iv|i{1,3})\s*/\s*(?P<year>\d{4})$")),
    ("semester", re.compile(r"^6 ?thang (?P<half>dau|cuoi)(?: nam)?\s*/?\s*(?P<year>\d{4})$")),
    ("semester", re.compile(r"^s(?P<n>[12])\s*/\s*(?P<year>\d{4})$")),
    ("month", re.compile(r"^(?:thang\s*)?(?P<n>\d{1,2})" + _SEP + r"(?P<year>\d{4})$")),
]


def accepted_forms_text() -> str:
    return ", ".join(f"“{form}”" for form in ACCEPTED_FORMS)


def parse_period(code: str) -> Period:
    """Read a period as people write it ("Quý 3/2026", "III/2026", "6 tháng đầu năm 2026", "11/2026"…) or
    as a DHIS2 code ("2026Q3"); ValueError with a Vietnamese message listing the accepted forms otherwise."""
    if isinstance(code, str) and len(code) <= 40:
        return _parse_cached(code, year_start())
    return _parse(code)


@functools.lru_cache(maxsize=4096)
def _parse_cached(code: str, _start: tuple[int, int]) -> Period:
    return _parse(code)


def _unreadable(code) -> ValueError:
    return ValueError(_("Không đọc được kỳ báo cáo “%(code)s”. Hãy viết theo một trong các dạng: %(forms)s.")
                      % {"code": code if code is not None else "", "forms": accepted_forms_text()})


def _parse(code) -> Period:
    from danvan.core.text import fold

    text = fold(code) if isinstance(code, str) else ""
    text = text.replace(" / ", "/").replace(" /", "/").replace("/ ", "/")
    found = next(((kind, m) for kind, pattern in _FORMS if (m := pattern.match(text))), None)
    if found is None:
        raise _unreadable(code)
    kind, match = found
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(_("Năm %(year)s của kỳ báo cáo “%(code)s” nằm ngoài phạm vi cho phép.")
                         % {"year": year, "code": code})
    if kind == "year":
        return make_period(YEAR, year, 1)
    if kind == "dhis2":
        if match["kind"] == "s" and int(match["n"]) > 2:
            raise _unreadable(code)
        return make_period(SEMESTER if match["kind"] == "s" else QUARTER, year, int(match["n"]))
    if kind == "quarter":
        number = match["n"]
        index = int(number) if number.isdigit() else _ROMAN_NUMBER[number]
        return make_period(QUARTER, year, index)
    if kind == "semester":
        index = int(match["n"]) if match.groupdict().get("n") else (1 if match["half"] == "dau" else 2)
        return make_period(SEMESTER, year, index)
    month = int(match["n"])
    if not 1 <= month <= 12:
        raise _unreadable(code)
    return make_period(MONTH, year, month)


def period_label(code) -> str:
    """"2026Q3" -> "quý III năm 2026"; what cannot be read is returned as given (labels never raise)."""
    if isinstance(code, Period):
        return code.label
    try:
        return parse_period(str(code)).label
    except ValueError:
        return str(code or "")


def period_containing(day: datetime.date, type: str) -> Period:
    """The period of `type` that contains `day` (honours REPORTING_YEAR_START)."""
    year = reporting_year_of(day)
    for period in periods_in_year(year, type):
        if period.contains_day(day):
            return period
    raise AssertionError("every day lies in some period")  # pragma: no cover


def reporting_year_of(day: datetime.date) -> int:
    start_month, start_day = year_start()
    if (start_month, start_day) == (1, 1):
        return day.year
    return day.year + 1 if (day.month, day.day) >= (start_month, start_day) else day.year


def periods_in_year(year: int, type: str) -> list[Period]:
    if type not in MONTHS_IN:
        raise ValueError(_("Loại kỳ báo cáo “%(type)s” không hợp lệ.") % {"type": type})
    return [make_period(type, year, i) for i in range(1, 12 // MONTHS_IN[type] + 1)]
