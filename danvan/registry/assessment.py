"""Assessment criteria (per province), scoring sheets, and the fields a province adds."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import WRITE, can_assess, ensure_can
from danvan.core.audit import audit, audit_create
from danvan.core.text import fold
from danvan.orgunits.models import OrgUnit

from .models import Assessment, Criterion, DvkYear, Field
from .rules import fields_for_unit, province_keys


def criteria_for(unit: OrgUnit):
    return Criterion.objects.filter(unit__key__in=province_keys(unit), is_active=True).order_by("order", "id")


@transaction.atomic
def record_assessment(*, actor, dvk_year: DvkYear, scores: dict, comment: str = "") -> Assessment:
    """An assessor scores a model under assessment against its province's criteria (one sheet per assessor)."""
    if not can_assess(actor, dvk_year.unit):
        raise PermissionDenied(_("Bạn không có quyền chấm điểm mô hình của đơn vị này."))
    if dvk_year.status != DvkYear.Status.UNDER_ASSESSMENT:
        raise ValidationError(_("Chỉ chấm điểm mô hình đang bình xét."))
    criteria = {str(c.pk): c for c in criteria_for(dvk_year.unit)}
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for key, raw in (scores or {}).items():
        criterion = criteria.get(str(key))
        if criterion is None:
            errors.setdefault("scores", []).append(_("Tiêu chí %(k)s không thuộc bộ tiêu chí của tỉnh.") % {"k": key})
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors.setdefault("scores", []).append(_("Điểm tiêu chí “%(c)s” phải là số nguyên.") % {"c": criterion})
            continue
        maximum = criterion.max_score if criterion.max_score is not None else 1
        if not 0 <= value <= maximum:
            errors.setdefault("scores", []).append(_("Điểm tiêu chí “%(c)s” phải từ 0 đến %(m)s.")
                                                   % {"c": criterion, "m": maximum})
            continue
        clean[str(key)] = value
    if errors:
        raise ValidationError(errors)
    assessment, created = Assessment.objects.update_or_create(
        dvk_year=dvk_year, assessor=actor, defaults={"scores": clean, "total": sum(clean.values()),
                                                     "comment": (comment or "").strip()})
    audit(actor=actor, action="registry.assessment.recorded", target=dvk_year, note=assessment.comment,
          changes={"scores": [None, clean], "total": [None, assessment.total]})
    return assessment


@transaction.atomic
def add_criterion(*, actor, province: OrgUnit, name: str, max_score: int | None = None, order: int = 100) -> Criterion:
    if province.level != OrgUnit.Level.PROVINCE:
        raise ValidationError({"unit": _("Bộ tiêu chí do cấp tỉnh cấu hình.")})
    ensure_can(actor, WRITE, province)
    criterion = Criterion(unit=province, name=(name or "").strip(), max_score=max_score, order=order)
    if not criterion.name:
        raise ValidationError({"name": _("Tiêu chí: không được để trống.")})
    criterion.full_clean()
    criterion.save()
    audit_create(actor=actor, action="registry.criterion.created", target=criterion)
    return criterion


@transaction.atomic
def add_field(*, actor, province: OrgUnit, name: str) -> Field:
    """A province adds its own field (lĩnh vực) next to the four standard ones."""
    if province.level != OrgUnit.Level.PROVINCE:
        raise ValidationError({"province": _("Chỉ cấp tỉnh được bổ sung lĩnh vực.")})
    ensure_can(actor, WRITE, province)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Tên lĩnh vực: không được để trống.")})
    code = f"{province.key.lower()}-{fold(name).replace(' ', '-')}"[:60]
    if Field.objects.filter(code=code).exists() or fields_for_unit(province).filter(name__iexact=name).exists():
        raise ValidationError({"name": _("Tên lĩnh vực: đã có lĩnh vực “%(n)s”.") % {"n": name}})
    field = Field.objects.create(code=code, name=name, province=province, order=200)
    audit_create(actor=actor, action="registry.field.created", target=field, unit=province)
    return field
