"""Writes to the registry. The UI, the API and the importer all call these functions.

Every function checks permissions through the gatekeeper, validates with Vietnamese messages that
name the field, audits inside its transaction and keeps the reporting facts in step.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import APPROVE, WRITE, can, can_assess, ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.concurrency import lock, save_versioned
from danvan.core.db import insert_unique
from danvan.core.text import fold
from danvan.core.workflow import transition
from danvan.orgunits.models import OrgUnit

from .assessment import add_criterion, add_field, criteria_for, record_assessment
from .models import DvkModel, DvkYear, Level
from .rules import (
    can_recognise,
    fields_for_unit,
    is_inside,
    province_keys,
    reporting_year,
    sync_facts,
    year_bounds,
)

S = DvkYear.Status
MODEL_FIELDS = ("kind", "subject", "name", "collective_unit", "group_name", "person_name", "person_position",
                "person_unit", "field", "sector") + DvkModel.CONTENT_FIELDS
COPIED_FIELDS = ("field", "sector", "subject", "kind")


def search_text_for(model: DvkModel) -> str:
    parts = [model.name, model.group_name, model.person_name, model.person_unit, model.external_ref or "",
             model.unit.name if model.unit_id else ""]
    return fold(" ".join(p for p in parts if p))


def _check_unit_year(unit: OrgUnit, year: int) -> None:
    start, end = year_bounds(year)
    if (unit.valid_from and unit.valid_from > end) or (unit.valid_to and unit.valid_to < start):
        raise ValidationError({"unit": _("Đơn vị “%(unit)s” không tồn tại trong năm %(year)s.")
                               % {"unit": unit.name, "year": year}})


def _check_year(year: Any) -> int:
    today = timezone.localdate()
    if not isinstance(year, int) or year < 2000 or year > today.year + 1:
        raise ValidationError({"year": _("Năm đăng ký không hợp lệ (từ 2000 đến %(max)s).") % {"max": today.year + 1}})
    return year


def _check_registered_on(day: datetime.date | None, year: int) -> None:
    if day is None:
        raise ValidationError({"registered_on": _("Ngày đăng ký: chưa nhập.")})
    start, end = year_bounds(year)
    if not start <= day <= end:
        raise ValidationError({"registered_on": _("Ngày đăng ký phải thuộc năm %(year)s (từ %(start)s đến %(end)s).")
                               % {"year": year, "start": start.strftime("%d/%m/%Y"),
                                  "end": end.strftime("%d/%m/%Y")}})
    if day > timezone.localdate():
        raise ValidationError({"registered_on": _("Ngày đăng ký không được sau ngày hôm nay.")})


def _validate_model(model: DvkModel) -> None:
    errors: dict[str, list[str]] = {}
    if not (model.name or "").strip():
        errors.setdefault("name", []).append(_("Tên mô hình, điển hình: không được để trống."))
    if model.subject == DvkModel.Subject.INDIVIDUAL:
        if not (model.person_name or "").strip():
            errors.setdefault("person_name", []).append(
                _("Họ và tên cá nhân: bắt buộc với điển hình cá nhân."))
        model.collective_unit = None
        model.group_name = ""
    else:
        model.person_name = model.person_position = model.person_unit = ""
        collective = model.collective_unit
        if collective is not None and collective.pk != model.unit_id and not (
                is_inside(collective, model.unit) or is_inside(model.unit, collective)):
            errors.setdefault("collective_unit", []).append(
                _("Tập thể là đơn vị: “%(c)s” không thuộc đơn vị đăng ký “%(u)s” hoặc cấp trên của đơn vị này.")
                % {"c": collective.name, "u": model.unit.name})
    if model.field_id and not fields_for_unit(model.unit).filter(pk=model.field_id).exists():
        errors.setdefault("field", []).append(_("Lĩnh vực này không dùng được cho đơn vị của mô hình."))
    if errors:
        raise ValidationError(errors)
    try:
        model.full_clean(exclude=["search_text", "submission_key", "external_ref", "created_by", "replicated_from"])
    except ValidationError as error:
        raise ValidationError(_name_fields(error)) from None


def _name_fields(error: ValidationError) -> dict[str, list[str]]:
    """Prefix model validation messages with the Vietnamese field label so every message names its field."""
    if not hasattr(error, "error_dict"):
        return {"__all__": error.messages}
    out = {}
    for name, messages in error.message_dict.items():
        try:
            label = str(DvkModel._meta.get_field(name).verbose_name)
        except Exception:  # noqa: BLE001 - non-field errors keep their text
            label = ""
        out[name] = [f"{label[:1].upper()}{label[1:]}: {m}" if label else m for m in messages]
    return out


def duplicate_exists(*, unit: OrgUnit, year: int, name: str, exclude_model: int | None = None) -> bool:
    """Same name (ignoring case, Unicode-aware; SQLite's iexact is ASCII-only) in the same unit and year?"""
    qs = DvkYear.objects.filter(unit=unit, year=year)
    if exclude_model:
        qs = qs.exclude(model_id=exclude_model)
    wanted = " ".join(name.split()).casefold()
    return any(" ".join(n.split()).casefold() == wanted for n in qs.values_list("model__name", flat=True).iterator())


def _check_duplicate(*, unit: OrgUnit, year: int, name: str, exclude_model: int | None = None) -> None:
    if duplicate_exists(unit=unit, year=year, name=name, exclude_model=exclude_model):
        raise ValidationError({"name": _("Tên mô hình: đơn vị “%(unit)s” đã đăng ký mô hình “%(name)s” năm %(year)s.")
                               % {"unit": unit.name, "name": name, "year": year}})


def _copy_to_years(model: DvkModel) -> None:
    DvkYear.objects.filter(model=model).update(field=model.field_id, sector=model.sector_id, subject=model.subject,
                                               kind=model.kind, unit=model.unit_id)


@transaction.atomic
def create_model(*, actor, unit: OrgUnit, year: int, data: dict, on_behalf: bool = False,
                 register: bool = False, registered_on: datetime.date | None = None,
                 submission_key: uuid.UUID | str | None = None, external_ref: str | None = None) -> DvkModel:
    """Create a model with its first year (a draft, or registered when `register`).

    `submission_key` makes the call idempotent: a retried or double-clicked submission with the same
    key returns the record the first one created.
    """
    if submission_key:
        existing = DvkModel.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            ensure_can(actor, WRITE, existing.unit, on_behalf=True)
            return existing
    if unit is None:
        raise ValidationError({"unit": _("Đơn vị đăng ký: không tìm thấy đơn vị.")})
    if not can(actor, WRITE, unit, on_behalf=on_behalf):
        raise PermissionDenied(_("Đơn vị đăng ký: bạn không có quyền nhập dữ liệu cho đơn vị “%(unit)s”.")
                               % {"unit": unit.name})
    _check_year(year)
    _check_unit_year(unit, year)
    model = DvkModel(unit=unit, created_by=actor if getattr(actor, "pk", None) else None,
                     external_ref=external_ref or None, submission_key=submission_key or None)
    for name in MODEL_FIELDS:
        if name in data:
            setattr(model, name, data[name])
    model.name = (model.name or "").strip()
    _validate_model(model)
    _check_duplicate(unit=unit, year=year, name=model.name)
    if register:
        registered_on = registered_on or timezone.localdate()
        _check_registered_on(registered_on, year)
    model.search_text = search_text_for(model)
    try:
        with transaction.atomic():
            model.save()
    except IntegrityError:
        existing = DvkModel.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise ValidationError({"external_ref": _("Mã tham chiếu ngoài đã được dùng cho mô hình khác.")}) from None
        return existing
    dvk_year = DvkYear.objects.create(
        model=model, year=year, status=S.REGISTERED if register else S.DRAFT,
        registered_on=registered_on if register else None,
        unit=unit, field=model.field, sector=model.sector, subject=model.subject, kind=model.kind)
    audit_create(actor=actor, action="registry.model.created", target=model, on_behalf=on_behalf)
    audit(actor=actor, action="registry.year.registered" if register else "registry.year.created", target=dvk_year,
          on_behalf=on_behalf, changes={"year": [None, year], "status": [None, dvk_year.status]})
    sync_facts(model)
    return model


@transaction.atomic
def update_model(*, actor, model: DvkModel, data: dict, expected_version: int | None,
                 on_behalf: bool = False) -> DvkModel:
    """Change a model's registration contents. Refused when somebody saved it after `expected_version`."""
    ensure_can(actor, WRITE, model.unit, on_behalf=on_behalf)
    if model.is_discontinued:
        raise ValidationError(_("Mô hình đã ngừng thực hiện, không sửa được."))
    latest = model.years.order_by("-year").first()
    if latest and latest.status not in DvkYear.EDITABLE_STATES:
        raise ValidationError(_("Chỉ sửa được khi năm %(year)s đang ở trạng thái dự thảo, đã đăng ký hoặc bị trả "
                                "lại (hiện: %(status)s).") % {"year": latest.year,
                                                              "status": latest.get_status_display()})
    before = snapshot(model)
    for name in MODEL_FIELDS:
        if name in data:
            setattr(model, name, data[name])
    model.name = (model.name or "").strip()
    _validate_model(model)
    for dvk_year in model.years.all():
        _check_duplicate(unit=model.unit, year=dvk_year.year, name=model.name, exclude_model=model.pk)
    model.search_text = search_text_for(model)
    save_versioned(model, expected_version=expected_version,
                   update_fields=[*MODEL_FIELDS, "search_text"])
    _copy_to_years(model)
    audit(actor=actor, action="registry.model.updated", target=model, on_behalf=on_behalf,
          changes=diff(before, snapshot(model)))
    sync_facts(model)
    return model


def _locked_year(dvk_year: DvkYear, expected_version: int | None) -> DvkYear:
    return lock(dvk_year, expected_version, related=("model", "unit"), message=_(
        "Bản ghi này vừa được người khác xử lý sau khi bạn mở. Hãy tải lại trang; thao tác của bạn chưa được "
        "thực hiện."))


@transaction.atomic
def register_year(*, actor, model: DvkModel, year: int, registered_on: datetime.date | None = None,
                  on_behalf: bool = False) -> DvkYear:
    """Register an existing model for another year (yearly re-assessment keeps one model record)."""
    ensure_can(actor, WRITE, model.unit, on_behalf=on_behalf)
    if model.is_discontinued:
        raise ValidationError({"year": _("Năm đăng ký: mô hình đã ngừng thực hiện, không đăng ký thêm năm.")})
    _check_year(year)
    _check_unit_year(model.unit, year)
    if model.years.filter(year=year).exists():
        raise ValidationError({"year": _("Năm đăng ký: mô hình đã được đăng ký năm %(year)s.") % {"year": year}})
    _check_duplicate(unit=model.unit, year=year, name=model.name, exclude_model=model.pk)
    registered_on = registered_on or timezone.localdate()
    _check_registered_on(registered_on, year)
    # Registered twice at once: the second request gets the conflict its own check above would give (409).
    dvk_year = insert_unique(DvkYear(model=model, year=year, status=S.REGISTERED, registered_on=registered_on,
                                     unit=model.unit, field=model.field, sector=model.sector, subject=model.subject,
                                     kind=model.kind))
    audit(actor=actor, action="registry.year.registered", target=dvk_year, on_behalf=on_behalf,
          changes={"year": [None, year], "status": [None, S.REGISTERED], "registered_on": [None, registered_on]})
    sync_facts(model)
    return dvk_year


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


@transaction.atomic
def mark_replicated(*, actor, original: DvkModel, copy: DvkModel, on_behalf: bool = False) -> DvkModel:
    """Record that `copy` replicates (nhân rộng) the recognised model `original`."""
    ensure_can(actor, WRITE, copy.unit, on_behalf=on_behalf)
    ensure_can(actor, "view", original.unit)
    if original.pk == copy.pk:
        raise ValidationError({"replicated_from": _("Nhân rộng từ mô hình: không thể là chính mô hình này.")})
    if not original.years.filter(status__in=DvkYear.RECOGNISED_STATES).exists():
        raise ValidationError({"replicated_from": _("Nhân rộng từ mô hình: chỉ nhân rộng mô hình đã được công nhận.")})
    before = copy.replicated_from_id
    copy.replicated_from = original
    copy.save(update_fields=["replicated_from", "updated_at"])
    audit(actor=actor, action="registry.model.replicated", target=copy, on_behalf=on_behalf,
          changes={"replicated_from": [before, original.pk]})
    audit(actor=actor, action="registry.model.replicated_by", target=original, note=str(copy), unit=original.unit)
    return copy


@transaction.atomic
def discontinue(*, actor, model: DvkModel, on: datetime.date | None, reason: str, on_behalf: bool = False,
                expected_version: int | None = None) -> DvkModel:
    ensure_can(actor, WRITE, model.unit, on_behalf=on_behalf)
    if model.is_discontinued:
        raise ValidationError(_("Mô hình đã ngừng thực hiện từ trước."))
    if not (reason or "").strip():
        raise ValidationError({"discontinued_reason": _("Lý do ngừng: không được để trống.")})
    model.discontinued_on = on or timezone.localdate()
    model.discontinued_reason = reason.strip()
    save_versioned(model, expected_version=expected_version, update_fields=["discontinued_on", "discontinued_reason"])
    audit(actor=actor, action="registry.model.discontinued", target=model, on_behalf=on_behalf, note=reason.strip(),
          changes={"discontinued_on": [None, model.discontinued_on]})
    return model


__all__ = [
    "create_model", "update_model", "register_year", "submit", "start_assessment", "return_for_changes", "recognise",
    "not_recognise", "honour", "mark_replicated", "discontinue", "record_assessment", "add_criterion", "add_field",
    "check_recognition", "fields_for_unit", "criteria_for", "can_assess", "province_keys",
]
