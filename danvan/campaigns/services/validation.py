"""Validation shared by the campaign writes: amounts in đồng, days, participating units."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.clock import today as _today
from danvan.core.formatting import format_date_short
from danvan.core.parsing import parse_decimal
from danvan.orgunits.models import OrgUnit

from ..models import Campaign

# -- shared validation --------------------------------------------------------------------------------------


def to_vnd(value, *, field: str, label: str, allow_zero: bool = False) -> Decimal:
    """An exact amount in đồng: a Decimal, int or numeric string with no fractional part; never a float."""
    if isinstance(value, float):
        raise ValidationError({field: _("“%(label)s” phải là số chính xác, không dùng số thực dấu phẩy động.")
                               % {"label": label}}, code="float")
    if isinstance(value, bool) or value in (None, ""):
        raise ValidationError({field: _("“%(label)s” không được để trống.") % {"label": label}}, code="required")
    # Text is read by the one parser of forms, files and the API: "50.000.000", "17,6", "50000000".
    parsed = parse_decimal(value) if isinstance(value, str) else None
    try:
        amount = parsed if parsed is not None else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("“%(label)s”: “%(v)s” không phải là số.") % {"label": label, "v": value}},
                              code="invalid") from None
    if not amount.is_finite():
        raise ValidationError({field: _("“%(label)s” không hợp lệ.") % {"label": label}}, code="invalid")
    if amount != amount.to_integral_value():
        raise ValidationError({field: _("“%(label)s” tính bằng đồng, không có phần thập phân (nhận được %(v)s).")
                               % {"label": label, "v": value}}, code="precision")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: _("“%(label)s” phải lớn hơn 0.") % {"label": label}}, code="not_positive")
    if len(amount.to_integral_value().as_tuple().digits) > 18:
        raise ValidationError({field: _("“%(label)s” quá lớn.") % {"label": label}}, code="too_large")
    return amount.quantize(Decimal(1))


def _check_day(day, *, field: str, label: str) -> datetime.date:
    if not isinstance(day, datetime.date):
        raise ValidationError({field: _("“%(label)s” không được để trống.") % {"label": label}}, code="required")
    if day > _today():
        raise ValidationError({field: _("“%(label)s” (%(d)s) không được ở tương lai.")
                               % {"label": label, "d": format_date_short(day)}}, code="future")
    return day


def _check_participates(campaign: Campaign, unit: OrgUnit, *, field: str = "unit") -> None:
    if not campaign.includes_unit(unit):
        raise ValidationError({field: _("Đơn vị “%(unit)s” không tham gia cuộc vận động “%(c)s”.")
                               % {"unit": unit.name, "c": campaign.name}}, code="outside_campaign")


def _check_unit_exists_on(unit: OrgUnit, day: datetime.date, *, field: str = "unit") -> None:
    if not unit.is_valid_on(day):
        raise ValidationError({field: _("Đơn vị “%(unit)s” không tồn tại vào ngày %(d)s.")
                               % {"unit": unit.name, "d": format_date_short(day)}}, code="unit_not_valid")
