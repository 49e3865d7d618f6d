"""Writes to a model's own record: create, update, register another year, replicate, discontinue."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import WRITE, can, ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.concurrency import save_versioned
from danvan.core.db import insert_unique
from danvan.orgunits.models import OrgUnit

from ..models import DvkModel, DvkYear
from ..rules import sync_facts
from .checks import (
    MODEL_FIELDS,
    S,
    _check_duplicate,
    _check_registered_on,
    _check_unit_year,
    _check_year,
    _validate_model,
    search_text_for,
)


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
