"""The registry's validation: fields, years, dates, duplicates. Shared by the record and workflow services."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.text import fold
from danvan.orgunits.models import OrgUnit

from ..models import DvkModel, DvkYear
from ..rules import fields_for_unit, is_inside, year_bounds

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
