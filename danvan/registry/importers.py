"""Import of models from the XLSX/CSV template: every row validated, then all rows or none.

One row = one model in one year. The reference column ("Mã tham chiếu") makes re-imports idempotent:
a row whose reference is known updates that model (and changes nothing when the values are the
same); "DVK-<số>" references the registry's own number, as written by the exports.
"""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import WRITE, can
from danvan.core.imports import ImportFailed, ImportResult, RowReader, apply, read_table, tracked
from danvan.core.text import fold
from danvan.orgunits.models import OrgUnit, Sector

from . import tabular as T
from .bulk import ModelRow, models_import_bulk
from .models import DvkModel, DvkYear, Field, Level
from .rules import can_record_recognition, province_keys, reporting_year, year_bounds
from .services import fields_for_unit

S = DvkYear.Status
INTERNAL_REF = re.compile(r"^DVK-(\d+)$")
YEAR_FIELDS = ("status", "registered_on", "recognition_level", "recognising_body", "decision_number",
               "decision_date", "recognised_on", "recognised_year", "not_recognised_reason")


class _Lookups:
    """Everything validation looks up, fetched once for the whole file (a handful of queries, not per row)."""

    def __init__(self, rows: list[tuple[int, dict]]):
        self.sectors = {}
        for sector in Sector.objects.all():
            self.sectors[fold(sector.code)] = sector
            self.sectors[fold(sector.name)] = sector
        keys = {str(row.get(T.UNIT) or "").strip().upper() for _line, row in rows}
        self.units: dict[str, OrgUnit | None] = {u.key: u for u in OrgUnit.objects.filter(key__in=keys)}
        self._fields: dict[frozenset, list[Field]] = {}
        refs = {str(row.get(T.REF) or "").strip() for _line, row in rows} - {""}
        internal = {int(m.group(1)) for m in map(INTERNAL_REF.match, refs) if m}
        self.models: dict[str, DvkModel] = {}
        found = DvkModel.objects.select_related("unit").filter(Q(external_ref__in=refs) | Q(pk__in=internal))
        for model in found:
            if model.external_ref:
                self.models[model.external_ref] = model
            self.models[f"DVK-{model.pk}"] = model
        # names registered per (unit, year) and recognition years per model, for the duplicate checks
        self.names: dict[tuple[int, int], list[tuple[int, str]]] = {}
        self.recognised: dict[int, list[tuple[int, int]]] = {}
        unit_ids = [u.pk for u in self.units.values() if u is not None]
        model_ids = [m.pk for m in self.models.values()]
        condition = Q(unit_id__in=unit_ids) | Q(model_id__in=model_ids)
        for unit_id, year, model_id, name, recognised_year in DvkYear.objects.filter(condition).values_list(
                "unit_id", "year", "model_id", "model__name", "recognised_year").iterator():
            self.names.setdefault((unit_id, year), []).append((model_id, " ".join(name.split()).casefold()))
            if recognised_year:
                self.recognised.setdefault(model_id, []).append((year, recognised_year))

    def unit(self, key: str) -> OrgUnit | None:
        return self.units.get(key.strip().upper())

    def field(self, unit: OrgUnit, value: str) -> Field | None:
        provinces = frozenset(province_keys(unit))
        if provinces not in self._fields:
            self._fields[provinces] = list(fields_for_unit(unit))
        wanted = fold(value)
        for field in self._fields[provinces]:
            if wanted in (fold(field.code), fold(field.name)):
                return field
        return None

    def model_by_ref(self, ref: str) -> DvkModel | None:
        return self.models.get(ref)

    def duplicate_exists(self, unit: OrgUnit, year: int, name: str, exclude_model: int | None) -> bool:
        """Same rule as `services.duplicate_exists` (case- and space-insensitive, Unicode-aware)."""
        wanted = " ".join(name.split()).casefold()
        return any(n == wanted and m != exclude_model for m, n in self.names.get((unit.pk, year), []))

    def recognised_in_other_year(self, model: DvkModel, recognised_year: int, year: int) -> bool:
        return any(r == recognised_year and y != year for y, r in self.recognised.get(model.pk, []))


def _validate_row(actor, r: RowReader, look: _Lookups, seen: dict, seen_refs: dict) -> ModelRow | None:
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
        existing = look.model_by_ref(ref)
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
        if look.duplicate_exists(unit, year, name, existing.pk if existing else None):
            r.error(T.NAME, _("đơn vị đã đăng ký mô hình cùng tên năm %(y)s.") % {"y": year})
    if (existing is not None and status == S.RECOGNISED and year_data.get("recognised_year")
            and look.recognised_in_other_year(existing, year_data["recognised_year"], year)):
            r.error(T.RECOGNISED_ON, _("mô hình đã được công nhận trong năm này."))
    if not r.ok:
        return None
    return ModelRow(line=r.line, ref=ref, unit=unit, year=year, data=data, year_data=year_data, existing=existing)


def import_models(*, actor, data: bytes) -> ImportResult:
    """Validate every row; raise ImportFailed with every problem, or apply all rows in one transaction."""
    rows = read_table(data, required=T.REQUIRED, optional=T.OPTIONAL)
    errors = []
    rows = list(rows)
    look = _Lookups(rows)
    seen: dict = {}
    seen_refs: dict = {}
    valid = []
    for line, row in tracked(rows):
        reader = RowReader(line, row, errors)
        checked = _validate_row(actor, reader, look, seen, seen_refs)
        if checked:
            valid.append(checked)
    if errors:
        raise ImportFailed(errors)
    return apply(lambda: models_import_bulk(actor=actor, rows=valid))
