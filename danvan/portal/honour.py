"""The public honour roll (Bảng vinh danh), read live from the registry.

Only PUBLIC_FIELDS leave this module: no contact data, no personal identifiers, no assessment scores,
attachments, notes or reasons for refusal.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from danvan.orgunits.models import OrgUnit
from danvan.registry.models import DvkModel, DvkYear, Field
from danvan.registry.selectors import public_recognitions

PUBLIC_FIELDS = ("name", "kind", "subject", "holder", "field", "unit", "province", "content_method", "outputs",
                 "recognitions")


@dataclass
class Recognition:
    year: int
    level: str
    body: str
    decision: str
    decision_date: object
    honour: str
    honour_event: str


@dataclass
class PublicModel:
    pk: int
    name: str
    kind: str
    subject: str
    holder: str
    field: str
    unit: str
    province: str
    content_method: str
    outputs: str
    recognitions: list[Recognition]


def provinces() -> QuerySet:
    """Today's provinces (the 34 units since 1/7/2025)."""
    return OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE, valid_to__isnull=True).order_by("name")


def _province_of(unit: OrgUnit) -> OrgUnit | None:
    parts = [part for part in (unit.current_path or unit.path).split("/") if part]  # "VN/VN-92/…/"
    if len(parts) < 2:
        return None
    return OrgUnit.objects.filter(path=f"{parts[0]}/{parts[1]}/").first()


def roll(*, province: OrgUnit | None = None, year: int | None = None, field: str = "") -> QuerySet:
    return public_recognitions(province=province, year=year, field=field).select_related(
        "model", "unit", "field").only(
        "id", "recognised_year", "recognition_level", "recognised_on", "honour_level", "model__id", "model__name",
        "model__kind", "model__subject", "model__person_name", "model__group_name", "model__collective_unit",
        "model__unit", "unit__name", "unit__current_path", "unit__path", "field__name")


def years() -> list[int]:
    return sorted(set(public_recognitions().values_list("recognised_year", flat=True)), reverse=True)


def fields() -> QuerySet:
    return Field.objects.filter(is_active=True)


def public_model(pk: int) -> PublicModel | None:
    """The public page of a model: None unless it was recognised at least once."""
    rows = list(public_recognitions().filter(model_id=pk).select_related("model", "model__unit", "model__field",
                                                                        "model__collective_unit"))
    if not rows:
        return None
    model: DvkModel = rows[0].model
    province = _province_of(model.unit)
    return PublicModel(
        pk=model.pk, name=model.name, kind=model.get_kind_display(), subject=model.get_subject_display(),
        holder=model.holder, field=model.field.name, unit=model.unit.name,
        province=province.name if province else "", content_method=model.content_method, outputs=model.outputs,
        recognitions=[Recognition(r.recognised_year, r.get_recognition_level_display(), r.recognising_body,
                                  r.decision_number, r.decision_date, r.get_honour_level_display(), r.honour_event)
                      for r in rows],
    )


def honour_teaser(limit: int = 5) -> list[DvkYear]:
    return list(roll()[:limit])


def search(query: str) -> QuerySet:
    from danvan.core.text import search_terms

    qs = roll()
    terms = search_terms(query)
    if not terms:
        return qs.none()
    for term in terms:
        qs = qs.filter(model__search_text__contains=term)
    return qs
