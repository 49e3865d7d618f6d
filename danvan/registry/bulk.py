"""Bulk writes of models and model-years for the importer: the same rules as `services`, in a few queries.

The importer validates every row first (all-or-nothing, with row and column); this service then writes all
rows in one transaction: new models and years with `bulk_create`, changed ones saved one by one, every change
audited through one `core.audit.audit_bulk`, and the reporting facts synced once (`rules.sync_facts_bulk`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from danvan.accounts.permissions import WRITE, ensure_can, is_write_on_behalf
from danvan.core.audit import audit_bulk, diff, snapshot
from danvan.core.imports import ImportResult
from danvan.orgunits.models import OrgUnit

from .models import DvkModel, DvkYear
from .rules import sync_facts_bulk

YEAR_COPIED = ("field", "sector", "subject", "kind")


@dataclass
class ModelRow:
    """One validated row: a model (new, or `existing`) and its status in one year."""

    line: int
    ref: str
    unit: OrgUnit
    year: int
    data: dict[str, Any]
    year_data: dict[str, Any]
    existing: DvkModel | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _search_text(model: DvkModel) -> str:
    from .services import search_text_for

    return search_text_for(model)


@transaction.atomic
def models_import_bulk(*, actor, rows: list[ModelRow]) -> ImportResult:
    """Create or update the models and model-years of validated import rows; returns the counts."""
    result = ImportResult()
    on_behalf: dict[int, bool] = {}
    for unit in {row.unit.pk: row.unit for row in rows}.values():
        ensure_can(actor, WRITE, unit, on_behalf=True)
        on_behalf[unit.pk] = is_write_on_behalf(actor, unit)
    creator = actor if getattr(actor, "pk", None) else None
    entries: list[dict[str, Any]] = []

    # 1. models: one new model per reference (or per reference-less row), existing ones updated in place.
    model_of: list[DvkModel] = []
    new_models: list[DvkModel] = []
    by_ref: dict[str, DvkModel] = {}
    changed_models: set[int] = set()
    for row in rows:
        model = row.existing or (by_ref.get(row.ref) if row.ref else None)
        if model is None:
            model = DvkModel(unit=row.unit, external_ref=row.ref or None, created_by=creator, **row.data)
            model.search_text = _search_text(model)
            new_models.append(model)
            if row.ref:
                by_ref[row.ref] = model
        elif model.pk and model.pk not in changed_models and row.existing is not None:
            before = snapshot(model)
            for name, value in row.data.items():
                setattr(model, name, value)
            model.search_text = _search_text(model)
            changes = diff(before, snapshot(model))
            if changes:
                model.version += 1
                model.save()
                DvkYear.objects.filter(model=model).update(**{name: getattr(model, name) for name in YEAR_COPIED})
                entries.append({"actor": actor, "action": "registry.model.import_updated", "target": model,
                                "changes": changes, "on_behalf": on_behalf[row.unit.pk]})
                changed_models.add(model.pk)
        model_of.append(model)
    DvkModel.objects.bulk_create(new_models, batch_size=500)
    new_ids = {model.pk for model in new_models}
    entries.extend({"actor": actor, "action": "registry.model.imported", "target": model, "created": True,
                    "on_behalf": on_behalf[model.unit_id]} for model in new_models)

    # 2. years: the existing (model, year) rows in one query, then create or compare.
    known_ids = [model.pk for model in model_of if model.pk not in new_ids]
    years = {(y.model_id, y.year): y for y in DvkYear.objects.filter(model_id__in=known_ids)} if known_ids else {}
    new_years: list[DvkYear] = []
    touched: set[int] = set(new_ids) | changed_models
    for row, model in zip(rows, model_of, strict=True):
        dvk_year = years.get((model.pk, row.year))
        if dvk_year is None:
            dvk_year = DvkYear(model=model, year=row.year, unit=row.unit, **row.year_data,
                               **{name: getattr(model, name) for name in YEAR_COPIED})
            years[(model.pk, row.year)] = dvk_year
            new_years.append(dvk_year)
            touched.add(model.pk)
            row.extra["year_changed"] = True
            continue
        if dvk_year.pk is None:  # two rows for the same new year: the later one wins, as before
            for name, value in row.year_data.items():
                setattr(dvk_year, name, value)
            continue
        year_changes = {k: [getattr(dvk_year, k), v] for k, v in row.year_data.items() if getattr(dvk_year, k) != v}
        row.extra["year_changed"] = bool(year_changes)
        if year_changes:
            for name, (_old, new) in year_changes.items():
                setattr(dvk_year, name, new)
            dvk_year.version += 1
            dvk_year.save()
            entries.append({"actor": actor, "action": "registry.year.import_updated", "target": dvk_year,
                            "changes": year_changes, "on_behalf": on_behalf[row.unit.pk]})
            touched.add(model.pk)
    DvkYear.objects.bulk_create(new_years, batch_size=500)
    entries.extend({"actor": actor, "action": "registry.year.imported", "target": y, "on_behalf": on_behalf[y.unit_id],
                    "changes": {k: [None, getattr(y, k)] for k in rows[0].year_data if getattr(y, k) not in ("", None)}}
                   for y in new_years)
    audit_bulk(entries)

    counted: set[int] = set()
    for row, model in zip(rows, model_of, strict=True):
        if model.pk in new_ids:
            if model.pk not in counted:
                result.created += 1
                counted.add(model.pk)
            elif row.extra.get("year_changed"):
                result.updated += 1
        elif model.pk in changed_models or row.extra.get("year_changed"):
            result.updated += 1
        else:
            result.unchanged += 1
    sync_facts_bulk(sorted(touched))
    return result
