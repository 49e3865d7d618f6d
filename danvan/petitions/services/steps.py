"""The workflow of a case after intake: accept or not, verify, dialogue, decide, close, withdraw, merge,
transfer, extend. Each step is permission-checked, validated, audited and keeps deadlines and facts in step."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core.audit import audit, audit_create
from danvan.core.clock import today as _today
from danvan.core.text import nfc
from danvan.core.workflow import check_transition, transition
from danvan.orgunits.models import OrgUnit

from ..models import Case, DeadlineRule, Extension, Petitioner
from .cases import (
    Status,
    _check_not_future,
    _lock,
    _refresh_search,
    new_tracking_code,
)
from .deadlines import compute_deadlines, rule_for
from .facts import sync_case_facts


def _step(case: Case, *, to: str, actor, action: str, day: datetime.date | None, day_field: str,
          after: datetime.date | None, after_label: str, extra: dict | None = None, note: str = "",
          on_behalf: bool = False, expected_version: int | None = None) -> Case:
    ensure_can(actor, "write", case, on_behalf=on_behalf)
    case = _lock(case, expected_version)
    check_transition(case, to)
    _check_not_future(day, day_field)
    if after is not None and day < after:
        raise ValidationError({day_field: _("Ngày này không được trước %(label)s (%(day)s).") % {
            "label": after_label, "day": after.strftime("%d/%m/%Y")}})
    fields = {day_field: day, **(extra or {})}
    transition(case, to=to, actor=actor, action=action, note=note, extra_fields=fields, on_behalf=on_behalf)
    compute_deadlines(case)
    Case.objects.filter(pk=case.pk).update(accept_due=case.accept_due, resolve_due=case.resolve_due,
                                           accept_rule=case.accept_rule, resolve_rule=case.resolve_rule)
    _refresh_search(case)
    sync_case_facts(case)
    return case


def _last_step_day(case: Case) -> tuple[datetime.date, str]:
    for name, label in (("dialogue_on", _("ngày đối thoại")), ("verifying_on", _("ngày bắt đầu xác minh")),
                        ("accepted_on", _("ngày thụ lý"))):
        value = getattr(case, name)
        if value is not None:
            return value, label
    return case.received_on, _("ngày tiếp nhận")


@transaction.atomic
def case_accept(*, actor, case: Case, accepted_on: datetime.date, on_behalf: bool = False,
                expected_version: int | None = None) -> Case:
    return _step(case, to=Status.ACCEPTED, actor=actor, action="petitions.case.accepted", day=accepted_on,
                 day_field="accepted_on", after=case.received_on, after_label=_("ngày tiếp nhận"),
                 on_behalf=on_behalf, expected_version=expected_version)


@transaction.atomic
def case_not_accept(*, actor, case: Case, on: datetime.date, reason: str, on_behalf: bool = False,
                    expected_version: int | None = None) -> Case:
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"not_accepted_reason": _("Hãy nêu lý do không thụ lý.")})
    return _step(case, to=Status.NOT_ACCEPTED, actor=actor, action="petitions.case.not_accepted", day=on,
                 day_field="ended_on", after=case.received_on, after_label=_("ngày tiếp nhận"),
                 extra={"not_accepted_reason": reason}, on_behalf=on_behalf, expected_version=expected_version)


@transaction.atomic
def case_start_verification(*, actor, case: Case, on: datetime.date, on_behalf: bool = False,
                            expected_version: int | None = None) -> Case:
    return _step(case, to=Status.VERIFYING, actor=actor, action="petitions.case.verifying", day=on,
                 day_field="verifying_on", after=case.accepted_on, after_label=_("ngày thụ lý"),
                 on_behalf=on_behalf, expected_version=expected_version)


@transaction.atomic
def case_record_dialogue(*, actor, case: Case, on: datetime.date, activity_ref: str = "",
                         activity_label: str = "", on_behalf: bool = False,
                         expected_version: int | None = None) -> Case:
    """Đối thoại, linked to an activity by its reference and label (the activities app is not imported)."""
    activity_ref, activity_label = nfc(activity_ref), nfc(activity_label)
    if not activity_ref and not activity_label:
        raise ValidationError({"dialogue_label": _("Hãy ghi hoạt động đối thoại (mã hoặc tên).")})
    return _step(case, to=Status.DIALOGUE, actor=actor, action="petitions.case.dialogue", day=on,
                 day_field="dialogue_on", after=case.verifying_on, after_label=_("ngày bắt đầu xác minh"),
                 extra={"dialogue_ref": activity_ref, "dialogue_label": activity_label},
                 on_behalf=on_behalf, expected_version=expected_version)


@transaction.atomic
def case_decide(*, actor, case: Case, on: datetime.date, decision_number: str, outcome: str,
                outcome_note: str = "", on_behalf: bool = False, expected_version: int | None = None) -> Case:
    decision_number = nfc(decision_number)
    errors = {}
    if not decision_number:
        errors["decision_number"] = _("Hãy nhập số quyết định hoặc kết luận giải quyết.")
    if outcome not in Case.Outcome.values:
        errors["outcome"] = _("Hãy chọn kết quả giải quyết.")
    if errors:
        raise ValidationError(errors)
    after, label = _last_step_day(case)
    return _step(case, to=Status.DECIDED, actor=actor, action="petitions.case.decided", day=on,
                 day_field="decided_on", after=after, after_label=label,
                 extra={"decision_number": decision_number, "outcome": outcome, "outcome_note": nfc(outcome_note)},
                 on_behalf=on_behalf, expected_version=expected_version)


@transaction.atomic
def case_close(*, actor, case: Case, on: datetime.date, on_behalf: bool = False,
               expected_version: int | None = None) -> Case:
    after = case.decided_on or case.ended_on or case.received_on
    return _step(case, to=Status.CLOSED, actor=actor, action="petitions.case.closed", day=on,
                 day_field="closed_on", after=after, after_label=_("ngày quyết định, kết luận"),
                 on_behalf=on_behalf, expected_version=expected_version)


@transaction.atomic
def case_withdraw(*, actor, case: Case, on: datetime.date, reason: str = "", on_behalf: bool = False,
                  expected_version: int | None = None) -> Case:
    after, label = _last_step_day(case)
    return _step(case, to=Status.WITHDRAWN, actor=actor, action="petitions.case.withdrawn", day=on,
                 day_field="ended_on", after=after, after_label=label, extra={"end_reason": nfc(reason)},
                 on_behalf=on_behalf, expected_version=expected_version)


@transaction.atomic
def case_merge(*, actor, case: Case, into: Case, on: datetime.date, on_behalf: bool = False,
               expected_version: int | None = None) -> Case:
    """Close `case` as a duplicate of `into` (which the actor must be able to read)."""
    ensure_can(actor, "view", into)
    if into.pk == case.pk:
        raise ValidationError({"duplicate_of": _("Không thể gộp một đơn vào chính nó.")})
    if into.status == Status.MERGED:
        raise ValidationError({"duplicate_of": _("Đơn được chọn đã được gộp vào đơn khác; hãy chọn đơn gốc.")})
    return _step(case, to=Status.MERGED, actor=actor, action="petitions.case.merged", day=on,
                 day_field="ended_on", after=case.received_on, after_label=_("ngày tiếp nhận"),
                 extra={"duplicate_of": into}, note=_("Trùng với đơn %(code)s") % {"code": into.tracking_code},
                 on_behalf=on_behalf, expected_version=expected_version)


@transaction.atomic
def case_transfer(*, actor, case: Case, on: datetime.date, to_unit: OrgUnit | None = None, to_body: str = "",
                  reason: str = "", on_behalf: bool = False, expected_version: int | None = None) -> Case:
    """Chuyển đơn to the competent body. When that body is a unit of the system, the case continues
    there as a new linked case (received on the transfer date, channel "transfer")."""
    to_body = nfc(to_body)
    if to_unit is None and not to_body:
        raise ValidationError({"transferred_to_unit": _("Hãy chọn đơn vị hoặc ghi tên cơ quan nhận đơn chuyển.")})
    if to_unit is not None and to_unit.pk == case.unit_id:
        raise ValidationError({"transferred_to_unit": _("Không thể chuyển đơn cho chính đơn vị đang xử lý.")})
    if to_unit is not None and not to_unit.is_valid_on(on or _today()):
        raise ValidationError({"transferred_to_unit": _("Đơn vị nhận không tồn tại vào ngày chuyển.")})
    case = _step(case, to=Status.TRANSFERRED, actor=actor, action="petitions.case.transferred", day=on,
                 day_field="ended_on", after=case.received_on, after_label=_("ngày tiếp nhận"),
                 extra={"transferred_to_unit": to_unit, "transferred_to_body": to_body or (to_unit.name if to_unit
                                                                                            else ""),
                        "end_reason": nfc(reason)},
                 on_behalf=on_behalf, expected_version=expected_version)
    if to_unit is not None:
        linked = Case(
            unit=to_unit, kind=case.kind, channel=Case.Channel.TRANSFER, subject=case.subject, content=case.content,
            field=case.field, received_on=on, location_unit=case.location_unit,
            petitioner_type=case.petitioner_type, headcount=case.headcount, is_remote=case.is_remote,
            is_complex=case.is_complex, created_by=actor if getattr(actor, "pk", None) else None,
        )
        linked.tracking_code = new_tracking_code()
        compute_deadlines(linked)
        linked.full_clean(exclude=["search_text", "tracking_code", "submission_key"])
        linked.save()
        for p in case.petitioners.all():
            Petitioner.objects.create(case=linked, name=p.name, address=p.address, phone=p.phone,
                                      id_number=p.id_number, email=p.email, is_representative=p.is_representative)
        _refresh_search(linked)
        audit_create(actor=actor, action="petitions.case.created", target=linked, unit=to_unit,
                     note=_("Nhận chuyển từ đơn %(code)s của %(unit)s") % {"code": case.tracking_code,
                                                                          "unit": case.unit.name})
        Case.objects.filter(pk=case.pk).update(transferred_case=linked)
        case.transferred_case = linked
        sync_case_facts(case)
        sync_case_facts(linked)
    return case


@transaction.atomic
def case_extend(*, actor, case: Case, decision_number: str, decided_on: datetime.date, days: int | None = None,
                note: str = "", on_behalf: bool = False, expected_version: int | None = None) -> Extension:
    """Gia hạn giải quyết (tố cáo): at most the rule's number of extensions, each ≤ the rule's days."""
    ensure_can(actor, "write", case, on_behalf=on_behalf)
    case = _lock(case, expected_version)
    rule = rule_for(case.kind, DeadlineRule.Stage.EXTENSION, case.received_on)
    if rule is None:
        raise ValidationError(_("Loại đơn “%(kind)s” không được gia hạn giải quyết theo quy định.") % {
            "kind": case.get_kind_display()})
    if case.status not in Case.IN_PROGRESS:
        raise ValidationError(_("Chỉ gia hạn khi vụ việc đang được giải quyết."))
    decision_number = nfc(decision_number)
    if not decision_number:
        raise ValidationError({"decision_number": _("Hãy nhập số quyết định gia hạn.")})
    _check_not_future(decided_on, "decided_on")
    if decided_on < case.accepted_on:
        raise ValidationError({"decided_on": _("Ngày gia hạn không được trước ngày thụ lý.")})
    days = rule.days if days is None else days
    if days < 1 or days > rule.days:
        raise ValidationError({"days": _("Mỗi lần gia hạn từ 1 đến %(n)s ngày.") % {"n": rule.days}})
    if case.extensions.count() >= rule.max_count:
        raise ValidationError(_("Đã gia hạn đủ %(n)s lần theo %(source)s.") % {
            "n": rule.max_count, "source": rule.legal_source})
    extension = Extension.objects.create(case=case, decision_number=decision_number, decided_on=decided_on,
                                         days=days, note=nfc(note))
    before_due = case.resolve_due
    compute_deadlines(case)
    case.version += 1
    case.save(update_fields=["resolve_due", "resolve_rule", "version", "updated_at"])
    audit(actor=actor, action="petitions.case.extended", target=case, on_behalf=on_behalf,
          changes={"resolve_due": [before_due, case.resolve_due], "extension": [None, decision_number]})
    sync_case_facts(case)
    return extension
