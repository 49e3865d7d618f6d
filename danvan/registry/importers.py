"""Import of models from the XLSX/CSV template: every row validated, then all rows or none.

One row = one model in one year. The reference column ("Mã tham chiếu") makes re-imports idempotent:
a row whose reference is known updates that model (and changes nothing when the values are the
same); "DVK-<số>" references the registry's own number, as written by the exports.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import WRITE, can, is_write_on_behalf
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.imports import ImportFailed, ImportResult, RowReader, read_table
from danvan.core.text import fold
from danvan.orgunits.models import OrgUnit, Sector

from . import tabular as T
from .models import DvkModel, DvkYear, Field, Level
from .rules import can_record_recognition, reporting_year, sync_facts_bulk, year_bounds
from .services import duplicate_exists, fields_for_unit, search_text_for

S = DvkYear.Status
INTERNAL_REF = re.compile(r"^DVK-(\d+)$")
YEAR_FIELDS = ("status", "registered_on", "recognition_level", "recognising_body", "decision_number",
               "decision_date", "recognised_on", "recognised_year", "not_recognised_reason")


class _Lookups:
    def __init__(self):
        self.units: dict[str, OrgUnit | None] = {}
        self.sectors = {}
        for sector in Sector.objects.all():
            self.sectors[fold(sector.code)] = sector
            self.sectors[fold(sector.name)] = sector

    def unit(self, key: str) -> OrgUnit | None:
        key = key.strip().upper()
        if key not in self.units:
            self.units[key] = OrgUnit.objects.filter(key=key).first()
        return self.units[key]

    def field(self, unit: OrgUnit, value: str) -> Field | None:
        wanted = fold(value)
        for field in fields_for_unit(unit):
            if wanted in (fold(field.code), fold(field.name)):
                return field
        return None


def _model_by_ref(ref: str) -> DvkModel | None:
    match = INTERNAL_REF.match(ref)
    if match:
        return DvkModel.objects.filter(pk=int(match.group(1))).select_related("unit").first()
    return DvkModel.objects.filter(external_ref=ref).select_related("unit").first()


def _validate_row(actor, r: RowReader, look: _Lookups, seen: dict, seen_refs: dict) -> dict | None:
    ref = r.text(T.REF, max_length=100)
    unit = r.lookup(T.UNIT, look.unit, required=True,
                    not_found=_("không tìm thấy đơn vị có mã “%(v)s”.") % {"v": r.row.get(T.UNIT, "")})
    year = r.integer(T.YEAR, required=True, minimum=2000)
    name = r.text(T.NAME, required=True, max_length=500)
    kind = r.choice(T.KIND, DvkModel.Kind.choices) or DvkModel.Kind.MODEL
    subject = r.choice(T.SUBJECT, DvkModel.Subject.choices) or DvkModel.Subject.COLLECTIVE
    status = r.choice(T.STATUS, [(s, DvkYear.Status(s).label) for s in T.IMPORT_STATUSES]) or S.REGISTERED
    registered_on = r.date(T.REGISTERED_ON)
    level = r.choice(T.LEVEL, Level.choices) or ""
    decision_date = r.date(T.DECISION_DATE)
    recognised_on = r.date(T.RECOGNISED_ON)
    data = {
        "kind": kind, "subject": subject, "name": name,
        "group_name": r.text(T.GROUP, max_length=300), "person_name": r.text(T.PERSON, max_length=200),
        "person_position": r.text(T.POSITION, max_length=200), "person_unit": r.text(T.PERSON_UNIT, max_length=300),
        **{name_: r.text(column) for name_, column in T.CONTENT.items()},
    }
    sector_text = r.text(T.SECTOR)
    data["sector"] = None
    if sector_text:
        data["sector"] = look.sectors.get(fold(sector_text))
        if data["sector"] is None:
            r.error(T.SECTOR, _("không có khối “%(v)s”.") % {"v": sector_text})
    year_data = {"status": status, "registered_on": registered_on,
                 "recognition_level": "", "recognising_body": "", "decision_number": "", "decision_date": None,
                 "recognised_on": None, "recognised_year": None, "not_recognised_reason": ""}
    if year is not None and year > timezone.localdate().year + 1:
        r.error(T.YEAR, _("năm %(y)s chưa tới.") % {"y": year})
        year = None
    if unit is None or year is None:
        return None
    if not can(actor, WRITE, unit, on_behalf=True):
        r.error(T.UNIT, _("bạn không có quyền nhập dữ liệu cho đơn vị “%(u)s”.") % {"u": unit.name})
    start, end = year_bounds(year)
    if (unit.valid_from and unit.valid_from > end) or (unit.valid_to and unit.valid_to < start):
        r.error(T.UNIT, _("đơn vị “%(u)s” không tồn tại trong năm %(y)s.") % {"u": unit.name, "y": year})
    field_text = r.text(T.FIELD, required=True)
    data["field"] = look.field(unit, field_text) if field_text else None
    if field_text and data["field"] is None:
        r.error(T.FIELD, _("không có lĩnh vực “%(v)s” cho đơn vị này.") % {"v": field_text})
    if subject == DvkModel.Subject.INDIVIDUAL and not data["person_name"]:
        r.error(T.PERSON, _("bắt buộc với điển hình cá nhân."))
    if status != S.DRAFT:
        if registered_on is None:
            r.error(T.REGISTERED_ON, _("bắt buộc khi trạng thái là “%(s)s”.") % {"s": DvkYear.Status(status).label})
        elif not start <= registered_on <= end:
            r.error(T.REGISTERED_ON, _("phải thuộc năm %(y)s.") % {"y": year})
    if status == S.RECOGNISED:
        if not level:
            r.error(T.LEVEL, _("bắt buộc khi công nhận."))
        elif not can_record_recognition(actor, unit, level):
            r.error(T.LEVEL, _("bạn không có quyền ghi nhận công nhận ở cấp này."))
        decision = r.text(T.DECISION, max_length=100)
        if not decision:
            r.error(T.DECISION, _("bắt buộc khi công nhận."))
        if decision_date is None:
            r.error(T.DECISION_DATE, _("bắt buộc khi công nhận."))
        elif registered_on and decision_date < registered_on:
            r.error(T.DECISION_DATE, _("ngày quyết định công nhận không được trước ngày đăng ký."))
        recognised_on = recognised_on or decision_date
        if recognised_on and registered_on and recognised_on < registered_on:
            r.error(T.RECOGNISED_ON, _("ngày công nhận không được trước ngày đăng ký."))
        year_data.update({"recognition_level": level, "recognising_body": r.text(T.BODY, max_length=300),
                          "decision_number": decision, "decision_date": decision_date,
                          "recognised_on": recognised_on,
                          "recognised_year": reporting_year(recognised_on) if recognised_on else None})
    elif status == S.NOT_RECOGNISED:
        reason = r.text(T.REASON)
        if not reason:
            r.error(T.REASON, _("bắt buộc khi không công nhận."))
        year_data["not_recognised_reason"] = reason
    existing = None
    if ref:
        existing = _model_by_ref(ref)
        if INTERNAL_REF.match(ref) and existing is None:
            r.error(T.REF, _("không có mô hình số “%(v)s”.") % {"v": ref})
        if existing is not None and existing.unit_id != unit.pk:
            r.error(T.UNIT, _("mô hình “%(r)s” thuộc đơn vị “%(u)s”, không đổi đơn vị khi nhập.")
                    % {"r": ref, "u": existing.unit.name})
        if ref in seen_refs and seen_refs[ref][1] == year:
            r.error(T.REF, _("trùng với dòng %(l)s.") % {"l": seen_refs[ref][0]})
        seen_refs[ref] = (r.line, year)
    key = (unit.pk, year, " ".join(name.split()).casefold())
    if name:
        if key in seen and seen[key][1] != (ref or None):
            r.error(T.NAME, _("trùng tên mô hình với dòng %(l)s (cùng đơn vị, cùng năm).") % {"l": seen[key][0]})
        seen.setdefault(key, (r.line, ref or None))
        if duplicate_exists(unit=unit, year=year, name=name, exclude_model=existing.pk if existing else None):
            r.error(T.NAME, _("đơn vị đã đăng ký mô hình cùng tên năm %(y)s.") % {"y": year})
    if existing is not None and status == S.RECOGNISED and year_data.get("recognised_year"):
        other = DvkYear.objects.filter(model=existing, recognised_year=year_data["recognised_year"]).exclude(year=year)
        if other.exists():
            r.error(T.RECOGNISED_ON, _("mô hình đã được công nhận trong năm này."))
    if not r.ok:
        return None
    return {"line": r.line, "ref": ref, "unit": unit, "year": year, "data": data, "year_data": year_data,
            "existing": existing}


def import_models(*, actor, data: bytes) -> ImportResult:
    """Validate every row; raise ImportFailed with every problem, or apply all rows in one transaction."""
    rows = read_table(data, required=T.REQUIRED, optional=T.OPTIONAL)
    errors = []
    look = _Lookups()
    seen: dict = {}
    seen_refs: dict = {}
    valid = []
    for line, row in rows:
        reader = RowReader(line, row, errors)
        checked = _validate_row(actor, reader, look, seen, seen_refs)
        if checked:
            valid.append(checked)
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        return _apply(actor, valid)


def _apply(actor, valid: list[dict]) -> ImportResult:
    result = ImportResult()
    touched: set[int] = set()
    created_by_ref: dict[str, DvkModel] = {}
    for item in valid:
        unit, on_behalf = item["unit"], is_write_on_behalf(actor, item["unit"])
        model = item["existing"] or (created_by_ref.get(item["ref"]) if item["ref"] else None)
        changed = created = False
        if model is None:
            model = DvkModel(unit=unit, external_ref=item["ref"] or None,
                             created_by=actor if getattr(actor, "pk", None) else None, **item["data"])
            model.search_text = search_text_for(model)
            model.save()
            audit_create(actor=actor, action="registry.model.imported", target=model, on_behalf=on_behalf)
            if item["ref"]:
                created_by_ref[item["ref"]] = model
            created = True
        else:
            before = snapshot(model)
            for name, value in item["data"].items():
                setattr(model, name, value)
            model.search_text = search_text_for(model)
            changes = diff(before, snapshot(model))
            if changes:
                model.version += 1
                model.save()
                audit(actor=actor, action="registry.model.import_updated", target=model, changes=changes,
                      on_behalf=on_behalf)
                DvkYear.objects.filter(model=model).update(field=model.field, sector=model.sector,
                                                           subject=model.subject, kind=model.kind)
                changed = True
        dvk_year = DvkYear.objects.filter(model=model, year=item["year"]).first()
        if dvk_year is None:
            dvk_year = DvkYear.objects.create(model=model, year=item["year"], **item["year_data"], unit=unit,
                                              field=model.field, sector=model.sector, subject=model.subject,
                                              kind=model.kind)
            audit(actor=actor, action="registry.year.imported", target=dvk_year, on_behalf=on_behalf,
                  changes={k: [None, v] for k, v in item["year_data"].items() if v not in ("", None)})
            changed = True
        else:
            year_changes = {k: [getattr(dvk_year, k), v] for k, v in item["year_data"].items()
                            if getattr(dvk_year, k) != v}
            if year_changes:
                for name, (_old, new) in year_changes.items():
                    setattr(dvk_year, name, new)
                dvk_year.version += 1
                dvk_year.save()
                audit(actor=actor, action="registry.year.import_updated", target=dvk_year, changes=year_changes,
                      on_behalf=on_behalf)
                changed = True
        if created:
            result.created += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
        if created or changed:
            touched.add(model.pk)
    sync_facts_bulk(sorted(touched))
    return result
