"""Intake, edit and workflow of cases. Every write is permission-checked, validated, audited and
keeps the case's facts and deadlines in step, inside one transaction."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.clock import today as _today
from danvan.core.concurrency import lock
from danvan.core.db import insert_or_existing
from danvan.core.text import fold, nfc
from danvan.orgunits.models import OrgUnit

from ..models import Case, IdentityGrant, Kind, Petitioner
from .deadlines import compute_deadlines
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
