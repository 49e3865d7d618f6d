"""XLSX/CSV import and export of programme items: all or nothing, every error by line and column.

One row is one key task or project of a unit's programme for a year; a programme that does not exist yet is
created as a draft. Units are written as people know them: "Thành phố Cần Thơ (VN-92)" (what the export
writes), the key alone, or a name that matches one unit. A row is matched to an existing item by
`ma_tham_chieu` when given, otherwise by its kind and title in that programme, so re-importing a file (or an
export) changes nothing. Items of an approved programme are not changed from a file (reopen it first).
The status columns of the export are for reading; statuses are recorded month by month on the item's page.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from django.utils.translation import gettext as _

from danvan.accounts.permissions import write_modes
from danvan.core import picker
from danvan.core.audit import snapshot
from danvan.core.clock import today
from danvan.core.imports import ImportFailed, ImportResult, RowError, RowReader, read_table
from danvan.core.text import fold
from danvan.orgunits.models import OrgUnit

from . import rules, services
from .models import Programme, ProgrammeItem

REQUIRED = ["don_vi", "nam", "loai", "ten"]
OPTIONAL = ["chu_de", "so_thu_tu", "ma_tham_chieu", "noi_dung", "co_quan_giao", "don_vi_chu_tri", "don_vi_phoi_hop",
            "thoi_han", "san_pham"]
# Written by the export for people to read; accepted and ignored on import so an export re-imports.
IGNORED = ["trang_thai_chuong_trinh", "tinh_trang", "thang_bao_cao", "ghi_chu_tinh_trang", "ngay_hoan_thanh",
           "qua_han"]
EXPORT_HEADER = ["don_vi", "nam", "chu_de", "trang_thai_chuong_trinh", "loai", "so_thu_tu", "ma_tham_chieu", "ten",
                 "noi_dung", "co_quan_giao", "don_vi_chu_tri", "don_vi_phoi_hop", "thoi_han", "san_pham", "tinh_trang",
                 "thang_bao_cao", "ghi_chu_tinh_trang", "ngay_hoan_thanh", "qua_han"]
FIELD_COLUMNS = {"title": "ten", "kind": "loai", "assigned_by": "co_quan_giao", "deadline": "thoi_han",
                 "owner_unit": "don_vi_chu_tri", "external_ref": "ma_tham_chieu", "year": "nam", "unit": "don_vi",
                 "__all__": ""}
KINDS = {"task": "task", "nhiem vu": "task", "nhiem vu trong tam": "task", "nv": "task",
         "project": "project", "de an": "project", "da": "project"}
ASSIGNERS = {"bct_bbt": "bct_bbt", "bo chinh tri, ban bi thu": "bct_bbt", "bo chinh tri": "bct_bbt",
             "ban bi thu": "bct_bbt", "bct, bbt": "bct_bbt", "bct": "bct_bbt",
             "bo chinh tri, ban bi thu giao": "bct_bbt",
             "cap_uy": "cap_uy", "cap uy": "cap_uy", "cap uy giao": "cap_uy", "ban thuong vu": "cap_uy",
             "don_vi": "don_vi", "don vi": "don_vi", "don vi tu de ra": "don_vi", "tu de ra": "don_vi", "": "don_vi"}


class _Units:
    """Units named in the file, resolved once each through the picker (key, "Name (KEY)" or a unique name)."""

    def __init__(self):
        self.cache: dict[str, OrgUnit | None] = {}

    def get(self, text: str) -> OrgUnit | None:
        text = text.strip()
        if text not in self.cache:
            found = picker.lookup("unit", text, None, "all")
            self.cache[text] = found if isinstance(found, OrgUnit) else None
        return self.cache[text]


def unit_text(unit: OrgUnit) -> str:
    return f"{unit.name} ({unit.key})"


def import_items(*, actor, data: bytes) -> ImportResult:
    """Validate every row; write all of them (one transaction) only when none fails."""
    rows = read_table(data, required=REQUIRED, optional=OPTIONAL + IGNORED)
    errors: list[RowError] = []
    units = _Units()
    programmes: dict[tuple[int, int], Programme] = {}
    existing_items: dict[int, list[ProgrammeItem]] = {}
    themes: dict[tuple[int, int], tuple[int, str]] = {}
    seen: dict[tuple, int] = {}
    planned: list[dict] = []
    mode = write_modes(actor)  # False: own unit; True: on behalf; None: not allowed

    def items_of(programme: Programme) -> list[ProgrammeItem]:
        if programme.pk is None:
            return []
        if programme.pk not in existing_items:
            existing_items[programme.pk] = list(programme.items.select_related("owner_unit").prefetch_related(
                "cooperating_units"))
        return existing_items[programme.pk]

    for line, row in rows:
        r = RowReader(line, row, errors)
        unit = r.lookup("don_vi", units.get, required=True,
                        not_found=_("không tìm thấy đơn vị “%(v)s” (ghi tên và mã, ví dụ “Thành phố Cần Thơ (VN-92)”, "
                                    "hoặc mã đơn vị).") % {"v": row.get("don_vi", "")})
        year = r.integer("nam", required=True, minimum=1)
        kind_text = r.text("loai", required=True)
        kind = KINDS.get(fold(kind_text)) if kind_text else None
        if kind_text and kind is None:
            r.error("loai", _("“%(v)s” không hợp lệ (nhiệm vụ trọng tâm hoặc đề án).") % {"v": kind_text})
        assigner_text = r.text("co_quan_giao")
        assigned_by = ASSIGNERS.get(fold(assigner_text))
        if assigned_by is None:
            r.error("co_quan_giao", _("“%(v)s” không hợp lệ (Bộ Chính trị, Ban Bí thư; Cấp ủy; Đơn vị tự đề ra).")
                    % {"v": assigner_text})
        owner_text = r.text("don_vi_chu_tri")
        owner = r.lookup("don_vi_chu_tri", units.get, not_found=_("không tìm thấy đơn vị “%(v)s”.") % {
            "v": owner_text}) if owner_text else None
        cooperating: list[OrgUnit] | None = None
        if "don_vi_phoi_hop" in row:
            cooperating = []
            for part in [p.strip() for p in row.get("don_vi_phoi_hop", "").split(";") if p.strip()]:
                found = units.get(part)
                if found is None:
                    r.error("don_vi_phoi_hop", _("không tìm thấy đơn vị “%(v)s”.") % {"v": part})
                elif found not in cooperating:
                    cooperating.append(found)
        fields = {"title": r.text("ten", required=True, max_length=rules.TITLE_MAX),
                  "description": r.text("noi_dung"), "expected_output": r.text("san_pham"),
                  "external_ref": r.text("ma_tham_chieu", max_length=100), "deadline": r.date("thoi_han"),
                  "number": r.integer("so_thu_tu", minimum=0)}
        theme = r.text("chu_de", max_length=300)
        if year is not None and not rules.YEAR_MIN <= year <= rules.max_year():
            r.error("nam", _("năm %(y)s ngoài khoảng %(a)s–%(b)s.") % {"y": year, "a": rules.YEAR_MIN,
                                                                         "b": rules.max_year()})
        if unit is not None and mode(unit) is None:
            r.error("don_vi", _("bạn không có quyền nhập dữ liệu cho đơn vị “%(u)s”.") % {"u": unit.name})
        if not r.ok or unit is None or year is None or kind is None or assigned_by is None:
            continue
        key = (unit.pk, year)
        if key not in programmes:
            programmes[key] = (Programme.objects.filter(unit=unit, year=year).first()
                               or Programme(unit=unit, year=year, theme=theme))
        programme = programmes[key]
        if programme.pk is None:
            try:
                rules.check_unit_in_year(unit, year)
            except Exception as error:  # ValidationError with the unit's dates
                r.error("nam", "; ".join(getattr(error, "messages", [str(error)])))
                continue
        if theme:
            first = themes.setdefault(key, (line, theme))
            if fold(first[1]) != fold(theme):
                r.error("chu_de", _("khác chủ đề ở dòng %(l)s của cùng chương trình.") % {"l": first[0]})
            elif programme.pk is None:
                programme.theme = theme
            elif fold(programme.theme) != fold(theme):
                r.error("chu_de", _("khác chủ đề của chương trình đã có (“%(t)s”); sửa chủ đề trên trang chương "
                                    "trình.") % {"t": programme.theme})
        match_key = ("ref", key, fields["external_ref"]) if fields["external_ref"] else (
            "title", key, kind, fold(fields["title"]))
        if match_key in seen:
            r.error("ma_tham_chieu" if fields["external_ref"] else "ten",
                    _("trùng với dòng %(l)s.") % {"l": seen[match_key]})
            continue
        seen[match_key] = line
        current = _match(items_of(programme), kind, fields)
        item = copy.copy(current) if current is not None else ProgrammeItem(programme=programme, source="import")
        item.kind, item.assigned_by = kind, assigned_by
        item.owner_unit = owner or (current.owner_unit if current is not None and not owner_text else unit)
        for name, value in fields.items():
            if name == "number" and value is None:
                value = current.number if current is not None else 0
            setattr(item, name, value if value is not None or name == "deadline" else "")
        rules.normalise_item(item)
        for field, messages in rules.validate_item(item, programme).items():
            for message in messages:
                r.error(FIELD_COLUMNS.get(field, field), message)
        if not r.ok:
            continue
        changed = current is None or snapshot(current) != snapshot(item) or (
            cooperating is not None and {u.pk for u in current.cooperating_units.all()} != {u.pk for u in cooperating})
        if changed and programme.pk is not None and not programme.is_draft:
            r.error("nam", _("chương trình công tác năm %(y)s của “%(u)s” đã được phê duyệt; cần mở lại trước khi "
                             "nhập thay đổi.") % {"y": year, "u": unit.name})
            continue
        if not changed:
            planned.append({"unchanged": True})
            continue
        planned.append({"programme": programme, "item": item, "current": current, "cooperating": cooperating,
                        "on_behalf": bool(mode(unit))})
    if errors:
        raise ImportFailed(errors)
    unchanged = sum(1 for row in planned if row.get("unchanged"))
    result = services.items_import_bulk(actor=actor, rows=[row for row in planned if not row.get("unchanged")])
    result.unchanged += unchanged
    return result


def _match(items: list[ProgrammeItem], kind: str, fields: dict) -> ProgrammeItem | None:
    ref = fields["external_ref"]
    if ref:
        return next((i for i in items if i.external_ref == ref), None)
    title = fold(fields["title"])
    return next((i for i in items if i.kind == kind and fold(i.title) == title and not i.external_ref), None)


def export_rows(items) -> Iterator[list]:
    day = today()
    for item in items:
        programme = item.programme
        yield [unit_text(programme.unit), programme.year, programme.theme, programme.get_status_display(),
               item.get_kind_display(), item.number, item.external_ref, item.title, item.description,
               item.get_assigned_by_display(), unit_text(item.owner_unit),
               "; ".join(unit_text(u) for u in item.cooperating_units.all()),
               item.deadline.strftime("%d/%m/%Y") if item.deadline else "", item.expected_output,
               item.get_status_display(), item.status_month.strftime("%m/%Y") if item.status_month else "",
               item.status_note, item.done_on.strftime("%d/%m/%Y") if item.done_on else "",
               "x" if item.is_overdue(day) else ""]
