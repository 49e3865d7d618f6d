"""Writes on the registry of people of prestige, each checked by the gatekeeper, audited and counted.

Every change runs in one transaction: permission check (own commune, or a unit above on behalf), validation
(rules.validate), the write with optimistic locking, the audit event (the phone is redacted from the trail by
the model's AUDIT_REDACTED_FIELDS) and the person's facts for the reporting engine (rules.facts_for).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import (
    VIEW,
    WRITE,
    can,
    can_see_prestige_names,
    can_see_prestige_phone,
    ensure_can,
    ensure_can_see_prestige_phone,
    write_mode,
)
from danvan.core.audit import audit, audit_bulk, audit_create, diff, snapshot
from danvan.core.bulk_writes import import_versioned_bulk
from danvan.core.concurrency import lock, save_versioned
from danvan.core.imports import ImportResult
from danvan.core.workflow import check_transition
from danvan.orgunits.models import OrgUnit
from danvan.reports.facts import delete_facts, replace_facts, replace_facts_bulk

from . import rules
from .models import Person, SupportEntry

EDITABLE_FIELDS = (
    "unit", "former_unit", "full_name", "birth_year", "sex", "ethnic_group", "village", "role", "role_detail",
    "phone", "decision_number", "decision_date", "authority", "authority_name", "note", "external_ref",
)
STATUS_FIELDS = ("status", "status_date", "status_reason", "status_decision_number")
DERIVED_FIELDS = ("search_text",)
RELATED = ("unit", "former_unit", "ethnic_group")


def sync_facts(person: Person) -> None:
    replace_facts(source=rules.FACT_SOURCE, source_id=person.pk, facts=rules.facts_for(person))


def check_write_unit(actor, unit: OrgUnit, *, on_behalf: bool, field: str = "unit") -> bool:
    """May `actor` keep the registry of `unit`? Returns the effective on-behalf flag; refuses with a field error."""
    mode = write_mode(actor, unit)
    if mode is None:
        raise ValidationError({field: _("Xã: bạn không có quyền nhập dữ liệu cho “%(u)s”.") % {"u": unit.name}})
    if mode and not on_behalf:
        raise ValidationError({field: _("Xã: “%(u)s” là đơn vị cấp dưới; hãy chọn “Nhập thay đơn vị cấp dưới” "
                                        "để nhập thay.") % {"u": unit.name}})
    return mode


def _ensure_write_existing(actor, person: Person, on_behalf: bool) -> bool:
    """Writing an existing record: the gatekeeper's write rule on its commune, and the names rule (a user who
    may not read the person's name may not change the record either)."""
    ensure_can(actor, WRITE, person.unit, on_behalf=True)
    if not can_see_prestige_names(actor, person):
        raise PermissionDenied(_("Danh sách người có uy tín do cấp tỉnh và cấp xã quản lý."))
    own = can(actor, WRITE, person.unit)
    if not own and not on_behalf:
        raise ValidationError(_("“%(u)s” là đơn vị cấp dưới; hãy chọn “Nhập thay đơn vị cấp dưới” để nhập thay.")
                              % {"u": person.unit.name})
    return not own


def _check_names_rule(actor, person: Person) -> None:
    if not can_see_prestige_names(actor, person):
        raise ValidationError({"unit": _("Xã: danh sách người có uy tín do cấp tỉnh và cấp xã quản lý; tài khoản "
                                         "của bạn chỉ xem được số liệu tổng hợp.")})


def _check_phone(actor, person: Person, phone_given: bool) -> None:
    if phone_given and person.phone and not can_see_prestige_phone(actor, person):
        raise ValidationError({"phone": _("Số điện thoại: chỉ xã của người có uy tín và tỉnh quản lý xã đó được "
                                          "ghi số điện thoại.")})


def _check_external_ref(person: Person) -> None:
    if person.external_ref and Person.objects.filter(external_ref=person.external_ref).exclude(
            pk=person.pk).exists():
        raise ValidationError({"external_ref": _("Mã tham chiếu: “%(r)s” đã dùng cho người khác.")
                               % {"r": person.external_ref}})


def _lock(person: Person, expected_version: int | None) -> Person:
    return lock(person, expected_version, related=RELATED)


def _unknown(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError("unknown fields: {}".format(", ".join(sorted(unknown))))


@transaction.atomic
def person_create(*, actor, unit: OrgUnit, on_behalf: bool = False, submission_key: str = "",
                  **fields: Any) -> Person:
    """Add a person recognised by a decision to a commune's registry. `fields` are EDITABLE_FIELDS (and, for
    a person entered after they left the list, STATUS_FIELDS)."""
    if submission_key:
        existing = Person.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing  # the same form posted twice: one record
    _unknown(fields, EDITABLE_FIELDS + STATUS_FIELDS)
    effective_on_behalf = check_write_unit(actor, unit, on_behalf=on_behalf)
    person = Person(unit=unit, submission_key=submission_key, **fields)
    _check_names_rule(actor, person)
    _check_phone(actor, person, "phone" in fields)
    rules.normalise(person)
    rules.raise_if(rules.validate(person))
    _check_external_ref(person)
    person.save()
    audit_create(actor=actor, action="prestige.person.created", target=person, on_behalf=effective_on_behalf)
    sync_facts(person)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, expected_version: int | None, on_behalf: bool = False,
                  **fields: Any) -> Person:
    """Edit a person's record (optimistic locking on `expected_version`). Status changes go through
    `person_set_status`, so each one is a step of its own in the history."""
    _unknown(fields, EDITABLE_FIELDS)
    obj = _lock(person, expected_version)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    if "phone" in fields and (fields["phone"] or "") != obj.phone:
        ensure_can_see_prestige_phone(actor, obj)
    before = snapshot(obj)
    old_phone = obj.phone
    for name, value in fields.items():
        setattr(obj, name, "" if value is None and name in ("phone", "village", "role_detail", "note",
                                                               "authority_name", "external_ref") else value)
    if "unit" in fields:
        effective_on_behalf = check_write_unit(actor, obj.unit, on_behalf=on_behalf)
        _check_names_rule(actor, obj)
    if "authority" in fields and not fields["authority"]:
        obj.authority = ""
    if "authority_name" in fields and not fields["authority_name"]:
        obj.authority_name = ""
    rules.normalise(obj)
    rules.raise_if(rules.validate(obj))
    _check_external_ref(obj)
    changes = diff(before, snapshot(obj))
    phone_changed = obj.phone != old_phone
    if not changes and not phone_changed:
        return obj
    save_versioned(obj, expected_version=expected_version,
                   update_fields=list(EDITABLE_FIELDS) + list(DERIVED_FIELDS))
    audit(actor=actor, action="prestige.person.updated", target=obj, changes=changes,
          on_behalf=effective_on_behalf,
          note=_("Số điện thoại đã thay đổi.") if phone_changed else "")
    sync_facts(obj)
    return obj


@transaction.atomic
def person_set_status(*, actor, person: Person, status: str, day: datetime.date | None = None, reason: str = "",
                      decision_number: str = "", on_behalf: bool = False,
                      expected_version: int | None = None) -> Person:
    """Record that a person was replaced, removed or has died (with the date and reason), or restore a person
    recorded so by mistake to the list (`status="recognised"`, reason required)."""
    obj = _lock(person, expected_version)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    check_transition(obj, status)
    reason = (reason or "").strip()
    if status == Person.Status.RECOGNISED and not reason:
        raise ValidationError({"status_reason": _("Lý do: hãy ghi vì sao đưa người này trở lại danh sách.")})
    before = snapshot(obj, list(STATUS_FIELDS))
    obj.status = status
    obj.status_date = day
    obj.status_reason = reason
    obj.status_decision_number = decision_number or ""
    rules.normalise(obj)
    rules.raise_if(rules.validate(obj))
    changes = diff(before, snapshot(obj, list(STATUS_FIELDS)))
    save_versioned(obj, expected_version=expected_version, update_fields=list(STATUS_FIELDS))
    audit(actor=actor, action="prestige.person.recorded", target=obj, changes=changes,
          on_behalf=effective_on_behalf, note=reason if status == Person.Status.RECOGNISED else "")
    sync_facts(obj)
    return obj


@transaction.atomic
def person_delete(*, actor, person: Person, on_behalf: bool = False) -> None:
    """Delete a record entered by mistake (a person who leaves the list is recorded with person_set_status)."""
    obj = _lock(person, None)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    before = snapshot(obj)
    audit(actor=actor, action="prestige.person.deleted", target=obj,
          changes={k: [v, None] for k, v in before.items()}, on_behalf=effective_on_behalf)
    delete_facts(source=rules.FACT_SOURCE, source_id=obj.pk)
    obj.delete()


# --- support received -----------------------------------------------------------------------------------

@transaction.atomic
def support_add(*, actor, person: Person, day: datetime.date | None, kind: str, amount: Decimal | int | None = 0,
                provider: str = "", note: str = "", on_behalf: bool = False,
                expected_version: int | None = None) -> SupportEntry:
    """Record one visit, gift, training, health insurance card… a person received (amount in đồng)."""
    obj = _lock(person, expected_version)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    if day is None:
        raise ValidationError({"day": _("Ngày: không được để trống.")})
    entry = SupportEntry(person=obj, day=day, kind=kind, amount=Decimal(amount or 0), provider=(provider or "").strip(),
                         note=(note or "").strip())
    rules.raise_if(rules.validate_support(entry))
    entry.save()
    audit(actor=actor, action="prestige.supportentry.added", target=obj, on_behalf=effective_on_behalf,
          changes={k: [None, v] for k, v in _support_snapshot(entry).items()})
    _bump(obj)
    sync_facts(obj)
    return entry


@transaction.atomic
def support_delete(*, actor, entry: SupportEntry, on_behalf: bool = False) -> None:
    person = _lock(entry.person, None)
    effective_on_behalf = _ensure_write_existing(actor, person, on_behalf)
    before = _support_snapshot(entry)
    entry.delete()
    audit(actor=actor, action="prestige.supportentry.deleted", target=person, on_behalf=effective_on_behalf,
          changes={k: [v, None] for k, v in before.items()})
    _bump(person)
    sync_facts(person)


def _support_snapshot(entry: SupportEntry) -> dict[str, Any]:
    """The entry's fields for the person's history ("Ngày", "Hình thức hỗ trợ", "Giá trị (đồng)"…)."""
    return snapshot(entry, ["day", "kind", "amount", "provider", "note"])


def _bump(person: Person) -> None:
    """A change of the person's support or links is a change of the record: its version moves on."""
    save_versioned(person, expected_version=None, update_fields=[])


# --- links to meetings (activities) and commendations ------------------------------------------------------

LINK_KINDS = ("activity", "commendation")


@transaction.atomic
def link_add(*, actor, person: Person, target, on_behalf: bool = False) -> Person:
    """Link an existing activity (a meeting the person attended) or commendation to the person; the actor must
    be able to read the linked record."""
    from danvan.activities.models import Activity
    from danvan.commendations.models import Commendation

    obj = _lock(person, None)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    if not can(actor, VIEW, target):
        raise ValidationError({"target": _("Không tìm thấy bản ghi hoặc bạn không có quyền xem.")})
    related: Any
    if isinstance(target, Activity):
        related, label = obj.activities, _("Hoạt động")
    elif isinstance(target, Commendation):
        related, label = obj.commendations, _("Khen thưởng")
    else:
        raise TypeError("a person links activities and commendations only")
    if related.filter(pk=target.pk).exists():
        return obj
    related.add(target)
    audit(actor=actor, action="prestige.person.link_added", target=obj, on_behalf=effective_on_behalf,
          changes={"link": [None, "{}: {}".format(label, target)]})
    _bump(obj)
    return obj


@transaction.atomic
def link_remove(*, actor, person: Person, target, on_behalf: bool = False) -> Person:
    from danvan.activities.models import Activity

    obj = _lock(person, None)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    related: Any = obj.activities if isinstance(target, Activity) else obj.commendations
    if not related.filter(pk=target.pk).exists():
        return obj
    related.remove(target)
    label = _("Hoạt động") if isinstance(target, Activity) else _("Khen thưởng")
    audit(actor=actor, action="prestige.person.updated", target=obj, on_behalf=effective_on_behalf,
          changes={"link": ["{}: {}".format(label, target), None]})
    _bump(obj)
    return obj


# --- imports (validated rows from importers.py) ---------------------------------------------------------------

@transaction.atomic
def people_import_bulk(*, actor, rows: list[tuple[Person, Person | None, bool]]) -> ImportResult:
    """Write validated rows `(record, current or None, on_behalf)`: new records in bulk, changed ones saved with
    their version bumped, unchanged ones left alone; one `audit_bulk`, one fact sync."""
    for unit in {obj.unit_id: obj.unit for obj, _current, _ob in rows}.values():
        ensure_can(actor, WRITE, unit, on_behalf=True)
    # The phone is redacted in the audit trail, so a changed phone alone shows no difference there.
    return import_versioned_bulk(actor=actor, rows=rows, model=Person, action="prestige.person",
                                 fact_source=rules.FACT_SOURCE, facts_for=rules.facts_for,
                                 also_changed=lambda obj, current: obj.phone != current.phone)


@transaction.atomic
def support_import_bulk(*, actor, rows: list[tuple[SupportEntry, bool]]) -> ImportResult:
    """Write validated support rows `(entry, on_behalf)`; entries already imported (same external_ref) are
    skipped by the importer."""
    result = ImportResult()
    people = {entry.person_id: entry.person for entry, _ob in rows}
    for person in people.values():
        ensure_can(actor, WRITE, person.unit, on_behalf=True)
    SupportEntry.objects.bulk_create([entry for entry, _ob in rows], batch_size=500)
    audit_bulk([{"actor": actor, "action": "prestige.supportentry.added", "target": entry.person,
                 "on_behalf": on_behalf, "note": _("Nhập từ tệp"),
                 "changes": {k: [None, v] for k, v in _support_snapshot(entry).items()}}
                for entry, on_behalf in rows])
    for person in people.values():
        _bump(person)
    replace_facts_bulk(source=rules.FACT_SOURCE,
                       facts_by_id={pk: rules.facts_for(person) for pk, person in people.items()})
    result.created = len(rows)
    return result


# --- the year rolls on ----------------------------------------------------------------------------------

def sync_current_year(*, batch: int = 2000) -> int:
    """Give every person still in the list the current year's facts (run daily; a no-op except on the first day of
    a reporting year, or after REPORTING_YEAR_START changed). Returns the number of people checked."""
    ids = list(Person.objects.filter(status=Person.Status.RECOGNISED).order_by("pk").values_list("pk", flat=True))
    return _sync_ids(ids, batch)


def rebuild_facts(*, batch: int = 2000) -> int:
    """Recompute the facts of every person (after a bulk load or a change of REPORTING_YEAR_START)."""
    return _sync_ids(list(Person.objects.order_by("pk").values_list("pk", flat=True)), batch)


def _sync_ids(ids: list[int], batch: int) -> int:
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            people = list(Person.objects.filter(pk__in=ids[start:start + batch])
                          .select_related(*RELATED).prefetch_related("support_entries"))
            replace_facts_bulk(source=rules.FACT_SOURCE,
                               facts_by_id={p.pk: rules.facts_for(p, list(p.support_entries.all())) for p in people})
    return len(ids)
