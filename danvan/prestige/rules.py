"""Pure rules shared by the services, the importers and the forms: validation, the authority that recognises,
the unit a person counts for, and THE counting rule (`facts_for`).

Kept apart from services.py so an importer can validate every row first and write nothing until the whole
file is known to be good.

Counting rule (one place):

| indicator | fact | day | value | category |
|---|---|---|---|---|
| prestige.people | in the list at the end of a reporting year | that year's last day | 1 | ethnic group code |
| prestige.people.by_role | the same | the same | 1 | role |
| prestige.support | one support entry | its day | 1 | kind |
| prestige.support.amount | one support entry with money | its day | amount (đồng) | kind |

"In the list at the end of year Y" = recognised on or before the year's last day and not replaced, removed or
deceased on or before it. The current year counts who is in the list today (the fact sits on the year's last
day and is withdrawn the day the person leaves); `sync_current_year` adds the new year's facts on 1 January.
A year-end figure is a stock, so read `prestige.people` for a year: a quarter shows it only in the quarter
that holds the year's last day.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.clock import today
from danvan.core.formatting import format_date_short
from danvan.core.text import fold, nfc
from danvan.orgunits.models import LEGACY_END, REFORM_DATE, OrgUnit, UnitSuccession
from danvan.reports.facts import Fact
from danvan.reports.periods import YEAR, make_period, reporting_year_of

from .models import Person, SupportEntry

FACT_SOURCE = "prestige.person"
PEOPLE = "prestige.people"
PEOPLE_BY_ROLE = "prestige.people.by_role"
SUPPORT = "prestige.support"
SUPPORT_AMOUNT = "prestige.support.amount"
INDICATORS = (PEOPLE, PEOPLE_BY_ROLE, SUPPORT, SUPPORT_AMOUNT)
MIN_YEAR = 2000  # the oldest recognition kept (lists exist since Chỉ thị 06/2008 and QĐ 18/2011)
MIN_BIRTH_YEAR = 1900
ADULT_AGE = 18
TEXT_FIELDS = ("full_name", "village", "role_detail", "decision_number", "authority_name", "status_reason",
               "status_decision_number", "note", "external_ref")
_PHONE = re.compile(r"^(\+84|0)\d{9,10}$")
A = Person.Authority


# --- the unit a person counts for --------------------------------------------------------------------------

def counting_unit(person: Person, day: datetime.date) -> OrgUnit | None:
    """The commune the person belongs to on `day`: their commune if it existed then, else their commune before
    1/7/2025; a commune that has ended (and was not replaced on the record) counts for its current successor.
    None when no commune of the record existed on that day."""
    for unit in (person.unit, person.former_unit):
        if unit is not None and unit.is_valid_on(day):
            return unit
    unit = person.unit
    if unit is not None and unit.valid_to is not None and unit.valid_to < day:
        successor = unit.current_unit
        if successor.pk != unit.pk and successor.is_valid_on(day):
            return successor
    return None


# --- the recognising authority ---------------------------------------------------------------------------

def suggested_authority(day: datetime.date | None) -> str:
    """The district chairman recognised people of prestige until the district level ended (30/6/2025,
    QĐ 28/2023/QĐ-TTg); from 1/7/2025 the commune chairman, who took over the district's powers."""
    if day is not None and day < REFORM_DATE:
        return A.DISTRICT_CHAIRMAN
    return A.COMMUNE_CHAIRMAN


def suggested_authority_name(person: Person) -> str:
    """"Chủ tịch Ủy ban nhân dân Huyện Trần Đề" from the unit the person belonged to on the decision date."""
    day = person.decision_date
    if day is None or not person.authority:
        return ""
    unit = counting_unit(person, day) if person.unit_id else None
    if unit is None:
        return ""
    if person.authority == A.DISTRICT_CHAIRMAN and unit.parent_id and unit.parent.level == OrgUnit.Level.DISTRICT:
        return _("Chủ tịch Ủy ban nhân dân %(u)s") % {"u": unit.parent.name}
    if person.authority == A.COMMUNE_CHAIRMAN:
        return _("Chủ tịch Ủy ban nhân dân %(u)s") % {"u": unit.name}
    if person.authority == A.PROVINCE_CHAIRMAN:
        province = unit.path.split("/")[1] if unit.path.count("/") > 2 else ""
        found = OrgUnit.objects.filter(key=province).first() if province else None
        return _("Chủ tịch Ủy ban nhân dân %(u)s") % {"u": found.name} if found else ""
    return ""


def authority_problem(authority: str, day: datetime.date | None) -> str:
    """Why `authority` cannot have signed a recognition on `day` ("" when it can)."""
    if day is None or not authority:
        return ""
    if authority == A.DISTRICT_CHAIRMAN and day >= REFORM_DATE:
        return _("Thẩm quyền công nhận: từ ngày 01/7/2025 không còn cấp huyện; quyết định ngày %(d)s do Chủ tịch "
                 "Ủy ban nhân dân cấp xã (hoặc cấp tỉnh) ký.") % {"d": format_date_short(day)}
    if authority == A.COMMUNE_CHAIRMAN and day < REFORM_DATE:
        return _("Thẩm quyền công nhận: trước ngày 01/7/2025, người có uy tín do Chủ tịch Ủy ban nhân dân cấp "
                 "huyện công nhận (Quyết định 28/2023/QĐ-TTg); quyết định ngày %(d)s không thể do cấp xã ký.") % {
            "d": format_date_short(day)}
    return ""


# --- normalising and validating ---------------------------------------------------------------------------

def normalise(person: Person) -> None:
    """NFC text, the phone without spaces or dots, the suggested authority when none was given, end fields
    cleared while the person is in the list, and the folded search text."""
    for name in TEXT_FIELDS:
        setattr(person, name, nfc(getattr(person, name) or ""))
    person.phone = normalise_phone(person.phone)
    if not person.authority and person.decision_date:
        person.authority = suggested_authority(person.decision_date)
    if not person.authority_name:
        person.authority_name = suggested_authority_name(person)
    if person.status == Person.Status.RECOGNISED:
        person.status_date = None
        person.status_reason = ""
        person.status_decision_number = ""
    person.search_text = search_text(person)


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value or "")


def search_text(person: Person) -> str:
    parts = [person.full_name, person.village, person.role_detail, person.decision_number, person.external_ref]
    if person.ethnic_group_id:
        parts.append(person.ethnic_group.name)
    return fold(" ".join(p for p in parts if p))


def validate(person: Person) -> dict[str, list[str]]:
    """Every problem of a person's record, per field, each message naming the field in Vietnamese."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    now = today()
    if not person.full_name:
        add("full_name", _("Họ và tên: không được để trống."))
    if person.birth_year is not None and not MIN_BIRTH_YEAR <= person.birth_year <= now.year - ADULT_AGE:
        add("birth_year", _("Năm sinh: %(y)s không hợp lệ (từ %(min)s đến %(max)s).")
            % {"y": person.birth_year, "min": MIN_BIRTH_YEAR, "max": now.year - ADULT_AGE})
    if person.sex not in Person.Sex.values:
        add("sex", _("Giới tính: chọn Nam hoặc Nữ."))
    if not person.ethnic_group_id:
        add("ethnic_group", _("Dân tộc: chưa chọn dân tộc."))
    if person.role not in Person.Role.values:
        add("role", _("Thành phần: chưa chọn thành phần (già làng, trưởng thôn, chức sắc tôn giáo…)."))
    if person.phone and not _PHONE.match(person.phone):
        add("phone", _("Số điện thoại: “%(v)s” không hợp lệ (10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84).")
            % {"v": person.phone})
    if not person.decision_number:
        add("decision_number", _("Số quyết định công nhận: không được để trống."))
    day = person.decision_date
    if day is None:
        add("decision_date", _("Ngày quyết định công nhận: không được để trống."))
    elif day > now:
        add("decision_date", _("Ngày quyết định công nhận: ngày %(d)s ở tương lai.") % {"d": format_date_short(day)})
    elif day.year < MIN_YEAR:
        add("decision_date", _("Ngày quyết định công nhận: chỉ ghi các quyết định từ năm %(y)s.") % {"y": MIN_YEAR})
    if person.authority and person.authority not in Person.Authority.values:
        add("authority", _("Thẩm quyền công nhận: giá trị “%(v)s” không hợp lệ.") % {"v": person.authority})
    problem = authority_problem(person.authority, day)
    if problem:
        add("authority", problem)
    if person.authority == A.OTHER and not person.authority_name:
        add("authority_name", _("Cơ quan, người ký quyết định: hãy ghi tên khi chọn “thẩm quyền khác”."))
    _validate_units(person, add)
    _validate_status(person, add, now)
    return errors


def _validate_units(person: Person, add) -> None:
    unit: OrgUnit | None = person.unit if person.unit_id else None
    if unit is None:
        add("unit", _("Xã: chưa chọn xã, phường, đặc khu."))
        return
    if unit.level != OrgUnit.Level.COMMUNE or unit.kind != OrgUnit.Kind.COMMUNE:
        add("unit", _("Xã: “%(u)s” không phải là xã, phường, đặc khu; danh sách người có uy tín do cấp xã quản lý.")
            % {"u": unit.name})
        return
    former: OrgUnit | None = person.former_unit if person.former_unit_id else None
    if former is not None:
        if former.level != OrgUnit.Level.COMMUNE or former.valid_to is None or former.valid_to > LEGACY_END:
            add("former_unit", _("Xã trước 01/7/2025: “%(u)s” không phải là xã cũ (đã kết thúc ngày 30/6/2025).")
                % {"u": former.name})
            return
        if unit.valid_from != REFORM_DATE or not UnitSuccession.objects.filter(
                predecessor=former, successor=unit).exists():
            add("former_unit", _("Xã trước 01/7/2025: “%(f)s” không được sắp xếp vào “%(u)s”.")
                % {"f": former.name, "u": unit.name})
            return
    day = person.decision_date
    if day is None or counting_unit(person, day) is not None:
        return
    if unit.valid_from and day < unit.valid_from:
        add("former_unit", _("Xã trước 01/7/2025: “%(u)s” được thành lập từ ngày %(from)s; người được công nhận ngày "
                             "%(d)s cần ghi xã cũ nơi được công nhận.")
            % {"u": unit.name, "from": format_date_short(unit.valid_from), "d": format_date_short(day)})
    else:
        add("unit", _("Xã: “%(u)s” không tồn tại vào ngày quyết định %(d)s.")
            % {"u": unit.name, "d": format_date_short(day)})


def _validate_status(person: Person, add, now: datetime.date) -> None:
    if person.status not in Person.Status.values:
        add("status", _("Trạng thái: giá trị “%(v)s” không hợp lệ.") % {"v": person.status})
        return
    if person.status == Person.Status.RECOGNISED:
        return
    if person.status_date is None:
        add("status_date", _("Ngày thôi: hãy ghi ngày được thay thế, đưa ra khỏi danh sách hoặc từ trần."))
    elif person.status_date > now:
        add("status_date", _("Ngày thôi: ngày %(d)s ở tương lai.") % {"d": format_date_short(person.status_date)})
    elif person.decision_date and person.status_date < person.decision_date:
        add("status_date", _("Ngày thôi: ngày %(d)s trước ngày quyết định công nhận %(r)s.")
            % {"d": format_date_short(person.status_date), "r": format_date_short(person.decision_date)})
    if person.status in (Person.Status.REPLACED, Person.Status.REMOVED) and not person.status_reason:
        add("status_reason", _("Lý do: hãy ghi lý do thay thế hoặc đưa ra khỏi danh sách."))


def validate_support(entry: SupportEntry) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if entry.kind not in SupportEntry.Kind.values:
        add("kind", _("Hình thức hỗ trợ: chưa chọn hình thức."))
    if entry.amount is None or entry.amount < 0:
        add("amount", _("Giá trị: số tiền không được âm."))
    elif entry.amount != entry.amount.to_integral_value():
        add("amount", _("Giá trị: ghi số đồng, không có phần lẻ."))
    if entry.day is None:
        add("day", _("Ngày: không được để trống."))
    elif entry.day > today():
        add("day", _("Ngày: ngày %(d)s ở tương lai.") % {"d": format_date_short(entry.day)})
    elif entry.day.year < MIN_YEAR:
        add("day", _("Ngày: chỉ ghi hỗ trợ từ năm %(y)s.") % {"y": MIN_YEAR})
    elif counting_unit(entry.person, entry.day) is None:
        add("day", _("Ngày: vào ngày %(d)s, xã của người có uy tín chưa tồn tại; hãy ghi xã trước 01/7/2025.")
            % {"d": format_date_short(entry.day)})
    return errors


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# --- THE counting rule -------------------------------------------------------------------------------------

def year_end(year: int) -> datetime.date:
    return make_period(YEAR, year).end


def in_list_on(person: Person, day: datetime.date) -> bool:
    if person.decision_date is None or person.decision_date > day:
        return False
    return person.status == Person.Status.RECOGNISED or person.status_date is None or person.status_date > day


def people_facts(person: Person, *, until: datetime.date | None = None) -> list[Fact]:
    """One fact per reporting year at whose end the person is in the list (up to the current year)."""
    if person.decision_date is None or not person.ethnic_group_id:
        return []
    last_year = reporting_year_of(until or today())
    facts = []
    for year in range(reporting_year_of(person.decision_date), last_year + 1):
        end = year_end(year)
        if not in_list_on(person, end):
            continue
        unit = counting_unit(person, end)
        if unit is None:
            continue
        facts.append(Fact(PEOPLE, unit.pk, end, 1, category=person.ethnic_group.code))
        facts.append(Fact(PEOPLE_BY_ROLE, unit.pk, end, 1, category=person.role))
    return facts


def support_facts(person: Person, entries) -> list[Fact]:
    facts = []
    for entry in entries:
        entry.person = person
        unit = counting_unit(person, entry.day)
        if unit is None:
            continue
        facts.append(Fact(SUPPORT, unit.pk, entry.day, 1, category=entry.kind))
        if entry.amount:
            facts.append(Fact(SUPPORT_AMOUNT, unit.pk, entry.day, Decimal(entry.amount), category=entry.kind))
    return facts


def facts_for(person: Person, entries=None) -> list[Fact]:
    """Every fact of one person (the list years and the support received)."""
    if entries is None:
        entries = list(person.support_entries.all()) if person.pk else []
    return people_facts(person) + support_facts(person, entries)
