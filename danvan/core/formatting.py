"""Vietnamese writing conventions for numbers, money, percentages and dates.

183676 -> "183.676"; 17_600_000_000 -> "17,6 tỷ đồng"; 0.991 -> "99,1%";
date(2017, 12, 27) -> "ngày 27 tháng 12 năm 2017"; date(2018, 2, 20) -> "ngày 20 tháng 02 năm 2018".
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Context, Decimal


def format_number(value, decimals: int = 0) -> str:
    """Group thousands with "." and use "," as the decimal mark; trailing zeros are dropped."""
    if value is None:
        return ""
    number = Decimal(str(value))
    quantum = Decimal(1).scaleb(-decimals)
    # Enough digits for any typed number ("1e30" re-shown in a form), not the default 28.
    digits = max(28, number.adjusted() + decimals + 2)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP, context=Context(prec=digits))
    sign = "-" if number < 0 else ""
    number = abs(number)
    integer, _, fraction = f"{number:f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    fraction = fraction.rstrip("0")
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def format_percent(ratio, decimals: int = 1) -> str:
    """0.991 -> "99,1%"."""
    if ratio is None:
        return ""
    return format_number(Decimal(str(ratio)) * 100, decimals) + "%"


_SCALES = [(Decimal(10) ** 12, "nghìn tỷ"), (Decimal(10) ** 9, "tỷ"), (Decimal(10) ** 6, "triệu"),
           (Decimal(10) ** 3, "nghìn")]


def format_money_words(amount, unit: str = "đồng", decimals: int = 1) -> str:
    """17_600_000_000 -> "17,6 tỷ đồng"; 50_000_000 -> "50 triệu đồng"; 950 -> "950 đồng"."""
    if amount is None:
        return ""
    amount = Decimal(str(amount))
    for scale, word in _SCALES:
        if abs(amount) >= scale:
            return f"{format_number(amount / scale, decimals)} {word} {unit}"
    return f"{format_number(amount)} {unit}"


def format_vnd(amount) -> str:
    """Exact amount with grouping: 17600000000 -> "17.600.000.000 đồng"."""
    if amount is None:
        return ""
    return f"{format_number(amount)} đồng"


def _two_digits_if_needed(value: int, always_for_small: bool) -> str:
    return f"{value:02d}" if always_for_small else str(value)


def format_date_long(value: datetime.date | None) -> str:
    """"ngày 03 tháng 4 năm 2018": leading zero for days below 10 and for months 1 and 2."""
    if value is None:
        return ""
    day = _two_digits_if_needed(value.day, value.day < 10)
    month = _two_digits_if_needed(value.month, value.month <= 2)
    return f"ngày {day} tháng {month} năm {value.year}"


def format_place_date(place: str, value: datetime.date) -> str:
    """"Hà Nội, ngày 27 tháng 12 năm 2017"."""
    return f"{place}, {format_date_long(value)}"


def format_date_short(value: datetime.date | None) -> str:
    """"27/12/2017"."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_change(current, previous, decimals: int = 1) -> str:
    """"tăng 12,3%" / "giảm 4,0%" / "bằng" compared with the previous value; "" when not comparable."""
    if previous in (None, 0) or current is None:
        return ""
    change = (Decimal(str(current)) - Decimal(str(previous))) / Decimal(str(previous))
    if change == 0:
        return "bằng năm trước"
    word = "tăng" if change > 0 else "giảm"
    return f"{word} {format_percent(abs(change), decimals)}"


def format_timestamp(value) -> str:
    """"23:05 ngày 21/11/2026" in local time, from a datetime or an ISO string ("" stays "")."""
    from django.utils import timezone

    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%H:%M} ngày {value:%d/%m/%Y}"


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUP_NAMES = ["", "nghìn", "triệu", "tỷ"]


def _three_digits(n: int, full: bool) -> str:
    """Words for 0–999; `full` when a higher group precedes (so 5 reads "không trăm linh năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


def number_to_words(value) -> str:
    """1_250_000 -> "một triệu hai trăm năm mươi nghìn" (whole part; Vietnamese reading, "tỷ" repeats)."""
    number = int(Decimal(str(value)))
    if number == 0:
        return "không"
    sign = "âm " if number < 0 else ""
    number = abs(number)
    if number >= 10**9:
        billions, rest = divmod(number, 10**9)
        tail = number_to_words(rest) if rest else ""
        if rest and rest < 10**8:
            tail = _lower_groups(rest, full=True)
        return (sign + number_to_words(billions) + " tỷ" + (" " + tail if tail else "")).strip()
    return sign + _lower_groups(number, full=False)


def _lower_groups(number: int, full: bool) -> str:
    groups = []
    index = 0
    while number:
        number, group = divmod(number, 1000)
        groups.append((index, group))
        index += 1
    words = []
    for position, (index, group) in enumerate(reversed(groups)):
        if group == 0:
            continue
        words.append(_three_digits(group, full or position > 0))
        if _GROUP_NAMES[index]:
            words.append(_GROUP_NAMES[index])
    return " ".join(words)


def format_amount_in_words(amount, unit: str = "đồng") -> str:
    """50_000_000 -> "Năm mươi triệu đồng" (for "Bằng chữ:" lines under an amount)."""
    if amount in (None, ""):
        return ""
    words = number_to_words(amount)
    return f"{words[:1].upper()}{words[1:]} {unit}"
