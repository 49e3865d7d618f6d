"""Small shared rules: reporting-year bounds, provinces of a unit, who may recognise at which level,
and the facts a model contributes (the counting rule for the reporting engine, written once)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q

from danvan.accounts.permissions import LEVEL_RANK as _PERMISSION_RANKS
from danvan.accounts.permissions import can_recognise, can_record_recognition, is_inside
from danvan.reports.facts import Fact, replace_facts, replace_facts_bulk

from .models import DvkModel, DvkYear, Field, Level

FACT_SOURCE = "registry.model"
LEVEL_RANK = {level: _PERMISSION_RANKS[level.value] for level in Level}
__all__ = ["can_recognise", "can_record_recognition", "is_inside"]  # the gatekeeper's rules, re-exported


def _year_start() -> tuple[int, int]:
    month, day = (int(part) for part in str(getattr(settings, "REPORTING_YEAR_START", "01-01")).split("-"))
    return month, day


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of reporting year `year` (settings.REPORTING_YEAR_START, e.g. "12-15")."""
    month, day = _year_start()
    if (month, day) == (1, 1):
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = datetime.date(year - 1, month, day)
    end = datetime.date(year, month, day) - datetime.timedelta(days=1)
    return start, end


def reporting_year(day: datetime.date) -> int:
    """The reporting year a date belongs to."""
    month, day_of_month = _year_start()
    if (month, day_of_month) == (1, 1):
        return day.year
    return day.year + 1 if (day.month, day.day) >= (month, day_of_month) else day.year


def province_keys(unit) -> set[str]:
    """Keys of the province a unit lies in, historically and on today's boundaries."""
    keys = set()
    for path in (unit.path, unit.current_path or ""):
        parts = [p for p in path.split("/") if p]
        if len(parts) >= 2:
            keys.add(parts[1])
    return keys


def fields_for_unit(unit):
    """Standard fields plus those the unit's province added."""
    return Field.objects.filter(Q(province__isnull=True) | Q(province__key__in=province_keys(unit)), is_active=True)



# --- facts: THE counting rule towards the reporting engine ------------------------------------------------

RECOGNISED_BY_LEVEL = "dvk.recognised.by_level"


def facts_for(model: DvkModel, years: list[DvkYear], *, field_code: str, sector_code: str) -> list[Fact]:
    """What one model contributes to the indicators.

    - `dvk.registered`: one per year in which the model is registered (any status after draft),
      on the registration date, category = field code, sector = sector code.
    - `dvk.recognised.collective` / `dvk.recognised.individual`: one per recognition (status
      recognised or honoured), on the recognition date, category = field code, sector = sector code.
    - `dvk.recognised.by_level`: the same recognitions, category = the recognising body's level.
    The unit is always the registering unit; the level is left to the unit's own level.
    """
    facts = []
    recognised = "dvk.recognised.individual" if model.subject == DvkModel.Subject.INDIVIDUAL \
        else "dvk.recognised.collective"
    for year in years:
        if year.status in DvkYear.REGISTERED_STATES and year.registered_on:
            facts.append(Fact("dvk.registered", model.unit_id, year.registered_on, 1, field_code, sector_code))
        if year.status in DvkYear.RECOGNISED_STATES and year.recognised_on:
            facts.append(Fact(recognised, model.unit_id, year.recognised_on, 1, field_code, sector_code))
            if year.recognition_level:
                # The level of the body that recognised it (the statistics page's "Công nhận theo cấp").
                facts.append(Fact(RECOGNISED_BY_LEVEL, model.unit_id, year.recognised_on, 1,
                                  year.recognition_level, sector_code))
    return facts


def sync_facts(model: DvkModel) -> None:
    """Recompute and store the facts of one model (call inside the writing transaction)."""
    model = DvkModel.objects.select_related("field", "sector").get(pk=model.pk)
    years = list(model.years.all())
    replace_facts(source=FACT_SOURCE, source_id=model.pk, facts=facts_for(
        model, years, field_code=model.field.code, sector_code=model.sector.code if model.sector_id else ""))


def sync_facts_bulk(model_ids: list[int]) -> None:
    facts_by_id: dict[int, list[Fact]] = {}
    for start in range(0, len(model_ids), 2000):
        chunk = model_ids[start:start + 2000]
        models = DvkModel.objects.select_related("field", "sector").in_bulk(chunk)
        years_by_model: dict[int, list[DvkYear]] = {}
        for year in DvkYear.objects.filter(model_id__in=chunk):
            years_by_model.setdefault(year.model_id, []).append(year)
        for pk, model in models.items():
            facts_by_id[pk] = facts_for(model, years_by_model.get(pk, []), field_code=model.field.code,
                                        sector_code=model.sector.code if model.sector_id else "")
    replace_facts_bulk(source=FACT_SOURCE, facts_by_id=facts_by_id)


def rebuild_all_facts(batch: int = 5000) -> int:
    """Re-derive the facts of every model (after `facts_for` changed; run by `reports.upkeep`)."""
    from django.db import transaction

    total, last = 0, 0
    while True:
        ids = list(DvkModel.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return total
        with transaction.atomic():
            sync_facts_bulk(ids)
        total += len(ids)
        last = ids[-1]
