"""Reads over the registry: the filtered list, the honour roll, history, and THE counting rules.

Counting rules (the dashboard, the exports and the annual report call these; docs/registry.md repeats them):

- registered(unit, Y)  = model-years of reporting year Y whose status is past draft (registered, under
  assessment, returned, recognised, not recognised, honoured) and whose registering unit lies in the
  unit's subtree. A model counts once per year (one DvkYear per model and year).
- recognised(unit, Y)  = model-years recognised (status recognised or honoured) with a recognition date
  in reporting year Y. A model is recognised at most once per reporting year, whatever the level, so
  it counts once (enforced by a constraint).
- Both are split collective / individual (the model's subject), by field (code), by sector (code), and
  recognised by recognising level (commune / district / province / central).
- cumulative(unit, Y1, Y2) = the sums of the yearly figures over Y1..Y2 (registrations, not distinct
  models: a model registered in three years counts three times — the way the movement's "hơn 900.000
  mô hình, điển hình trong 10 năm" is reported); `distinct_models=True` adds the distinct count.
- boundaries="historical": a unit's subtree as it was (path); "current": everything whose territory is
  today inside the unit (current_path), so a former Hậu Giang commune's models count for Cần Thơ.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from danvan.accounts.permissions import scope
from danvan.core.audit import knowing
from danvan.core.models import AuditEvent
from danvan.core.text import search_terms
from danvan.orgunits.models import OrgUnit, Sector

from .models import Attachment, DvkModel, DvkYear, Field, Level

SORTS = {
    "moi": ("-id",),
    "cu": ("id",),
    "ten": ("model__name", "id"),
    "ngay-dang-ky": (F("registered_on").desc(nulls_last=True), "-id"),
    "ngay-cong-nhan": (F("recognised_on").desc(nulls_last=True), "-id"),
    "don-vi": ("unit__path", "-id"),
}


@dataclass
class ListFilters:
    unit: OrgUnit | None = None
    year: int | None = None
    status: str = ""
    field: str = ""  # field code
    subject: str = ""
    kind: str = ""
    level: str = ""  # recognition level
    sector: str = ""  # sector code
    q: str = ""
    sort: str = "moi"


def subtree_q(unit: OrgUnit | None, boundaries: str = "historical") -> Q:
    """Rows whose unit lies in `unit`'s subtree (historical paths, today's boundaries, or both).

    Written as `unit_id IN (SELECT id FROM orgunit WHERE path LIKE 'VN/VN-01/%')` so the database
    can start from the (few) units and use the (unit, year) indexes instead of joining every row.
    """
    if unit is None or unit.parent_id is None:
        return Q()  # the nation: everything
    if boundaries == "current":
        units = OrgUnit.objects.filter(current_path__startswith=unit.path)
    elif boundaries == "both":
        units = OrgUnit.objects.filter(Q(path__startswith=unit.path) | Q(current_path__startswith=unit.path))
    else:
        units = OrgUnit.objects.filter(path__startswith=unit.path)
    return Q(unit_id__in=units.values("id"))


def year_rows(user, filters: ListFilters) -> QuerySet:
    """The model-years a user may see, filtered and sorted (one row per model and year)."""
    qs = scope(DvkYear.objects.all(), user)
    if filters.unit is not None:
        qs = qs.filter(subtree_q(filters.unit, "both"))
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    # Codes are resolved to ids first so the planner sees a plain column filter, not a join.
    if filters.field:
        qs = qs.filter(field_id=Field.objects.filter(code=filters.field).values_list("pk", flat=True).first())
    if filters.subject:
        qs = qs.filter(subject=filters.subject)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.level:
        qs = qs.filter(recognition_level=filters.level)
    if filters.sector:
        qs = qs.filter(sector_id=Sector.objects.filter(code=filters.sector).values_list("pk", flat=True).first())
    for term in search_terms(filters.q):
        qs = qs.filter(model__search_text__contains=term)
    return qs.order_by(*ordering(filters.sort))


# Columns the list's headers sort by (?sap_xep=ten, ?sap_xep=-ten); the named orders above serve the select.
COLUMN_SORTS = {"ten": "model__name", "don-vi": "unit__path", "nam": "year", "linh-vuc": "field__order",
                "doi-tuong": "subject", "trang-thai": "status", "dang-ky": "registered_on"}


def ordering(sort: str) -> tuple:
    if sort in SORTS:
        return SORTS[sort]
    name, descending = sort.lstrip("-"), sort.startswith("-")
    if name not in COLUMN_SORTS:
        return SORTS["moi"]
    column = F(COLUMN_SORTS[name])
    return (column.desc(nulls_last=True) if descending else column.asc(nulls_last=True),
            "-id" if descending else "id")


LIST_DEFERRED = ("model__search_text", "unit__search_text", *(f"model__{name}" for name in DvkModel.CONTENT_FIELDS))


def page_of(qs: QuerySet, page: int, size: int = 50) -> dict:
    """One page without any COUNT over the filtered table: fetch size+1 rows to know if a next page exists.

    A total is given only when it is free (everything fits on the first page); exact figures come from
    the counting functions below. At 2 million rows even a count capped at 1.000 cost 0,2–0,7 s for
    broad searches on PostgreSQL, more than the page itself.
    """
    page = max(1, page)
    # Two steps: the ids of the page (joins only where a filter or the order needs them), then the
    # rows with their related records, so the database never joins more than one page of models.
    ids = list(qs.values_list("pk", flat=True)[(page - 1) * size: page * size + 1])
    found = qs.model.objects.select_related("model", "unit", "field", "sector").defer(*LIST_DEFERRED).in_bulk(ids)
    rows = [found[pk] for pk in ids if pk in found]
    has_next = len(rows) > size
    rows = rows[:size]
    total = len(rows) if page == 1 and not has_next else None
    return {"rows": rows, "number": page, "has_next": has_next, "has_previous": page > 1, "total": total,
            "first_row": (page - 1) * size + 1, "last_row": (page - 1) * size + len(rows),
            "next": page + 1, "previous": page - 1}


def honour_roll(user, unit: OrgUnit, year: int) -> QuerySet:
    """Models recognised in reporting year `year` in the unit's subtree: highest level first, then by field
    and decision date (not by name: sorting thousands of names of a province costs a join per row)."""
    order = {Level.CENTRAL: 0, Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3}
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(*[When(recognition_level=k, then=Value(v)) for k, v in order.items()], default=Value(9),
                output_field=IntegerField())
    return (scope(DvkYear.objects.all(), user).filter(subtree_q(unit, "both"), recognised_year=year)
            .annotate(rank=rank).order_by("rank", "field__order", "recognised_on", "id"))


def history(model: DvkModel, *, years=None, attachments=None) -> QuerySet:
    """Audit events of a model, its years and its attachments, newest first (`years` and `attachments`: the
    ones the page has read already, so they are not read again)."""
    year_ids = ([str(y.pk) for y in years] if years is not None
                else [str(pk) for pk in model.years.values_list("pk", flat=True)])
    attachment_ids = ([str(a.pk) for a in attachments] if attachments is not None
                      else [str(pk) for pk in Attachment.objects.filter(model=model).values_list("pk", flat=True)])
    return knowing(AuditEvent.objects.filter(
        Q(target_type="registry.dvkmodel", target_id=str(model.pk))
        | Q(target_type="registry.dvkyear", target_id__in=year_ids)
        | Q(target_type="registry.attachment", target_id__in=attachment_ids)
    ).select_related("actor", "unit"), model)


# --- counting ---------------------------------------------------------------------------------------------

def _empty() -> dict:
    return {
        "registered": 0, "registered_collective": 0, "registered_individual": 0,
        "recognised": 0, "recognised_collective": 0, "recognised_individual": 0,
        "registered_by_field": {}, "recognised_by_field": {},
        "registered_by_sector": {}, "recognised_by_sector": {},
        "recognised_by_level": {},
    }


def _tally(registered_rows, recognised_rows) -> dict:
    fields = dict(Field.objects.values_list("pk", "code"))
    sectors = dict(Sector.objects.values_list("pk", "code"))
    out = _empty()
    for key, by in (("registered", registered_rows), ("recognised", recognised_rows)):
        by_field: dict[str, int] = defaultdict(int)
        by_sector: dict[str, int] = defaultdict(int)
        by_level: dict[str, int] = defaultdict(int)
        for row in by:
            n = row["n"]
            out[key] += n
            out[f"{key}_{'individual' if row['subject'] == DvkModel.Subject.INDIVIDUAL else 'collective'}"] += n
            by_field[fields.get(row["field_id"], "")] += n
            by_sector[sectors.get(row["sector_id"], "")] += n
            if "recognition_level" in row:
                by_level[row["recognition_level"]] += n
        out[f"{key}_by_field"] = dict(by_field)
        out[f"{key}_by_sector"] = dict(by_sector)
        if key == "recognised":
            out["recognised_by_level"] = dict(by_level)
    return out


def _registered(unit: OrgUnit, boundaries: str) -> QuerySet:
    return DvkYear.objects.filter(subtree_q(unit, boundaries)).exclude(status=DvkYear.Status.DRAFT)


def _recognised(unit: OrgUnit, boundaries: str) -> QuerySet:
    return DvkYear.objects.filter(subtree_q(unit, boundaries), recognised_year__isnull=False)


def counts(*, unit: OrgUnit, year: int, boundaries: str = "historical") -> dict:
    """The registry figures of one reporting year for a unit subtree (see the module docstring)."""
    return cumulative(unit=unit, first_year=year, last_year=year, boundaries=boundaries)


def cumulative(*, unit: OrgUnit, first_year: int, last_year: int, boundaries: str = "historical",
               distinct_models: bool = False) -> dict:
    """Sums of the yearly figures over first_year..last_year (both included)."""
    group = ("subject", "field_id", "sector_id")
    registered = _registered(unit, boundaries).filter(year__range=(first_year, last_year))
    recognised = _recognised(unit, boundaries).filter(recognised_year__range=(first_year, last_year))
    out = _tally(
        registered.values(*group).annotate(n=Count("id")).order_by(),
        recognised.values(*group, "recognition_level").annotate(n=Count("id")).order_by(),
    )
    if distinct_models:
        out["registered_models"] = registered.values("model_id").distinct().count()
        out["recognised_models"] = recognised.values("model_id").distinct().count()
    return out


def counts_by_child(*, unit: OrgUnit, year: int, children: list[OrgUnit], boundaries: str = "historical") -> list:
    """Registered and recognised per child unit (for breakdown tables)."""
    rows = []
    for child in children:
        figures = counts(unit=child, year=year, boundaries=boundaries)
        rows.append({"unit": child, "registered": figures["registered"], "recognised": figures["recognised"]})
    return rows


# --- figures read from the reporting engine (statistics page, home panel) ------------------------------------

ENGINE_CODES = ["dvk.registered", "dvk.recognised", "dvk.recognised.collective", "dvk.recognised.individual"]


def engine_figures(*, unit: OrgUnit, first_year: int, last_year: int, boundaries: str = "historical") -> dict:
    """The registry figures of reporting years first_year..last_year, from the reporting engine — the numbers
    of the home page, the annual report and the API (an entered aggregate replaces records only inside its own
    period). Same keys as `cumulative`; a figure without any data is None ("no data" is not 0)."""
    from danvan.reports import selectors as engine

    out = _empty()
    present: set[str] = set()
    keys = {"dvk.registered": "registered", "dvk.recognised": "recognised",
            "dvk.recognised.collective": "recognised_collective", "dvk.recognised.individual": "recognised_individual"}
    coverage = {}
    for year in range(first_year, last_year + 1):
        shown = engine.figure_set(unit=unit, period=str(year), indicators=ENGINE_CODES, boundaries=boundaries)
        coverage = shown["coverage"]
        for code, key in keys.items():
            if shown["values"][code] is not None:
                present.add(key)
                out[key] += int(shown["values"][code])
        for by, suffix in (("category", "by_field"), ("sector", "by_sector")):
            split = engine.breakdowns(unit=unit, period=str(year), indicators=["dvk.registered", "dvk.recognised"],
                                      by=by, boundaries=boundaries)
            for code, prefix in (("dvk.registered", "registered"), ("dvk.recognised", "recognised")):
                target = out[f"{prefix}_{suffix}"]
                for label, value in split[code].items():
                    target[label] = target.get(label, 0) + int(value)
        levels = engine.breakdown(unit=unit, period=str(year), indicator="dvk.recognised.by_level", by="category",
                                  boundaries=boundaries)
        for label, value in levels.items():
            out["recognised_by_level"][label] = out["recognised_by_level"].get(label, 0) + int(value)
    for key in keys.values():
        if key not in present:
            out[key] = None
    for key in ("registered_collective", "registered_individual"):
        del out[key]  # not an engine figure (registrations are split by field, not by subject): never a false 0
    out["coverage"] = coverage  # of the last year shown
    out["boundaries"] = boundaries
    return out


# --- work queue (issue 15) ----------------------------------------------------------------------

def queue_counts(user) -> dict:
    """What waits for this user in the registry, in two queries.

    awaiting_assessment: registered model-years in units the user approves (start of bình xét);
    awaiting_recognition: model-years under assessment there; returned: the user's own unit's
    model-years sent back for completion, with their notes (newest first, at most 3).
    """
    from danvan.accounts.permissions import APPROVE, WRITE

    approvable = scope(DvkYear.objects.filter(
        status__in=[DvkYear.Status.REGISTERED, DvkYear.Status.UNDER_ASSESSMENT]), user, APPROVE)
    counted = approvable.order_by().aggregate(
        registered=Count("id", filter=Q(status=DvkYear.Status.REGISTERED)),
        under_assessment=Count("id", filter=Q(status=DvkYear.Status.UNDER_ASSESSMENT)))
    returned = list(scope(DvkYear.objects.filter(status=DvkYear.Status.RETURNED), user, WRITE)
                    .order_by("-id").values_list("model__name", "returned_note")[:50])
    return {"awaiting_assessment": counted["registered"], "awaiting_recognition": counted["under_assessment"],
            "returned": len(returned), "returned_notes": returned[:3]}


def public_recognitions(*, province: OrgUnit | None = None, year: int | None = None, field: str = "") -> QuerySet:
    """Recognised model-years for the public honour roll (the portal): by province on today's map (a former
    unit's models count under its successor), reporting year of recognition and field code. Newest first.
    Which rows are public is the gatekeeper's decision (permissions.public_honour_q)."""
    from danvan.accounts.permissions import public_honour_q

    qs = DvkYear.objects.filter(public_honour_q())
    if province is not None:
        qs = qs.filter(subtree_q(province, "current"))
    if year:
        qs = qs.filter(recognised_year=year)
    if field:
        qs = qs.filter(field__code=field)
    return qs.order_by("-recognised_year", "-recognised_on", "-id")
