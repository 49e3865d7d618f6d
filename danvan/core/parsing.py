"""The one parser for numbers and dates typed by people, shared by forms, importers and the API.

Numbers: "4.200" and "1.250.000" (Vietnamese grouping), "1.234,5" and "17,6" (decimal comma), "1234.5",
spaces and non-breaking spaces ignored. Dates: "27/12/2017" first (Vietnamese), then ISO "2017-12-27".
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def parse_date(value: str) -> datetime.date | None:
    """dd/mm/yyyy (also d/m/yyyy), yyyy-mm-dd, dd-mm-yyyy or an ISO timestamp's date; None when not a date."""
    text = (value or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (only the date is kept)
        except ValueError:
            continue
    return None


def parse_decimal(value: str) -> Decimal | None:
    """Accept "1234", "1.234" (Vietnamese grouping), "1.234,5", "17,6" and "1234.5"; None when not a number."""
    text = str(value if value is not None else "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        if text.count(",") > 1:
            return None
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED.match(text) and not text.lstrip("+-").startswith("0"):
        # "4.200" and "1.250.000" are grouped thousands in Vietnamese writing, never 4,2.
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_int(value: str) -> int | None:
    """A whole number typed with or without grouping ("4.200" -> 4200); None for fractions and text."""
    number = parse_decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)
