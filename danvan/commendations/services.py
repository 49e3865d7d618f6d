"""Writes on commendations: create, edit, delete and the nomination flow, each audited with its facts.

Flow: draft → proposed (the proposing unit) → approved or returned (an approver of a unit strictly above
the proposing unit) → decided (decision number and date, by the same approvers). Returned proposals are
edited and proposed again, or cancelled. Only decided commendations produce facts (rules.facts_for).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import (
    WRITE,
    can,
    can_approve_above,
    ensure_can,
    ensure_can_approve_above,
    write_mode,
)
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.bulk_writes import import_versioned_bulk
from danvan.core.concurrency import lock, save_versioned
from danvan.core.db import insert_or_existing
from danvan.core.imports import ImportResult
from danvan.core.workflow import check_transition, transition
from danvan.orgunits.models import OrgUnit
from danvan.reports.facts import delete_facts, replace_facts

from . import rules
from .models import AwardForm, Commendation

EDITABLE_FIELDS = (
    "unit", "proposing_unit", "recipient_type", "recipient_unit", "recipient_name", "recipient_position",
    "recipient_unit_text", "form", "award_class", "issuing_authority", "reason", "period_start_year",
    "period_end_year", "link_kind", "link_id", "link_label", "external_ref",
)
DERIVED_FIELDS = ("recipient_key", "search_text", "duplicate_confirmed")


def sync_facts(obj: Commendation) -> None:
    replace_facts(source=rules.FACT_SOURCE, source_id=obj.pk, facts=rules.facts_for(obj))


def check_write_unit(actor, unit: OrgUnit, *, on_behalf: bool, field: str = "proposing_unit") -> bool:
    """May `actor` propose for `unit`? Returns the effective on-behalf flag; refuses with a field error."""
    mode = write_mode(actor, unit)
    if mode is None:
        raise ValidationError({field: _("Đơn vị đề nghị: bạn không có quyền nhập dữ liệu cho “%(u)s”.")
                               % {"u": unit.name}})
    if mode and not on_behalf:
        raise ValidationError({field: _(
            "Đơn vị đề nghị: “%(u)s” là đơn vị cấp dưới; hãy chọn “Nhập thay đơn vị cấp dưới” để nhập thay."
        ) % {"u": unit.name}})
    return mode


def _ensure_write_existing(actor, obj: Commendation, on_behalf: bool) -> bool:
    ensure_can(actor, WRITE, obj.proposing_unit, on_behalf=on_behalf)
    return not can(actor, WRITE, obj.proposing_unit)


def is_above(actor, unit: OrgUnit) -> bool:
    """The gatekeeper's approve-from-above rule (kept as a name the templates and panels use)."""
    return can_approve_above(actor, unit)


def _ensure_above(actor, obj: Commendation) -> None:
    ensure_can_approve_above(actor, obj.proposing_unit, _(
        "Chỉ lãnh đạo có quyền duyệt ở đơn vị cấp trên của đơn vị đề nghị (“%(u)s”) mới được duyệt, "
        "trả lại hoặc ghi nhận quyết định.") % {"u": obj.proposing_unit.name})


def _check_duplicates(obj: Commendation, confirm_duplicate: bool) -> None:
    if confirm_duplicate:
        obj.duplicate_confirmed = True
        return
    if obj.duplicate_confirmed:
        return
    found = rules.duplicates(obj)
    if found:
        raise ValidationError({"confirm_duplicate": rules.duplicate_message(obj, found[0])}, code="duplicate")


def _check_external_ref(obj: Commendation) -> None:
    if obj.external_ref and Commendation.objects.filter(external_ref=obj.external_ref).exclude(pk=obj.pk).exists():
        raise ValidationError({"external_ref": _("Mã tham chiếu ngoài: “%(r)s” đã dùng cho hồ sơ khác.")
                               % {"r": obj.external_ref}})


def _lock(obj: Commendation, expected_version: int | None) -> Commendation:
    return lock(obj, expected_version, related=("unit", "proposing_unit", "form", "recipient_unit"))


@transaction.atomic
def commendation_create(*, actor, unit: OrgUnit, recipient_type: str, form: AwardForm,
                        period_start_year: int | None, proposing_unit: OrgUnit | None = None,
                        on_behalf: bool = False, confirm_duplicate: bool = False, submission_key: str = "",
                        **fields: Any) -> Commendation:
    """A new nomination in draft. `fields` are further EDITABLE_FIELDS (recipient_name, reason, ...)."""
    if submission_key:
        existing = Commendation.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing  # the same form posted twice: one record
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError("unknown fields: {}".format(", ".join(sorted(unknown))))
    proposing_unit = proposing_unit or unit
    effective_on_behalf = check_write_unit(actor, proposing_unit, on_behalf=on_behalf)
    obj = Commendation(unit=unit, proposing_unit=proposing_unit, recipient_type=recipient_type, form=form,
                       period_start_year=period_start_year, submission_key=submission_key, **fields)
    rules.normalise(obj)
    rules.raise_if(rules.validate(obj))
    _check_external_ref(obj)
    _check_duplicates(obj, confirm_duplicate)
    obj.full_clean(exclude=["recipient_key", "search_text"], validate_constraints=False)

    def save() -> Commendation:
        obj.save()
        return obj

    def find() -> Commendation | None:
        return Commendation.objects.filter(submission_key=submission_key).first() if submission_key else None

    # The same form posted twice at once (one submission_key): both get the one nomination.
    saved, created = insert_or_existing(save, find)
    if not created:
        return saved
    audit_create(actor=actor, action="commendations.commendation.created", target=obj,
                 on_behalf=effective_on_behalf)
    sync_facts(obj)
    return obj


@transaction.atomic
def commendation_update(*, actor, commendation: Commendation, expected_version: int | None,
                        on_behalf: bool = False, confirm_duplicate: bool = False, **fields: Any) -> Commendation:
    """Edit a draft or returned nomination (optimistic locking on `expected_version`)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError("unknown fields: {}".format(", ".join(sorted(unknown))))
    obj = _lock(commendation, expected_version)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    if not obj.is_editable:
        raise ValidationError(_("Chỉ sửa được hồ sơ ở trạng thái “Dự thảo” hoặc “Bị trả lại” (hiện: “%(s)s”).")
                              % {"s": obj.get_status_display()})
    before = snapshot(obj)
    if "proposing_unit" in fields and fields["proposing_unit"] is None:
        fields["proposing_unit"] = fields.get("unit") or obj.unit  # blank: the commended unit proposes itself
    for name, value in fields.items():
        setattr(obj, name, value)
    if "proposing_unit" in fields or "unit" in fields:
        effective_on_behalf = check_write_unit(actor, obj.proposing_unit, on_behalf=on_behalf)
    rules.normalise(obj)
    rules.raise_if(rules.validate(obj))
    _check_external_ref(obj)
    if confirm_duplicate or any(f in fields for f in ("recipient_type", "recipient_unit", "recipient_name", "form",
                                                       "unit", "period_start_year", "period_end_year",
                                                       "link_kind", "link_id")):
        obj.duplicate_confirmed = False
        _check_duplicates(obj, confirm_duplicate)
    obj.full_clean(exclude=["recipient_key", "search_text"], validate_constraints=False)
    changes = diff(before, snapshot(obj))
    if not changes:
        return obj
    save_versioned(obj, expected_version=expected_version,
                   update_fields=list(EDITABLE_FIELDS) + list(DERIVED_FIELDS))
    audit(actor=actor, action="commendations.commendation.updated", target=obj, changes=changes,
          on_behalf=effective_on_behalf)
    sync_facts(obj)
    return obj


@transaction.atomic
def commendation_delete(*, actor, commendation: Commendation, on_behalf: bool = False) -> None:
    """Only drafts and cancelled nominations can be deleted; proposals and decisions stay on record."""
    obj = _lock(commendation, None)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    if obj.status not in (Commendation.Status.DRAFT, Commendation.Status.CANCELLED):
        raise ValidationError(_("Chỉ xóa được hồ sơ “Dự thảo” hoặc “Đã hủy”."))
    before = snapshot(obj)
    audit(actor=actor, action="commendations.commendation.deleted", target=obj,
          changes={k: [v, None] for k, v in before.items()}, on_behalf=effective_on_behalf)
    delete_facts(source=rules.FACT_SOURCE, source_id=obj.pk)
    obj.delete()


@transaction.atomic
def commendation_propose(*, actor, commendation: Commendation, on_behalf: bool = False,
                         confirm_duplicate: bool = False, expected_version: int | None = None) -> Commendation:
    """The proposing unit sends the nomination to the level above."""
    obj = _lock(commendation, expected_version)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    rules.raise_if(rules.validate(obj))
    _check_duplicates(obj, confirm_duplicate)
    return transition(obj, to=Commendation.Status.PROPOSED, actor=actor,
                      action="commendations.commendation.proposed", on_behalf=effective_on_behalf,
                      extra_fields={"proposed_at": timezone.now(), "return_note": "",
                                    "duplicate_confirmed": obj.duplicate_confirmed})


@transaction.atomic
def commendation_approve(*, actor, commendation: Commendation, note: str = "",
                         expected_version: int | None = None) -> Commendation:
    obj = _lock(commendation, expected_version)
    _ensure_above(actor, obj)
    return transition(obj, to=Commendation.Status.APPROVED, actor=actor, note=note,
                      action="commendations.commendation.approved",
                      extra_fields={"approved_at": timezone.now(), "approved_by": actor})


@transaction.atomic
def commendation_return(*, actor, commendation: Commendation, note: str,
                        expected_version: int | None = None) -> Commendation:
    obj = _lock(commendation, expected_version)
    _ensure_above(actor, obj)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Lý do trả lại: hãy ghi lý do để đơn vị đề nghị bổ sung, sửa hồ sơ.")})
    return transition(obj, to=Commendation.Status.RETURNED, actor=actor, note=note,
                      action="commendations.commendation.returned", extra_fields={"return_note": note})


@transaction.atomic
def commendation_decide(*, actor, commendation: Commendation, decision_number: str,
                        decision_date: datetime.date | None, issuing_authority: str = "",
                        expected_version: int | None = None) -> Commendation:
    """Record the decision (số và ngày quyết định) of an approved nomination; from now on it counts."""
    obj = _lock(commendation, expected_version)
    _ensure_above(actor, obj)
    check_transition(obj, Commendation.Status.DECIDED)
    decision_fields = ("decision_number", "decision_date", "issuing_authority", "search_text")
    original = {name: getattr(obj, name) for name in decision_fields}
    obj.decision_number = decision_number or ""
    obj.decision_date = decision_date
    if issuing_authority:
        obj.issuing_authority = issuing_authority
    rules.normalise(obj)
    rules.raise_if(rules.validate(obj, require_decision=True))
    new_values = {name: getattr(obj, name) for name in decision_fields}
    for name, value in original.items():  # so the audit entry shows old → new
        setattr(obj, name, value)
    transition(obj, to=Commendation.Status.DECIDED, actor=actor, action="commendations.commendation.decided",
               extra_fields=new_values)
    sync_facts(obj)
    return obj


@transaction.atomic
def commendation_cancel(*, actor, commendation: Commendation, note: str = "", on_behalf: bool = False,
                        expected_version: int | None = None) -> Commendation:
    obj = _lock(commendation, expected_version)
    effective_on_behalf = _ensure_write_existing(actor, obj, on_behalf)
    return transition(obj, to=Commendation.Status.CANCELLED, actor=actor, note=note,
                      action="commendations.commendation.cancelled", on_behalf=effective_on_behalf)


@transaction.atomic
def commendations_import_bulk(*, actor, rows: list[tuple[Commendation, Commendation | None, bool]]) -> ImportResult:
    """Write validated import rows `(record, current or None, on_behalf)`: new records in bulk, changed ones
    saved with their version bumped, unchanged ones left alone; one `audit_bulk`, one fact sync."""
    for unit in {obj.proposing_unit_id: obj.proposing_unit for obj, _current, _ob in rows}.values():
        ensure_can(actor, WRITE, unit, on_behalf=True)
    return import_versioned_bulk(actor=actor, rows=rows, model=Commendation, action="commendations.commendation",
                                 fact_source=rules.FACT_SOURCE, facts_for=rules.facts_for)
