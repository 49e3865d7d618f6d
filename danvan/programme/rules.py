"""Pure rules shared by the services and the importer: text clean-up, item validation, evidence links and
the splitting of a Part Two text into task lines. Nothing here writes."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.clock import today
from danvan.core.text import fold, nfc

from .models import Programme, ProgrammeItem

YEAR_MIN = 2000
TITLE_MAX = 500
ITEM_TEXT_FIELDS = ("title", "description", "expected_output", "external_ref")

# "1.", "1)", "a)", "I.", "IV -", "-", "+", "•", "*", "–", "—" at the start of a line
_MARKER = re.compile(r"^\s*(?:(?:\d{1,3}|[a-zđ]|[IVXLC]{1,6})\s*[.)/:–-]\s*|[-+•*–—·▪◦○●]\s*)+", re.IGNORECASE)
_URL = re.compile(r"^(https?://[^\s<>\"']+|/(?!/)[^\s<>\"']*)$")


def max_year() -> int:
    return today().year + 1


def check_year(year) -> int:
    """A programme year: a number from 2000 to next year."""
    try:
        number = int(year)
    except (TypeError, ValueError):
        number = 0
    if not YEAR_MIN <= number <= max_year():
        raise ValidationError({"year": _("Năm: hãy ghi năm từ %(a)s đến %(b)s.") % {"a": YEAR_MIN, "b": max_year()}})
    return number


def check_unit_in_year(unit, year: int, field: str = "unit") -> None:
    from .facts import year_bounds

    start, end = year_bounds(year)
    if (unit.valid_from and unit.valid_from > end) or (unit.valid_to and unit.valid_to < start):
        raise ValidationError({field: _("Đơn vị “%(u)s” không tồn tại trong năm %(y)s.") % {"u": unit.name, "y": year}})


def normalise_item(item: ProgrammeItem) -> None:
    for name in ITEM_TEXT_FIELDS:
        setattr(item, name, nfc(getattr(item, name) or ""))
    item.search_text = fold(" ".join(p for p in (item.title, item.description[:300], item.external_ref) if p))[:800]


def validate_item(item: ProgrammeItem, programme: Programme) -> dict[str, list[str]]:
    """Every problem of an item, per field, each message naming the field in Vietnamese."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not item.title:
        add("title", _("Tên nhiệm vụ, đề án: không được để trống."))
    elif len(item.title) > TITLE_MAX:
        add("title", _("Tên nhiệm vụ, đề án: dài quá %(n)s ký tự.") % {"n": TITLE_MAX})
    if item.kind not in ProgrammeItem.Kind.values:
        add("kind", _("Loại: dùng “Nhiệm vụ trọng tâm” hoặc “Đề án”."))
    if item.assigned_by not in ProgrammeItem.AssignedBy.values:
        add("assigned_by", _("Cơ quan giao: dùng “Bộ Chính trị, Ban Bí thư”, “Cấp ủy” hoặc “Đơn vị tự đề ra”."))
    if item.deadline is not None:
        from .facts import year_bounds

        start, _end = year_bounds(programme.year)
        if item.deadline < start:
            add("deadline", _("Thời hạn: ngày %(d)s trước năm %(y)s của chương trình.") % {
                "d": item.deadline.strftime("%d/%m/%Y"), "y": programme.year})
        elif item.deadline.year > programme.year + 5:
            add("deadline", _("Thời hạn: ngày %(d)s quá xa so với năm %(y)s của chương trình.") % {
                "d": item.deadline.strftime("%d/%m/%Y"), "y": programme.year})
    if item.owner_unit_id is None:
        add("owner_unit", _("Đơn vị chủ trì: hãy chọn đơn vị."))
    return errors


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def evidence_lines(text: str) -> list[str]:
    """The evidence links, one per line; ValidationError naming the first line that is not a link."""
    lines = [nfc(line) for line in (text or "").splitlines() if line.strip()]
    for line in lines:
        if not _URL.match(line):
            raise ValidationError({"evidence": _("Minh chứng: “%(v)s” không phải đường dẫn (bắt đầu bằng http://, "
                                                 "https:// hoặc / của hệ thống).") % {"v": line[:80]}})
    return lines


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


# --- Part Two of last year's annual report → task lines ----------------------------------------------------

def part_two_lines(text: str) -> list[str]:
    """One task per item, line or bullet of a Part Two text.

    Numbering and bullet marks are taken off; headings are left out: a line written all in capitals
    ("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026") or one that only introduces a list (ending with ":"). Repeated lines
    are kept once."""
    result: list[str] = []
    seen: set[str] = set()
    for raw in (text or "").splitlines():
        line = nfc(raw)
        if not line:
            continue
        letters = [ch for ch in line if ch.isalpha()]
        if letters and all(ch.isupper() for ch in letters):
            continue
        if line.endswith(":"):
            continue
        line = _MARKER.sub("", line).strip().rstrip(";").strip()
        if len([ch for ch in line if ch.isalpha()]) < 3:
            continue
        line = line[:1].upper() + line[1:]
        key = fold(line)
        if key in seen:
            continue
        seen.add(key)
        result.append(line)
    return result


def split_title(line: str) -> tuple[str, str]:
    """(title, description): a line too long for a title keeps its whole text as the description."""
    if len(line) <= TITLE_MAX:
        return line, ""
    cut = line[: TITLE_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…", line
