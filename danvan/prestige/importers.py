"""XLSX/CSV import and export of the registry: all or nothing, every error by line and column.

People are matched on `external_ref` (mã tham chiếu): re-importing the same file changes nothing, a changed row
updates its record (status changes included). Support entries are a second file, matched on their own
`external_ref` and attached to a person by the person's `external_ref`. Exports write the same columns, so an
export re-imports; the phone column is filled only where the exporting user may see the phone.
"""

from __future__ import annotations

import copy

from django.utils.translation import gettext as _

from danvan.accounts.permissions import WRITE, can, can_see_prestige_names, can_see_prestige_phone, write_modes
from danvan.core.imports import ImportFailed, ImportResult, RowError, RowReader, read_table
from danvan.core.text import fold
from danvan.orgunits.models import OrgUnit
from danvan.orgunits.selectors import UnitsByKey

from . import rules, services
from .models import EthnicGroup, Person, SupportEntry

REQUIRED = ["external_ref", "unit_key", "full_name", "sex", "ethnic_group", "role", "decision_number",
            "decision_date"]
OPTIONAL = ["former_unit_key", "birth_year", "village", "role_detail", "phone", "authority", "authority_name",
            "status", "status_date", "status_reason", "status_decision_number", "note"]
# Columns the export writes for people to read; accepted and ignored on import so an export re-imports.
IGNORED = ["id", "unit_name", "former_unit_name", "ethnic_group_name", "role_name", "status_name"]
EXPORT_HEADER = ["id", "external_ref", "unit_key", "unit_name", "former_unit_key", "former_unit_name", "full_name",
                 "birth_year", "sex", "ethnic_group", "ethnic_group_name", "village", "role", "role_name",
                 "role_detail", "phone", "decision_number", "decision_date", "authority", "authority_name",
                 "status", "status_name", "status_date", "status_reason", "status_decision_number", "note"]

SUPPORT_REQUIRED = ["external_ref", "person_ref", "day", "kind"]
SUPPORT_OPTIONAL = ["amount", "provider", "note"]
SUPPORT_IGNORED = ["id", "person_name", "unit_key", "kind_name"]
SUPPORT_EXPORT_HEADER = ["id", "external_ref", "person_ref", "person_name", "unit_key", "day", "kind", "kind_name",
                         "amount", "provider", "note"]

FIELD_COLUMNS = {"unit": "unit_key", "former_unit": "former_unit_key", "ethnic_group": "ethnic_group",
                 "__all__": ""}


def ethnic_resolver():
    """A lookup by code ("05", "5"), name ("Khmer") or any other spelling ("Khơ-me"), without diacritics."""
    lookup: dict[str, EthnicGroup] = {}
    for group in EthnicGroup.objects.all():
        lookup[group.code] = lookup[str(int(group.code))] = group
        for name in [group.name, *group.other_names.split(";")]:
            if name.strip():
                lookup[fold(name)] = group
                lookup[fold(name).replace("-", " ").replace("'", "")] = group
    return lambda value: lookup.get(value.strip()) or lookup.get(fold(value)) or lookup.get(
        fold(value).replace("-", " ").replace("'", ""))


def import_people(*, actor, data: bytes) -> ImportResult:
    rows = read_table(data, required=REQUIRED, optional=OPTIONAL + IGNORED)
    errors: list[RowError] = []
    units = UnitsByKey(upper=True)
    find_ethnic = ethnic_resolver()
    unit_write_mode = write_modes(actor)
    refs = [row.get("external_ref", "").strip() for _line, row in rows]
    existing = {p.external_ref: p for p in Person.objects.filter(external_ref__in=[r for r in refs if r])
                .select_related(*services.RELATED)}
    seen_refs: dict[str, int] = {}
    planned: list[tuple[Person, Person | None, bool]] = []

    def write_mode(unit: OrgUnit) -> bool | None:
        """False: own unit; True: on behalf; None: not allowed (or names not readable from the actor's level)."""
        return unit_write_mode(unit) if can_see_prestige_names(actor, unit) else None

    for line, row in rows:
        r = RowReader(line, row, errors)
        ref = r.text("external_ref", required=True, max_length=100)
        if ref and ref in seen_refs:
            r.error("external_ref", _("mã tham chiếu “%(r)s” đã có ở dòng %(l)s.") % {"r": ref, "l": seen_refs[ref]})
        seen_refs.setdefault(ref, line)
        not_found = _("không có đơn vị với mã “%(v)s”.")
        unit = r.lookup("unit_key", units.get, required=True, not_found=not_found % {"v": row.get("unit_key", "")})
        former = r.lookup("former_unit_key", units.get,
                          not_found=not_found % {"v": row.get("former_unit_key", "")})
        ethnic = r.lookup("ethnic_group", find_ethnic, required=True,
                          not_found=_("không có dân tộc “%(v)s” trong danh mục 54 dân tộc (ghi tên hoặc mã 01–54).")
                          % {"v": row.get("ethnic_group", "")})
        values = {
            "full_name": r.text("full_name", required=True, max_length=200),
            "birth_year": r.integer("birth_year", minimum=1),
            "sex": r.choice("sex", Person.Sex.choices, required=True),
            "village": r.text("village", max_length=200),
            "role": r.choice("role", Person.Role.choices, required=True),
            "role_detail": r.text("role_detail", max_length=200),
            "phone": r.text("phone", max_length=20),
            "decision_number": r.text("decision_number", required=True, max_length=60),
            "decision_date": r.date("decision_date", required=True),
            "authority": r.choice("authority", Person.Authority.choices) or "",
            "authority_name": r.text("authority_name", max_length=200),
            "status": r.choice("status", Person.Status.choices) or Person.Status.RECOGNISED,
            "status_date": r.date("status_date"),
            "status_reason": r.text("status_reason"),
            "status_decision_number": r.text("status_decision_number", max_length=60),
            "note": r.text("note"),
        }
        if unit is not None and write_mode(unit) is None:
            r.error("unit_key", _("bạn không có quyền nhập danh sách người có uy tín của “%(u)s”.") % {"u": unit.name})
        current = existing.get(ref)
        if current is not None and write_mode(current.unit) is None:
            r.error("external_ref", _("bạn không có quyền sửa bản ghi “%(r)s”.") % {"r": ref})
        if not r.ok:
            continue
        if current is not None:
            obj = copy.copy(current)
            if not values["phone"] and not can_see_prestige_phone(actor, current):
                values["phone"] = current.phone  # an export without phones never erases them
        else:
            obj = Person(external_ref=ref)
        obj.unit, obj.former_unit, obj.ethnic_group = unit, former, ethnic
        for name, value in values.items():
            setattr(obj, name, value)
        if values["phone"] and (current is None or values["phone"] != current.phone) and not can_see_prestige_phone(
                actor, obj):
            r.error("phone", _("chỉ xã của người có uy tín và tỉnh quản lý xã đó được ghi số điện thoại."))
            continue
        rules.normalise(obj)
        for field, messages in rules.validate(obj).items():
            for message in messages:
                r.error(FIELD_COLUMNS.get(field, field), message)
        if not r.ok:
            continue
        planned.append((obj, current, bool(write_mode(unit))))
    if errors:
        raise ImportFailed(errors)
    return services.people_import_bulk(actor=actor, rows=planned)


def import_support(*, actor, data: bytes) -> ImportResult:
    rows = read_table(data, required=SUPPORT_REQUIRED, optional=SUPPORT_OPTIONAL + SUPPORT_IGNORED)
    errors: list[RowError] = []
    person_refs = {row.get("person_ref", "").strip() for _line, row in rows}
    people = {p.external_ref: p for p in Person.objects.filter(external_ref__in=[r for r in person_refs if r])
              .select_related(*services.RELATED)}
    refs = [row.get("external_ref", "").strip() for _line, row in rows]
    done = set(SupportEntry.objects.filter(external_ref__in=[r for r in refs if r]).values_list("external_ref",
                                                                                                 flat=True))
    seen: dict[str, int] = {}
    planned: list[tuple[SupportEntry, bool]] = []
    result_unchanged = 0
    for line, row in rows:
        r = RowReader(line, row, errors)
        ref = r.text("external_ref", required=True, max_length=100)
        if ref and ref in seen:
            r.error("external_ref", _("mã tham chiếu “%(r)s” đã có ở dòng %(l)s.") % {"r": ref, "l": seen[ref]})
        seen.setdefault(ref, line)
        person_ref = r.text("person_ref", required=True)
        person = people.get(person_ref) if person_ref else None
        if person_ref and person is None:
            r.error("person_ref", _("không có người có uy tín với mã tham chiếu “%(v)s”.") % {"v": person_ref})
        elif person is not None and not (can_see_prestige_names(actor, person)
                                         and can(actor, WRITE, person.unit, on_behalf=True)):
            r.error("person_ref", _("bạn không có quyền nhập hỗ trợ cho người có uy tín “%(v)s”.") % {"v": person_ref})
        day = r.date("day", required=True)
        kind = r.choice("kind", SupportEntry.Kind.choices, required=True)
        amount = r.decimal("amount", places=0)
        provider = r.text("provider", max_length=200)
        note = r.text("note", max_length=300)
        if not r.ok:
            continue
        if ref in done:
            result_unchanged += 1
            continue
        entry = SupportEntry(person=person, day=day, kind=kind, amount=amount or 0, provider=provider, note=note,
                             external_ref=ref)
        for field, messages in rules.validate_support(entry).items():
            for message in messages:
                r.error(field, message)
        if r.ok:
            planned.append((entry, not can(actor, WRITE, person.unit)))
    if errors:
        raise ImportFailed(errors)
    result = services.support_import_bulk(actor=actor, rows=planned) if planned else ImportResult()
    result.unchanged = result_unchanged
    return result


# --- export ----------------------------------------------------------------------------------------------

def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def export_row(person: Person, *, show_phone: bool) -> list:
    return [person.pk, person.external_ref, person.unit.key, person.unit.name,
            person.former_unit.key if person.former_unit_id else "",
            person.former_unit.name if person.former_unit_id else "", person.full_name, person.birth_year or "",
            person.get_sex_display(), person.ethnic_group.code, person.ethnic_group.name, person.village,
            person.role, person.get_role_display(), person.role_detail, person.phone if show_phone else "",
            person.decision_number, _date(person.decision_date), person.authority, person.authority_name,
            person.status, person.get_status_display(), _date(person.status_date), person.status_reason,
            person.status_decision_number, person.note]


def export_rows(user, qs):
    for person in qs.iterator(chunk_size=2000):
        yield export_row(person, show_phone=can_see_prestige_phone(user, person))


def support_export_row(entry: SupportEntry) -> list:
    return [entry.pk, entry.external_ref, entry.person.external_ref, entry.person.full_name, entry.person.unit.key,
            _date(entry.day), entry.kind, entry.get_kind_display(), entry.amount, entry.provider, entry.note]
