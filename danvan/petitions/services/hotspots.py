"""Điểm nóng / khiếu kiện đông người: flag one case or a group of cases, follow the risk, resolve."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.concurrency import save_versioned
from danvan.core.text import nfc
from danvan.orgunits.models import OrgUnit

from ..models import Case, Hotspot


def _check_cases(actor, unit: OrgUnit, cases, hotspot: Hotspot | None = None) -> list[Case]:
    checked = []
    for case in cases:
        ensure_can(actor, "view", case)
        inside = case.unit.path.startswith(unit.path) or (case.unit.current_path or "").startswith(unit.path)
        if not inside:
            raise ValidationError({"cases": _("Vụ việc %(code)s không thuộc địa bàn của đơn vị theo dõi.") % {
                "code": case.tracking_code}})
        if case.hotspot_id and (hotspot is None or case.hotspot_id != hotspot.pk):
            raise ValidationError({"cases": _("Vụ việc %(code)s đã thuộc một điểm nóng khác.") % {
                "code": case.tracking_code}})
        checked.append(case)
    return checked


def _validate(hotspot: Hotspot) -> None:
    if hotspot.flagged_on and hotspot.flagged_on > timezone.localdate():
        raise ValidationError({"flagged_on": _("Ngày không được sau ngày hôm nay.")})
    if hotspot.kind == Hotspot.HotspotKind.DONG_NGUOI and not hotspot.headcount:
        raise ValidationError({"headcount": _("Khiếu kiện đông người phải ghi số người tham gia.")})
    hotspot.full_clean()


@transaction.atomic
def hotspot_flag(*, actor, unit: OrgUnit, title: str, kind: str, risk_level: int, flagged_on: datetime.date,
                 cases=(), headcount: int | None = None, note: str = "", on_behalf: bool = False) -> Hotspot:
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    hotspot = Hotspot(unit=unit, title=nfc(title), kind=kind, risk_level=risk_level, flagged_on=flagged_on,
                      headcount=headcount, note=nfc(note))
    _validate(hotspot)
    checked = _check_cases(actor, unit, cases)
    hotspot.save()
    audit_create(actor=actor, action="petitions.hotspot.flagged", target=hotspot, on_behalf=on_behalf)
    _attach(actor, hotspot, checked, on_behalf)
    return hotspot


def _attach(actor, hotspot: Hotspot, cases: list[Case], on_behalf: bool) -> None:
    for case in cases:
        if case.hotspot_id == hotspot.pk:
            continue
        Case.objects.filter(pk=case.pk).update(hotspot=hotspot)
        audit(actor=actor, action="petitions.case.hotspot_flagged", target=case, on_behalf=on_behalf,
              changes={"hotspot": [None, str(hotspot)]})


@transaction.atomic
def hotspot_add_cases(*, actor, hotspot: Hotspot, cases, on_behalf: bool = False) -> Hotspot:
    ensure_can(actor, "write", hotspot, on_behalf=on_behalf)
    _attach(actor, hotspot, _check_cases(actor, hotspot.unit, cases, hotspot), on_behalf)
    return hotspot


@transaction.atomic
def hotspot_update(*, actor, hotspot: Hotspot, expected_version: int | None, on_behalf: bool = False,
                   **changes) -> Hotspot:
    ensure_can(actor, "write", hotspot, on_behalf=on_behalf)
    allowed = {"title", "risk_level", "headcount", "note", "kind"}
    if set(changes) - allowed:
        raise ValueError(f"not editable: {sorted(set(changes) - allowed)}")
    if hotspot.resolved_on:
        raise ValidationError(_("Điểm nóng đã ổn định nên không thể sửa."))
    before = snapshot(hotspot)
    for name, value in changes.items():
        setattr(hotspot, name, nfc(value) if isinstance(value, str) and name in ("title", "note") else value)
    _validate(hotspot)
    save_versioned(hotspot, expected_version=expected_version, update_fields=sorted(changes))
    changed = diff(before, snapshot(hotspot))
    if changed:
        audit(actor=actor, action="petitions.hotspot.updated", target=hotspot, changes=changed, on_behalf=on_behalf)
    return hotspot


@transaction.atomic
def hotspot_resolve(*, actor, hotspot: Hotspot, resolved_on: datetime.date, note: str = "",
                    on_behalf: bool = False, expected_version: int | None = None) -> Hotspot:
    ensure_can(actor, "write", hotspot, on_behalf=on_behalf)
    if hotspot.resolved_on:
        raise ValidationError(_("Điểm nóng này đã được ghi nhận ổn định."))
    if resolved_on is None or resolved_on > timezone.localdate():
        raise ValidationError({"resolved_on": _("Ngày không được sau ngày hôm nay.")})
    if resolved_on < hotspot.flagged_on:
        raise ValidationError({"resolved_on": _("Ngày ổn định không được trước ngày xác định điểm nóng.")})
    hotspot.resolved_on = resolved_on
    fields = ["resolved_on"]
    if note:
        hotspot.note = (hotspot.note + "\n" + nfc(note)).strip()
        fields.append("note")
    save_versioned(hotspot, expected_version=expected_version, update_fields=fields)
    audit(actor=actor, action="petitions.hotspot.resolved", target=hotspot, on_behalf=on_behalf,
          changes={"resolved_on": [None, resolved_on]})
    return hotspot
