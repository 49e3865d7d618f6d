"""XLSX/CSV imports of ledger entries (receipts, pledges) and houses: all-or-nothing, idempotent.

Every row is checked with the same rules as the services (`build_ledger_entry`, `validate_house`); any problem
anywhere → `ImportFailed` with every error by line and column, nothing written. Re-importing the same file
changes nothing: rows are matched on `ma_tham_chieu` (the external reference, required).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can
from danvan.core.audit import audit_bulk, diff, snapshot
from danvan.core.imports import ImportFailed, ImportResult, RowError, RowReader, apply, read_table, tracked
from danvan.core.text import fold
from danvan.orgunits.models import OrgUnit
from danvan.orgunits.selectors import UnitsByKey
from danvan.reports.facts import replace_facts_bulk

from . import services
from .facts import HOUSE_SOURCE, LEDGER_SOURCE, house_facts, ledger_entry_facts
from .models import Campaign, House, LedgerEntry

LEDGER_COLUMNS = ["ma_tham_chieu", "ngay", "don_vi", "so_tien"]
LEDGER_OPTIONAL = ["loai", "hinh_thuc", "mo_ta_hien_vat", "nguoi_ung_ho_la", "nguoi_ung_ho", "ghi_chu"]
HOUSE_COLUMNS = ["ma_tham_chieu", "don_vi", "chu_ho", "kinh_phi"]
HOUSE_OPTIONAL = ["dia_chi", "doi_tuong", "loai_cong_trinh", "nguon_kinh_phi", "trang_thai", "ngay_khoi_cong",
                  "ngay_hoan_thanh", "ngay_ban_giao", "ghi_chu"]

# Service field -> import column, so a service's error lands on the right column.
LEDGER_FIELD_COLUMNS = {"amount": "so_tien", "day": "ngay", "unit": "don_vi", "kind": "loai", "form": "hinh_thuc",
                        "in_kind_description": "mo_ta_hien_vat", "donor_kind": "nguoi_ung_ho_la",
                        "donor_name": "nguoi_ung_ho", "note": "ghi_chu", "external_ref": "ma_tham_chieu"}
HOUSE_FIELD_COLUMNS = {"unit": "don_vi", "beneficiary_name": "chu_ho", "unit_cost": "kinh_phi",
                       "beneficiary_address": "dia_chi", "beneficiary_category": "doi_tuong", "kind": "loai_cong_trinh",
                       "funding_sources": "nguon_kinh_phi", "status": "trang_thai", "started_on": "ngay_khoi_cong",
                       "completed_on": "ngay_hoan_thanh", "handed_over_on": "ngay_ban_giao", "note": "ghi_chu",
                       "external_ref": "ma_tham_chieu"}


class _Choices:
    """A choice column matched by code or label, ignoring case and diacritics; folded once per file, not per row
    (the shared `RowReader.choice` folds every label on every call, which dominates a 5.000-row import)."""

    def __init__(self, choices):
        self.choices = list(choices)
        self.lookup = {}
        for code, label in self.choices:
            self.lookup[fold(str(code))] = code
            self.lookup[fold(str(label))] = code
        self.allowed = ", ".join(dict.fromkeys(str(code) for code, _label in self.choices))

    def read(self, reader: RowReader, column: str):
        value = reader.text(column)
        if not value:
            return None
        found = self.lookup.get(fold(value))
        if found is None:
            reader.error(column, _("“%(v)s” không thuộc danh mục (%(allowed)s).") % {"v": value,
                                                                                    "allowed": self.allowed})
        return found


def _bulk_audit(*, actor, action: str, items: list[tuple], on_behalf: bool, note: str) -> None:
    """One audit event per record, through the one bulk audit writer (same checks as `core.audit.audit`)."""
    audit_bulk([{"actor": actor, "action": action, "target": target, "unit": target.unit, "on_behalf": on_behalf,
                 "changes": changes, "note": note} for target, changes in items])


def _existing_by_ref(model, campaign: Campaign, rows: list[tuple[int, dict]]) -> dict:
    """The campaign's records whose external reference appears in the file (not the whole ledger)."""
    refs = list({(row.get("ma_tham_chieu") or "").strip() for _line, row in rows} - {""})
    found = {}
    for i in range(0, len(refs), 900):
        for record in model.objects.filter(campaign=campaign, external_ref__in=refs[i:i + 900]):
            found[record.external_ref] = record
    return found


def _service_errors(reader: RowReader, error: ValidationError, columns: dict[str, str]) -> None:
    if hasattr(error, "error_dict"):
        for field_name, messages in error.message_dict.items():
            for message in messages:
                reader.error(columns.get(field_name, ""), message)
    else:
        for message in error.messages:
            reader.error("", message)


def _permission(reader: RowReader, actor, unit: OrgUnit, on_behalf: bool) -> bool:
    if not can(actor, "write", unit, on_behalf=on_behalf):
        reader.error("don_vi", _("bạn không có quyền nhập dữ liệu cho đơn vị “%(u)s”%(hint)s.") % {
            "u": unit.name,
            "hint": "" if on_behalf or not can(actor, "write", unit, on_behalf=True)
            else _(" (hãy chọn “nhập thay đơn vị cấp dưới”)")})
        return False
    return True


# -- ledger -------------------------------------------------------------------------------------------------


def import_ledger(data: bytes, *, actor, campaign: Campaign, on_behalf: bool = False) -> ImportResult:
    rows = read_table(data, required=LEDGER_COLUMNS, optional=LEDGER_OPTIONAL)
    errors: list[RowError] = []
    units = UnitsByKey()
    existing = _existing_by_ref(LedgerEntry, campaign, rows)
    seen: dict[str, int] = {}
    new_entries: list[LedgerEntry] = []
    result = ImportResult()
    kinds = _Choices([("receipt", "thực nhận"), ("receipt", "thu"), ("pledge", "cam kết")])
    forms = _Choices([("cash", "tiền"), ("cash", "tiền mặt"), ("cash", "chuyển khoản"), ("in_kind", "hiện vật")])
    donor_kinds = _Choices([("organisation", "tổ chức"), ("organisation", "doanh nghiệp"), ("person", "cá nhân"),
                            ("anonymous", "ẩn danh")])
    for line, row in tracked(rows):
        reader = RowReader(line, row, errors)
        ref = reader.text("ma_tham_chieu", required=True, max_length=80)
        day = reader.date("ngay", required=True)
        unit = reader.lookup("don_vi", units, required=True,
                             not_found=_("không có đơn vị với mã “%(v)s”.") % {"v": row.get("don_vi", "")})
        amount = reader.decimal("so_tien", required=True)
        kind = kinds.read(reader, "loai") or LedgerEntry.Kind.RECEIPT
        form = forms.read(reader, "hinh_thuc") or LedgerEntry.Form.CASH
        donor_kind = donor_kinds.read(reader, "nguoi_ung_ho_la")
        donor_name = reader.text("nguoi_ung_ho", max_length=300)
        if donor_kind is None:
            donor_kind = LedgerEntry.DonorKind.ORGANISATION if donor_name else LedgerEntry.DonorKind.ANONYMOUS
        description = reader.text("mo_ta_hien_vat", max_length=300)
        note = reader.text("ghi_chu", max_length=500)
        if ref and ref in seen:
            reader.error("ma_tham_chieu", _("mã “%(r)s” trùng với dòng %(l)s.") % {"r": ref, "l": seen[ref]})
            continue
        if ref:
            seen[ref] = line
        if not reader.ok or unit is None:
            continue
        old = existing.get(ref)
        if old is not None:
            same = (old.day == day and old.unit_id == unit.pk and old.amount == amount and old.kind == kind
                    and old.form == form and old.donor_kind == donor_kind
                    and (old.donor_name == donor_name or donor_kind == LedgerEntry.DonorKind.ANONYMOUS))
            if same:
                result.unchanged += 1
            else:
                reader.error("ma_tham_chieu", _("bút toán “%(r)s” đã được ghi với nội dung khác; sổ quỹ không sửa "
                                                "được — hãy đảo bút toán cũ rồi ghi bút toán mới với mã khác.")
                             % {"r": ref})
            continue
        allowed = _permission(reader, actor, unit, on_behalf)
        try:
            entry = services.build_ledger_entry(
                actor=actor, campaign=campaign, unit=unit, kind=kind, amount=amount, day=day, form=form,
                in_kind_description=description, donor_kind=donor_kind, donor_name=donor_name, note=note,
                external_ref="", on_behalf=on_behalf, check_permission=False)
        except ValidationError as error:
            _service_errors(reader, error, LEDGER_FIELD_COLUMNS)
            continue
        if not allowed:
            continue
        entry.external_ref = ref
        new_entries.append(entry)
    if errors:
        raise ImportFailed(errors)

    def write() -> ImportResult:
        LedgerEntry.objects.bulk_create(new_entries, batch_size=2000)
        if new_entries and new_entries[0].pk is None:  # backends without RETURNING ids
            refs = [e.external_ref for e in new_entries]
            ids = dict(LedgerEntry.objects.filter(campaign=campaign, external_ref__in=refs).values_list(
                "external_ref", "pk"))
            for entry in new_entries:
                entry.pk = entry.id = ids[entry.external_ref]
        _bulk_audit(actor=actor, action="campaigns.ledger.recorded", on_behalf=on_behalf, note=_("nhập từ tệp"),
                    items=[(e, {k: [None, v] for k, v in snapshot(e).items()}) for e in new_entries])
        replace_facts_bulk(source=LEDGER_SOURCE, facts_by_id={e.pk: ledger_entry_facts(e) for e in new_entries})
        result.created = len(new_entries)
        return result
    return apply(write)


# -- houses -------------------------------------------------------------------------------------------------

STATUS_CHOICES = [("planned", "chưa khởi công"), ("started", "đang xây dựng"), ("started", "đã khởi công"),
                  ("started", "khởi công"), ("completed", "đã hoàn thành"), ("completed", "hoàn thành"),
                  ("handed_over", "đã bàn giao"), ("handed_over", "bàn giao")]


def import_houses(data: bytes, *, actor, campaign: Campaign, on_behalf: bool = False) -> ImportResult:
    """Create new houses and bring existing ones (same `ma_tham_chieu`) up to date; a status never goes back."""
    rows = read_table(data, required=HOUSE_COLUMNS, optional=HOUSE_OPTIONAL)
    errors: list[RowError] = []
    units = UnitsByKey()
    existing = _existing_by_ref(House, campaign, rows)
    known_keys = dict(House.objects.filter(campaign=campaign).values_list("beneficiary_key", "pk"))
    seen_refs: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    creates: list[House] = []
    updates: list[tuple[House, dict]] = []
    result = ImportResult()
    categories, house_kinds = _Choices(House.Category.choices), _Choices(House.Kind.choices)
    statuses = _Choices(list(House.Status.choices) + STATUS_CHOICES)
    for line, row in tracked(rows):
        reader = RowReader(line, row, errors)
        ref = reader.text("ma_tham_chieu", required=True, max_length=80)
        unit = reader.lookup("don_vi", units, required=True,
                             not_found=_("không có đơn vị với mã “%(v)s”.") % {"v": row.get("don_vi", "")})
        name = reader.text("chu_ho", required=True, max_length=200)
        cost = reader.decimal("kinh_phi", required=True)
        address = reader.text("dia_chi", max_length=300)
        category = categories.read(reader, "doi_tuong") or House.Category.POOR
        kind = house_kinds.read(reader, "loai_cong_trinh") or House.Kind.GRATITUDE
        funding = reader.text("nguon_kinh_phi", max_length=500)
        status = statuses.read(reader, "trang_thai") or House.Status.PLANNED
        started = reader.date("ngay_khoi_cong")
        completed = reader.date("ngay_hoan_thanh")
        handed = reader.date("ngay_ban_giao")
        note = reader.text("ghi_chu", max_length=500)
        if ref and ref in seen_refs:
            reader.error("ma_tham_chieu", _("mã “%(r)s” trùng với dòng %(l)s.") % {"r": ref, "l": seen_refs[ref]})
            continue
        if ref:
            seen_refs[ref] = line
        if not reader.ok or unit is None:
            continue
        allowed = _permission(reader, actor, unit, on_behalf)
        values = {"unit": unit, "beneficiary_name": name, "beneficiary_address": address,
                  "beneficiary_category": category, "kind": kind, "unit_cost": cost, "funding_sources": funding,
                  "status": status, "started_on": started, "completed_on": completed, "handed_over_on": handed,
                  "note": note}
        old = existing.get(ref)
        house = House(campaign=campaign, external_ref=ref, created_by=actor if getattr(actor, "pk", None) else None)
        if old is not None:
            house = old
            if House.ORDER.index(status) < House.ORDER.index(house.status):
                reader.error("trang_thai", _("nhà “%(r)s” đang ở trạng thái “%(s)s”; không thể lùi trạng thái.")
                             % {"r": ref, "s": house.get_status_display()})
                continue
        before = snapshot(house) if old is not None else None
        for key, value in values.items():
            setattr(house, key, value)
        house.campaign = campaign
        try:
            services.validate_house(house, exclude_pk=old.pk if old else None, known_keys=known_keys)
        except ValidationError as error:
            _service_errors(reader, error, HOUSE_FIELD_COLUMNS)
            continue
        if house.beneficiary_key in seen_keys:
            reader.error("chu_ho", _("hộ “%(n)s” đã có ở dòng %(l)s; một hộ không được tính hai lần.")
                         % {"n": name, "l": seen_keys[house.beneficiary_key]})
            continue
        seen_keys[house.beneficiary_key] = line
        if not allowed:
            continue
        if old is None:
            creates.append(house)
        else:
            changes = diff(before, snapshot(house))
            if changes:
                updates.append((house, changes))
            else:
                result.unchanged += 1
    if errors:
        raise ImportFailed(errors)

    def write() -> ImportResult:
        House.objects.bulk_create(creates, batch_size=2000)
        if creates and creates[0].pk is None:
            ids = dict(House.objects.filter(campaign=campaign, external_ref__in=[h.external_ref for h in creates])
                       .values_list("external_ref", "pk"))
            for house in creates:
                house.pk = house.id = ids[house.external_ref]
        _bulk_audit(actor=actor, action="campaigns.house.created", on_behalf=on_behalf, note=_("nhập từ tệp"),
                    items=[(h, {k: [None, v] for k, v in snapshot(h).items()}) for h in creates])
        for house, _changes in updates:
            house.version += 1
            house.save()
        _bulk_audit(actor=actor, action="campaigns.house.updated", on_behalf=on_behalf, note=_("nhập từ tệp"),
                    items=updates)
        touched = creates + [h for h, _c in updates]
        replace_facts_bulk(source=HOUSE_SOURCE, facts_by_id={h.pk: house_facts(h) for h in touched})
        result.created, result.updated = len(creates), len(updates)
        return result
    return apply(write)
