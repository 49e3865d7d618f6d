"""How Party reports write numbers and comparisons; shared by the section modules.

- Missing data is None, never 0: a clause whose figure is None is left out, and a comparison with a
  previous period that has no figure says "chưa có số liệu so sánh" instead of computing a change.
- Counts under 10 of documents, bodies and collectives take a leading zero ("01 nghị quyết", "05 tập thể").
- A change is written as the absolute difference with the percentage ("tăng 1.204 mô hình (7,0%) so với
  năm 2022").
- An abbreviation is spelled out at its first use ("công tác dân vận (CTDV)"), then used alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from danvan.core.formatting import format_money_words, format_number, format_percent

LEVELS = ["central", "province", "district", "commune"]
LEVEL_WORDS = {"central": "cấp trung ương", "province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}
ABBREVIATIONS = {
    "CTDV": "công tác dân vận",
    "MTTQ": "Mặt trận Tổ quốc",
    "DVK": "“Dân vận khéo”",
}


def value(values: dict | None, code: str) -> Decimal | None:
    """The figure as a Decimal, or None when there is no figure (missing is not zero)."""
    if not values:
        return None
    raw = values.get(code)
    if raw is None or raw == "":
        return None
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None


def number(values: dict | None, code: str) -> Decimal:
    """The figure, with no figure read as zero (for sums that are shown only when something is non-zero)."""
    return value(values, code) or Decimal(0)


def some(*values: Decimal | None) -> bool:
    """At least one figure that is present and non-zero."""
    return any(v for v in values if v is not None)


def n(amount: Decimal | int) -> str:
    """183676 -> "183.676"."""
    return format_number(amount)


def n0(amount: Decimal | int) -> str:
    """A count of documents, bodies or collectives: under 10 with a leading zero ("01", "07")."""
    text = format_number(amount)
    return "0" + text if Decimal(str(amount)) == int(Decimal(str(amount))) and 0 < Decimal(str(amount)) < 10 \
        else text


def money(amount: Decimal) -> str:
    return format_money_words(amount)


def percent(ratio: Decimal) -> str:
    """Always one decimal, as Party reports print rates: "7,0%", "99,1%"."""
    text = format_percent(ratio)
    return text if "," in text else text.replace("%", ",0%")


def change(current: Decimal | None, previous: Decimal | None, noun: str, since: str, *, money_value=False) -> str:
    """"tăng 1.204 mô hình (7,0%) so với năm 2022"; "chưa có số liệu so sánh" when either side is missing."""
    # Missing is not zero (the engine gives None where nothing was entered): no change from a gap.
    if current is None or previous is None:
        return _("chưa có số liệu so sánh với %(since)s") % {"since": since}
    diff = current - previous
    if diff == 0:
        return _("bằng %(since)s") % {"since": since}
    word = _("tăng") if diff > 0 else _("giảm")
    amount = money(abs(diff)) if money_value else f"{n(abs(diff))} {noun}".strip()
    if previous == 0:  # a real zero: the change is absolute only, a rate has no meaning
        return _("%(word)s %(amount)s so với %(since)s") % {"word": word, "amount": amount, "since": since}
    return _("%(word)s %(amount)s (%(pct)s) so với %(since)s") % {
        "word": word, "amount": amount, "pct": percent(abs(diff) / previous), "since": since}


@dataclass
class Context:
    """What every sentence needs: the figures, the unit, the period words, the abbreviations used so far."""

    data: dict
    unit: object  # UnitFacts
    year: int
    half: int = 0
    used: set = field(default_factory=set)

    @property
    def figures(self) -> dict:
        return self.data.get("figures") or {}

    @property
    def previous(self) -> dict | None:
        """None when the engine reports no previous period at all (`previous_year: null`)."""
        return self.data.get("previous_year")

    def v(self, code: str) -> Decimal | None:
        return value(self.figures, code)

    def p(self, code: str) -> Decimal | None:
        return value(self.previous, code)

    @property
    def period(self) -> str:
        return (_("6 tháng đầu năm %(year)s") % {"year": self.year}) if self.half else (
            _("Năm %(year)s") % {"year": self.year})

    @property
    def period_lower(self) -> str:
        return self.period[:1].lower() + self.period[1:]

    @property
    def period_end_text(self) -> str:
        """"31/12/2023" (or "30/06/2026" for the first half): the day figures like "still overdue" refer to (the
        period's last day from the payload, which follows settings.REPORTING_YEAR_START)."""
        import datetime

        from danvan.core.formatting import format_date_short

        end = self.data.get("period_end")
        if end:
            return format_date_short(datetime.date.fromisoformat(end))
        return format_date_short(datetime.date(self.year, 6, 30) if self.half else datetime.date(self.year, 12, 31))

    @property
    def registers(self) -> dict:
        return self.data.get("registers") or {}

    @property
    def since(self) -> str:
        return (_("cùng kỳ năm %(year)s") % {"year": self.year - 1}) if self.half else (
            _("năm %(year)s") % {"year": self.year - 1})

    def abbr(self, short: str) -> str:
        """The spelled-out form with the abbreviation the first time, the abbreviation afterwards."""
        if short in self.used:
            return short
        self.used.add(short)
        return f"{ABBREVIATIONS[short]} ({short})"

    def change(self, code: str, noun: str, *, money_value=False) -> str:
        return change(self.v(code), self.p(code), noun, self.since, money_value=money_value)
