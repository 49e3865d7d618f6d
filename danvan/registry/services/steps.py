"""The yearly workflow of a model-year: register, assess, return, recognise or not, honour."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import APPROVE, WRITE, ensure_can
from danvan.core.concurrency import lock
from danvan.core.workflow import transition

from ..models import DvkYear, Level
from ..rules import can_recognise, reporting_year, sync_facts
from .checks import S, _check_registered_on


def _locked_year(dvk_year: DvkYear, expected_version: int | None) -> DvkYear:
    return lock(dvk_year, expected_version, related=("model", "unit"), message=_(
        "Bản ghi này vừa được người khác xử lý sau khi bạn mở. Hãy tải lại trang; thao tác của bạn chưa được "
        "thực hiện."))


@transaction.atomic
def submit(*, actor, dvk_year: DvkYear, registered_on: datetime.date | None = None, on_behalf: bool = False,
           expected_version: int | None = None) -> DvkYear:
    """Draft or returned → registered (đăng ký)."""
    dvk_year = _locked_year(dvk_year, expected_version)
    ensure_can(actor, WRITE, dvk_year.unit, on_behalf=on_behalf)
    if dvk_year.model.is_discontinued:
        raise ValidationError(_("Mô hình đã ngừng thực hiện."))
    registered_on = registered_on or dvk_year.registered_on or timezone.localdate()
    _check_registered_on(registered_on, dvk_year.year)
    transition(dvk_year, to=S.REGISTERED, actor=actor, action="registry.year.registered", on_behalf=on_behalf,
               extra_fields={"registered_on": registered_on})
    sync_facts(dvk_year.model)
    return dvk_year


@transaction.atomic
def start_assessment(*, actor, dvk_year: DvkYear, expected_version: int | None = None) -> DvkYear:
    """Registered → under assessment (bình xét). An approver whose subtree holds the unit."""
    dvk_year = _locked_year(dvk_year, expected_version)
    ensure_can(actor, APPROVE, dvk_year.unit)
    transition(dvk_year, to=S.UNDER_ASSESSMENT, actor=actor, action="registry.year.assessment_started",
               extra_fields={"assessment_started_on": timezone.localdate()})
    return dvk_year


@transaction.atomic
def return_for_changes(*, actor, dvk_year: DvkYear, note: str, expected_version: int | None = None) -> DvkYear:
    """Registered / under assessment → returned to the registrant with a note."""
    dvk_year = _locked_year(dvk_year, expected_version)
    ensure_can(actor, APPROVE, dvk_year.unit)
    if not (note or "").strip():
        raise ValidationError({"note": _("Nội dung cần bổ sung: không được để trống khi trả lại.")})
    transition(dvk_year, to=S.RETURNED, actor=actor, action="registry.year.returned", note=note.strip(),
               extra_fields={"returned_note": note.strip()})
    sync_facts(dvk_year.model)
    return dvk_year


def check_recognition(*, dvk_year: DvkYear, level: str, decision_number: str,
                      decision_date: datetime.date | None, recognised_on: datetime.date | None) -> dict[str, Any]:
    """Validate a recognition; returns the fields to store. Shared by the service and the importer."""
    errors: dict[str, list[str]] = {}
    if level not in Level.values:
        errors["recognition_level"] = [_("Cấp công nhận: chọn cấp xã, cấp huyện, cấp tỉnh hoặc Trung ương.")]
    if not (decision_number or "").strip():
        errors["decision_number"] = [_("Số quyết định: bắt buộc khi công nhận.")]
    if decision_date is None:
        errors["decision_date"] = [_("Ngày quyết định: bắt buộc khi công nhận.")]
    recognised_on = recognised_on or decision_date
    if decision_date and dvk_year.registered_on and decision_date < dvk_year.registered_on:
        errors["decision_date"] = [_("Ngày quyết định công nhận (%(d)s) không được trước ngày đăng ký (%(r)s).")
                                   % {"d": decision_date.strftime("%d/%m/%Y"),
                                      "r": dvk_year.registered_on.strftime("%d/%m/%Y")}]
    if recognised_on and dvk_year.registered_on and recognised_on < dvk_year.registered_on:
        errors.setdefault("recognised_on", []).append(
            _("Ngày công nhận không được trước ngày đăng ký (%(r)s).")
            % {"r": dvk_year.registered_on.strftime("%d/%m/%Y")})
    if recognised_on and recognised_on > timezone.localdate():
        errors.setdefault("recognised_on", []).append(_("Ngày công nhận không được sau ngày hôm nay."))
    if errors:
        raise ValidationError(errors)
    recognised_year = reporting_year(recognised_on)
    clash = DvkYear.objects.filter(model_id=dvk_year.model_id, recognised_year=recognised_year).exclude(
        pk=dvk_year.pk).first()
    if clash:
        raise ValidationError({"recognised_on": _("Ngày công nhận: mô hình đã được công nhận trong năm %(y)s (đăng ký "
                                                  "năm %(reg)s); mỗi năm chỉ công nhận một lần.")
                               % {"y": recognised_year, "reg": clash.year}})
    return {"recognition_level": level, "decision_number": decision_number.strip(), "decision_date": decision_date,
            "recognised_on": recognised_on, "recognised_year": recognised_year}


@transaction.atomic
def recognise(*, actor, dvk_year: DvkYear, level: str, recognising_body: str = "", decision_number: str,
              decision_date: datetime.date | None, recognised_on: datetime.date | None = None,
              expected_version: int | None = None) -> DvkYear:
    """Under assessment → recognised (công nhận) by an approver at the recognising level."""
    dvk_year = _locked_year(dvk_year, expected_version)
    ensure_can(actor, "view", dvk_year.unit)
    if not can_recognise(actor, dvk_year.unit, level):
        labels = dict(Level.choices)
        raise PermissionDenied(_("Cấp công nhận: chỉ lãnh đạo duyệt của %(level)s có thẩm quyền với đơn vị "
                                 "“%(unit)s” mới được công nhận ở cấp này.")
                               % {"level": str(labels.get(level, level)).lower(), "unit": dvk_year.unit.name})
    fields = check_recognition(dvk_year=dvk_year, level=level, decision_number=decision_number,
                               decision_date=decision_date, recognised_on=recognised_on)
    fields["recognising_body"] = (recognising_body or "").strip()
    transition(dvk_year, to=S.RECOGNISED, actor=actor, action="registry.year.recognised", extra_fields=fields)
    sync_facts(dvk_year.model)
    return dvk_year


@transaction.atomic
def not_recognise(*, actor, dvk_year: DvkYear, reason: str, expected_version: int | None = None) -> DvkYear:
    dvk_year = _locked_year(dvk_year, expected_version)
    ensure_can(actor, APPROVE, dvk_year.unit)
    if not (reason or "").strip():
        raise ValidationError({"not_recognised_reason": _("Lý do không công nhận: không được để trống.")})
    transition(dvk_year, to=S.NOT_RECOGNISED, actor=actor, action="registry.year.not_recognised", note=reason.strip(),
               extra_fields={"not_recognised_reason": reason.strip()})
    sync_facts(dvk_year.model)
    return dvk_year


@transaction.atomic
def honour(*, actor, dvk_year: DvkYear, level: str, event: str, honoured_on: datetime.date | None = None,
           expected_version: int | None = None) -> DvkYear:
    """Recognised → honoured (tôn vinh) at a level and event; still counts as recognised."""
    dvk_year = _locked_year(dvk_year, expected_version)
    ensure_can(actor, APPROVE, dvk_year.unit)
    errors = {}
    if level not in Level.values:
        errors["honour_level"] = [_("Cấp tôn vinh: chọn cấp xã, cấp huyện, cấp tỉnh hoặc Trung ương.")]
    if not (event or "").strip():
        errors["honour_event"] = [_("Sự kiện tôn vinh: không được để trống.")]
    honoured_on = honoured_on or timezone.localdate()
    if dvk_year.recognised_on and honoured_on < dvk_year.recognised_on:
        errors["honoured_on"] = [_("Ngày tôn vinh không được trước ngày công nhận.")]
    if errors:
        raise ValidationError(errors)
    transition(dvk_year, to=S.HONOURED, actor=actor, action="registry.year.honoured",
               extra_fields={"honour_level": level, "honour_event": event.strip(), "honoured_on": honoured_on})
    return dvk_year
