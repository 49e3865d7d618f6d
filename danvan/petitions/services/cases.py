"""Intake, edit and workflow of cases. Every write is permission-checked, validated, audited and
keeps the case's facts and deadlines in step, inside one transaction."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can, ensure_can_grant_identity, ensure_can_see_identity
from danvan.core.audit import REDACTED, audit, audit_create, diff, snapshot
from danvan.core.clock import today as _today
from danvan.core.concurrency import lock
from danvan.core.db import insert_or_existing
from danvan.core.text import fold, nfc
from danvan.core.workflow import check_transition, transition
from danvan.orgunits.models import OrgUnit

from ..models import Case, DeadlineRule, Extension, IdentityGrant, Kind, Petitioner
from .deadlines import compute_deadlines, rule_for
from .facts import sync_case_facts

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
TRACKING_LENGTH = 12
MIN_MASS_HEADCOUNT = 5  # Luật Tiếp công dân 2013: "đông người" is five people or more

Status = Case.Status


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(TRACKING_LENGTH))
        if not Case.objects.filter(tracking_code=code).exists():
            return code


def build_search_text(case: Case, names: list[str] | None = None) -> str:
    """Folded text for search. For tố cáo neither petitioner names nor the content go in."""
    parts = [case.tracking_code, case.subject, case.decision_number, case.get_kind_display(),
             case.get_field_display()]
    if case.kind != Kind.TO_CAO:
        parts.append(case.content)
        if names is None:
            names = list(case.petitioners.values_list("name", flat=True)) if case.pk else []
        parts.extend(names)
    return fold(" ".join(p for p in parts if p))


def _refresh_search(case: Case) -> None:
    case.search_text = build_search_text(case)
    Case.objects.filter(pk=case.pk).update(search_text=case.search_text)


def _check_petitioner_count(case: Case) -> None:
    errors = {}
    if case.petitioner_type == Case.PetitionerType.ONE and case.headcount != 1:
        errors["headcount"] = _("Đơn của một người thì số người phải là 1.")
    elif case.petitioner_type == Case.PetitionerType.SEVERAL and case.headcount < 2:
        errors["headcount"] = _("Đơn của nhiều người phải có số người từ 2 trở lên.")
    elif case.petitioner_type == Case.PetitionerType.MASS and case.headcount < MIN_MASS_HEADCOUNT:
        errors["headcount"] = _("Đoàn đông người phải có từ %(n)s người trở lên.") % {"n": MIN_MASS_HEADCOUNT}
    if errors:
        raise ValidationError(errors)


def _check_not_future(day: datetime.date | None, field: str) -> None:
    if day is None:
        raise ValidationError({field: _("Hãy nhập ngày.")})
    if day > _today():
        raise ValidationError({field: _("Ngày không được sau ngày hôm nay.")})


def _validate_case(case: Case) -> None:
    _check_not_future(case.received_on, "received_on")
    if case.unit_id and not case.unit.is_valid_on(case.received_on):
        raise ValidationError({"unit": _("Đơn vị “%(unit)s” không tồn tại vào ngày tiếp nhận.") % {
            "unit": case.unit.name}})
    _check_petitioner_count(case)
    case.full_clean(exclude=["search_text", "tracking_code", "submission_key"])


def _clean_petitioner(data: dict) -> dict:
    cleaned = {k: nfc(str(data.get(k) or "")) for k in ("name", "address", "phone", "id_number", "email")}
    cleaned["is_representative"] = bool(data.get("is_representative"))
    if not cleaned["name"]:
        raise ValidationError({"name": _("Hãy nhập họ và tên người gửi đơn.")})
    if cleaned["id_number"] and not (cleaned["id_number"].isdigit() and len(cleaned["id_number"]) in (9, 12)):
        raise ValidationError({"id_number": _("Số CCCD/CMND phải gồm 9 hoặc 12 chữ số.")})
    return cleaned


@transaction.atomic
def case_create(
    *,
    actor,
    unit: OrgUnit,
    kind: str,
    channel: str,
    subject: str,
    field: str,
    received_on: datetime.date,
    content: str = "",
    location_unit: OrgUnit | None = None,
    petitioner_type: str = Case.PetitionerType.ONE,
    headcount: int = 1,
    is_remote: bool = False,
    is_complex: bool = False,
    petitioners: list[dict] | tuple = (),
    submission_key: str | None = None,
    on_behalf: bool = False,
) -> Case:
    """Record a case received by `unit`. A repeated `submission_key` returns the first case unchanged."""
    if submission_key:
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            ensure_can(actor, "view", existing)
            existing.found_existing = True  # the API answers 200 with it instead of 201
            return existing
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    case = Case(
        unit=unit, kind=kind, channel=channel, subject=nfc(subject), field=field, received_on=received_on,
        content=nfc(content), location_unit=location_unit, petitioner_type=petitioner_type,
        headcount=headcount or 1, is_remote=is_remote, is_complex=is_complex,
        submission_key=submission_key or None, created_by=actor if getattr(actor, "pk", None) else None,
    )
    _validate_case(case)
    cleaned = [_clean_petitioner(p) for p in petitioners]
    case.tracking_code = new_tracking_code()
    compute_deadlines(case)
    case.search_text = build_search_text(case, names=[p["name"] for p in cleaned])

    def save() -> Case:
        case.save()
        return case

    def find() -> Case | None:
        return Case.objects.filter(submission_key=submission_key).first() if submission_key else None

    # Parallel posts of one form (one submission_key): the first creates the case, the others get that case.
    saved, created = insert_or_existing(save, find)
    if not created:
        ensure_can(actor, "view", saved)
        saved.found_existing = True
        return saved
    for data in cleaned:
        Petitioner.objects.create(case=case, **data)
    audit_create(actor=actor, action="petitions.case.created", target=case, on_behalf=on_behalf)
    for petitioner in case.petitioners.all():
        _audit_petitioner_added(actor, case, petitioner, on_behalf)
    if case.kind == Kind.TO_CAO and getattr(actor, "pk", None):
        # The officer who took the denunciation already knows the identity; the right is explicit and audited.
        IdentityGrant.objects.create(case=case, user=actor, granted_by=actor, reason=_("Người tiếp nhận đơn"))
        audit(actor=actor, action="petitions.identity.granted", target=case, on_behalf=on_behalf,
              note=_("Cấp quyền xem danh tính cho người tiếp nhận: %(user)s") % {"user": actor.get_username()})
    sync_case_facts(case)
    return case


def _audit_petitioner_added(actor, case: Case, petitioner: Petitioner, on_behalf: bool) -> None:
    # The trail records that a petitioner was added, with every identity value redacted.
    audit(actor=actor, action="petitions.petitioner.added", target=case, on_behalf=on_behalf,
          note=str(petitioner), changes={k: [None, v] for k, v in snapshot(petitioner).items()})


EDITABLE_FIELDS = ("channel", "subject", "content", "field", "location_unit", "petitioner_type", "headcount",
                   "is_remote", "is_complex", "received_on", "kind")


def _lock(case: Case, expected_version: int | None) -> Case:
    return lock(case, expected_version)


def _refuse_final(case: Case) -> None:
    if case.is_final:
        raise ValidationError(
            _("Vụ việc ở trạng thái “%(status)s” nên không thể sửa.") % {"status": case.get_status_display()},
            code="final")


@transaction.atomic
def case_update(*, actor, case: Case, expected_version: int | None, on_behalf: bool = False, **changes) -> Case:
    ensure_can(actor, "write", case, on_behalf=on_behalf)
    case = _lock(case, expected_version)
    _refuse_final(case)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = snapshot(case)
    if "kind" in changes and changes["kind"] != case.kind and case.status != Status.RECEIVED:
        raise ValidationError({"kind": _("Chỉ đổi loại đơn khi vụ việc chưa được thụ lý.")})
    if "received_on" in changes and case.accepted_on and changes["received_on"] > case.accepted_on:
        raise ValidationError({"received_on": _("Ngày tiếp nhận không được sau ngày thụ lý.")})
    if case.kind == Kind.TO_CAO and changes.get("kind", Kind.TO_CAO) != Kind.TO_CAO:
        raise ValidationError({"kind": _("Không thể đổi đơn tố cáo sang loại khác (bảo vệ người tố cáo).")})
    for name, value in changes.items():
        setattr(case, name, nfc(value) if isinstance(value, str) and name in ("subject", "content") else value)
    _validate_case(case)
    compute_deadlines(case)
    case.search_text = build_search_text(case)
    case.version += 1
    case.save()
    changed = diff(before, snapshot(case))
    if changed:
        audit(actor=actor, action="petitions.case.updated", target=case, changes=changed, on_behalf=on_behalf)
    sync_case_facts(case)
    return case


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


# --- petitioners and identity ---------------------------------------------------------------

def _ensure_petitioner_write(actor, case: Case, on_behalf: bool) -> None:
    ensure_can(actor, "write", case, on_behalf=on_behalf)
    ensure_can_see_identity(actor, case)
    _refuse_final(case)


@transaction.atomic
def petitioner_add(*, actor, case: Case, data: dict, on_behalf: bool = False) -> Petitioner:
    _ensure_petitioner_write(actor, case, on_behalf)
    petitioner = Petitioner.objects.create(case=case, **_clean_petitioner(data))
    _audit_petitioner_added(actor, case, petitioner, on_behalf)
    _refresh_search(case)
    return petitioner


@transaction.atomic
def petitioner_update(*, actor, petitioner: Petitioner, data: dict, on_behalf: bool = False) -> Petitioner:
    case = petitioner.case
    _ensure_petitioner_write(actor, case, on_behalf)
    cleaned = _clean_petitioner(data)
    # Values are redacted in the trail, so which fields changed is decided on the raw values.
    before = {name: getattr(petitioner, name) for name in cleaned}
    changed_names = [name for name, value in cleaned.items() if before[name] != value]
    for name, value in cleaned.items():
        setattr(petitioner, name, value)
    petitioner.save()
    after = snapshot(petitioner)
    redacted = Petitioner.AUDIT_REDACTED_FIELDS
    changed = {name: [REDACTED if name in redacted else before[name], after[name]] for name in changed_names}
    if changed:
        audit(actor=actor, action="petitions.petitioner.updated", target=case, changes=changed,
              on_behalf=on_behalf, note=str(petitioner))
    _refresh_search(case)
    return petitioner


@transaction.atomic
def petitioner_delete(*, actor, petitioner: Petitioner, on_behalf: bool = False) -> None:
    case = petitioner.case
    _ensure_petitioner_write(actor, case, on_behalf)
    label = str(petitioner)
    before = snapshot(petitioner)
    petitioner.delete()
    audit(actor=actor, action="petitions.petitioner.deleted", target=case, on_behalf=on_behalf, note=label,
          changes={k: [v, None] for k, v in before.items()})
    _refresh_search(case)


@transaction.atomic
def identity_revoke(*, actor, grant: IdentityGrant) -> None:
    ensure_can_grant_identity(actor, grant.case)
    case, username = grant.case, grant.user.get_username()
    grant.delete()
    audit(actor=actor, action="petitions.identity.revoked", target=case,
          note=_("Thu hồi quyền xem danh tính của %(user)s") % {"user": username})
