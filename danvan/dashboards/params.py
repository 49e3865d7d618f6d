"""Dashboard filters from the URL (`?ky=2025&dia_gioi=hien-nay&chi_tieu=dvk.registered`), so a view can be
shared and bookmarked. Periods are the reports app's codes (2025, 2025S1, 2025Q3, 202511)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.orgunits.models import OrgUnit
from danvan.reports import engine
from danvan.reports.periods import YEAR, Period, parse_period, period_containing

BOUNDARIES = {"lich-su": engine.HISTORICAL, "hien-nay": engine.CURRENT}
BOUNDARY_PARAM = {value: key for key, value in BOUNDARIES.items()}
DEFAULT_INDICATOR = "dvk.registered"


@dataclass(frozen=True)
class Filters:
    unit: OrgUnit
    period: Period
    boundaries: str
    indicator: str

    @property
    def boundaries_label(self) -> str:
        return _("ranh giới hiện nay") if self.boundaries == engine.CURRENT else _("ranh giới lịch sử")

    def query(self, **changes) -> str:
        values = {"ky": self.period.code, "dia_gioi": BOUNDARY_PARAM[self.boundaries], "chi_tieu": self.indicator}
        values.update(changes)
        return urlencode(values)

    def cache_parts(self) -> tuple:
        return (self.unit.pk, self.period.code, self.boundaries, self.indicator)


def default_period() -> Period:
    return period_containing(timezone.localdate(), YEAR)


def parse(unit: OrgUnit, get) -> Filters:
    """Filters from a QueryDict; bad values raise ValidationError with a Vietnamese message."""
    raw_period = (get.get("ky") or "").strip()
    try:
        period = parse_period(raw_period) if raw_period else default_period()
    except ValueError as error:  # the reports app's parser says what is wrong, in Vietnamese
        raise ValidationError(str(error)) from None
    raw_boundaries = (get.get("dia_gioi") or "").strip()
    if raw_boundaries and raw_boundaries not in BOUNDARIES:
        raise ValidationError(_("Địa giới phải là “lich-su” hoặc “hien-nay”."))
    # Units that still exist are shown on today's boundaries unless asked otherwise; units abolished in
    # 2025 only have their historical territory.
    boundaries = BOUNDARIES.get(raw_boundaries) or (engine.CURRENT if unit.valid_to is None else engine.HISTORICAL)
    indicator = (get.get("chi_tieu") or DEFAULT_INDICATOR).strip()
    if indicator not in engine.indicators():
        raise ValidationError(_("Không có chỉ tiêu “%(c)s”.") % {"c": indicator})
    return Filters(unit=unit, period=period, boundaries=boundaries, indicator=indicator)
