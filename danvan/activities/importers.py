"""XLSX/CSV import and export of activities. Import is all-or-nothing and idempotent on
(ma_don_vi, ma_tham_chieu): a second import of the same file changes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can
from danvan.core.audit import snapshot
from danvan.core.imports import ImportFailed, ImportResult, RowError, RowReader, apply, read_table, tracked
from danvan.core.text import fold
from danvan.orgunits.models import OrgUnit, Sector

from . import selectors, services
from .models import Activity, ActivityKind
from .symbols import normalise

REQUIRED = ["ma_tham_chieu", "ma_don_vi", "loai", "ten", "ngay_bat_dau"]
OPTIONAL = ["muc_dich", "cap", "khoi", "trang_thai", "ngay_ket_thuc", "hinh_thuc", "dia_diem", "so_diem_cau",
            "so_nguoi_tham_gia", "so_luot_nguoi", "xac_nhan_vuot_muc", "van_ban", "co_quan_bao_chi", "duong_dan",
            "ket_qua", "van_de", "to_chuc_tham_gia"]
COLUMNS = REQUIRED + OPTIONAL
FIELD_COLUMNS = {
    "external_ref": "ma_tham_chieu", "unit": "ma_don_vi", "kind": "loai", "title": "ten",
    "start_date": "ngay_bat_dau", "purpose": "muc_dich", "level": "cap", "sector": "khoi", "status": "trang_thai",
    "end_date": "ngay_ket_thuc", "place_mode": "hinh_thuc", "place": "dia_diem", "connected_points": "so_diem_cau",
    "participants": "so_nguoi_tham_gia", "attendees": "so_luot_nguoi", "attendees_confirmed": "xac_nhan_vuot_muc",
    "documents": "van_ban", "outlet": "co_quan_bao_chi", "link": "duong_dan", "minutes": "ket_qua",
    "issues_summary": "van_de", "participating_organisations": "to_chuc_tham_gia",
}
YES = {"x", "co", "1", "true", "yes", "dung"}


def _kind_lookup() -> dict[str, ActivityKind]:
    lookup = {}
    for kind in ActivityKind.objects.all():
        lookup[fold(kind.code)] = kind
        lookup[fold(kind.name)] = kind
    return lookup


def _sector_lookup() -> dict[str, Sector]:
    lookup = {}
    for sector in Sector.objects.all():
        lookup[fold(sector.code)] = sector
        lookup[fold(sector.name)] = sector
    return lookup


def import_activities(data: bytes, *, actor, on_behalf: bool = False) -> ImportResult:
    """Validate every row; apply all of them in one transaction only when none fails."""
    rows = read_table(data, required=REQUIRED, optional=OPTIONAL)
    errors: list[RowError] = []
    unit_keys = {row.get("ma_don_vi", "").strip() for _line, row in rows}
    units = {u.key: u for u in OrgUnit.objects.filter(key__in=unit_keys).select_related("sector")}
    kinds, sectors = _kind_lookup(), _sector_lookup()
    visible_docs = selectors.documents_for(actor)
    doc_cache: dict[str, object] = {}
    seen: dict[tuple, int] = {}
    planned = []
    for line, row in tracked(rows):
        reader = RowReader(line, row, errors)
        ref = reader.text("ma_tham_chieu", required=True, max_length=64)
        unit = reader.lookup("ma_don_vi", units.get, required=True,
                             not_found=_("không có đơn vị mã “%(v)s”.") % {"v": row.get("ma_don_vi", "")})
        if unit is not None and not can(actor, "write", unit, on_behalf=on_behalf):
            reader.error("ma_don_vi", _("bạn không có quyền nhập cho đơn vị “%(u)s”.") % {"u": unit.name})
        kind = reader.lookup("loai", lambda v: kinds.get(fold(v)), required=True,
                             not_found=_("không có loại hoạt động “%(v)s”.") % {"v": row.get("loai", "")})
        sector = reader.lookup("khoi", lambda v: sectors.get(fold(v)),
                               not_found=_("không có khối “%(v)s”.") % {"v": row.get("khoi", "")})
        documents = []
        for symbol in [s for s in (row.get("van_ban") or "").split(";") if s.strip()]:
            key = normalise(symbol)
            if key not in doc_cache:
                doc_cache[key] = visible_docs.filter(symbol=key).order_by("-issued_on").first()
            if doc_cache[key] is None:
                reader.error("van_ban", _("không có văn bản “%(v)s” trong sổ văn bản.") % {"v": key})
            else:
                documents.append(doc_cache[key])
        fields = {
            "external_ref": ref,
            "kind": kind,
            "title": reader.text("ten", required=True, max_length=300),
            "start_date": reader.date("ngay_bat_dau", required=True),
            "purpose": reader.choice("muc_dich", Activity.Purpose.choices) or "",
            "level": reader.choice("cap", OrgUnit.Level.choices) or None,
            "sector": sector or (unit.sector if unit else None),
            "status": reader.choice("trang_thai", Activity.Status.choices) or Activity.Status.HELD,
            "end_date": reader.date("ngay_ket_thuc"),
            "place_mode": reader.choice("hinh_thuc", Activity.PlaceMode.choices) or Activity.PlaceMode.IN_PERSON,
            "place": reader.text("dia_diem", max_length=300),
            "connected_points": reader.integer("so_diem_cau", minimum=0),
            "participants": reader.integer("so_nguoi_tham_gia", minimum=0),
            "attendees": reader.integer("so_luot_nguoi", minimum=0),
            "attendees_confirmed": fold(row.get("xac_nhan_vuot_muc") or "") in YES,
            "outlet": reader.text("co_quan_bao_chi", max_length=200),
            "link": reader.text("duong_dan", max_length=500),
            "minutes": reader.text("ket_qua"),
            "issues_summary": reader.text("van_de"),
            "participating_organisations": reader.text("to_chuc_tham_gia"),
        }
        if unit is not None and ref:
            if (unit.pk, ref) in seen:
                reader.error("ma_tham_chieu", _("trùng với dòng %(n)s của tệp.") % {"n": seen[(unit.pk, ref)]})
            seen[(unit.pk, ref)] = line
        if not reader.ok or unit is None or kind is None:
            continue
        existing = Activity.objects.filter(unit=unit, external_ref=ref).select_related("kind", "unit").first()
        if existing is None and ref.startswith("DV-") and ref[3:].isdigit():
            # an exported row of a record entered by hand (no reference yet): update it, don't duplicate it
            existing = Activity.objects.filter(unit=unit, pk=int(ref[3:]), external_ref="").first()
        probe = Activity(pk=existing.pk if existing else None, unit=unit)
        if existing is not None:
            probe._state.adding = False
        for name, value in fields.items():
            if name != "level":
                setattr(probe, name, value)
        level = fields["level"]
        probe.level, probe.level_overridden = (level, True) if level and level != unit.level else (unit.level, False)
        try:
            services.validate_activity(probe, check_unique=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    reader.error(FIELD_COLUMNS.get(field, ""), message)
            continue
        planned.append((unit, existing, fields, documents))
    if errors:
        raise ImportFailed(errors)

    def write() -> ImportResult:
        result = ImportResult()
        for unit, existing, fields, documents in planned:
            if existing is None:
                services.activity_create(actor=actor, unit=unit, on_behalf=on_behalf, documents=documents, **fields)
                result.created += 1
                continue
            before = snapshot(existing)
            before_docs = set(existing.documents.values_list("pk", flat=True))
            probe = Activity(**{f.attname: getattr(existing, f.attname) for f in Activity._meta.concrete_fields})
            for name, value in fields.items():
                if name != "level":
                    setattr(probe, name, value)
            level = fields["level"]
            probe.level, probe.level_overridden = (level, True) if level and level != unit.level \
                else (unit.level, False)
            if snapshot(probe) == before and before_docs == {d.pk for d in documents}:
                result.unchanged += 1
                continue
            on = on_behalf or not can(actor, "write", unit)
            services.activity_update(actor=actor, activity=existing, expected_version=None, on_behalf=on,
                                     documents=documents, **fields)
            result.updated += 1
        return result
    return apply(write)


def export_rows(activities: Iterable[Activity]) -> Iterator[list]:
    """One row per activity, in the import column order (so an export can be edited and re-imported)."""
    for a in activities:
        yield [
            a.external_ref or f"DV-{a.pk}", a.unit.key, a.kind.code, a.title, a.start_date.strftime("%d/%m/%Y"),
            a.purpose, a.level if a.level_overridden else "", a.sector.code if a.sector_id else "", a.status,
            a.end_date.strftime("%d/%m/%Y") if a.end_date else "", a.place_mode, a.place,
            a.connected_points, a.participants, a.attendees, "x" if a.attendees_confirmed else "",
            "; ".join(d.symbol for d in a.documents.all()), a.outlet, a.link, a.minutes, a.issues_summary,
            a.participating_organisations,
        ]
