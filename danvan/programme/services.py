"""Writes on work programmes: create, edit, approve and reopen a programme; add, edit and delete its items;
draft items from last year's Part Two; link the records that carry an item out; record an item's monthly
status. Every write checks the gatekeeper, is audited and keeps the engine's facts in the same transaction.

Rules: a programme and its items are edited while it is a draft; approval (by an approver of the unit or a
unit above) freezes them and makes them count; a reopened programme is a draft again (its items stop
counting until it is approved again). Statuses are recorded on approved programmes only. Links to documents,
campaigns, activities and periodic reports may be added at any time, by whoever may report on the item.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import permissions
from danvan.accounts.permissions import VIEW, WRITE, on_behalf_for
from danvan.core.audit import audit, audit_bulk, audit_create, diff, snapshot
from danvan.core.clock import today
from danvan.core.concurrency import lock, save_versioned
from danvan.core.imports import ImportResult
from danvan.core.text import fold, nfc
from danvan.core.workflow import transition
from danvan.orgunits.models import OrgUnit

from . import facts, rules
from .models import LINK_FIELD_CHOICES, Programme, ProgrammeItem, StatusUpdate

PROGRAMME_FIELDS = ("theme", "symbol", "summary")
ITEM_FIELDS = ("kind", "number", "title", "description", "assigned_by", "owner_unit", "deadline", "expected_output",
               "external_ref")
LINK_FIELDS = tuple(code for code, _label in LINK_FIELD_CHOICES)


class NothingToDraft(ValidationError):
    """Last year's annual report has no Part Two text to draft from (the message says what is missing)."""


# --- permission helpers ------------------------------------------------------------------------------------

def _ensure_edit(actor, programme: Programme, on_behalf: bool | None) -> bool:
    """The on-behalf flag of a write on the programme (own unit: False); PermissionDenied otherwise."""
    return on_behalf_for(actor, programme.unit, on_behalf)


def _ensure_draft(programme: Programme) -> None:
    if not programme.is_draft:
        raise ValidationError(_("Chương trình đã được phê duyệt; cần mở lại (lãnh đạo có quyền duyệt) trước khi sửa."),
                              code="approved")


def _ensure_approved(programme: Programme) -> None:
    if programme.is_draft:
        raise ValidationError(_("Chương trình chưa được phê duyệt: tình trạng thực hiện được ghi sau khi phê duyệt."),
                              code="draft")


# --- programmes ----------------------------------------------------------------------------------------------

@transaction.atomic
def programme_create(*, actor, unit: OrgUnit, year: int, theme: str = "", symbol: str = "", summary: str = "",
                     on_behalf: bool | None = None) -> Programme:
    """A new draft programme of `unit` for `year` (one per unit and year)."""
    effective = on_behalf_for(actor, unit, on_behalf)
    year = rules.check_year(year)
    rules.check_unit_in_year(unit, year)
    if Programme.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": _("“%(u)s” đã có chương trình công tác năm %(y)s.") % {"u": unit.name,
                                                                                              "y": year}})
    programme = Programme(unit=unit, year=year, theme=nfc(theme), symbol=nfc(symbol), summary=nfc(summary),
                          created_by=actor if getattr(actor, "pk", None) else None)
    programme.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            programme.save()
    except IntegrityError:  # the same programme created by someone else a moment ago
        raise ValidationError({"year": _("“%(u)s” đã có chương trình công tác năm %(y)s.") % {
            "u": unit.name, "y": year}}) from None
    audit_create(actor=actor, action="programme.programme.created", target=programme, on_behalf=effective)
    return programme


def get_or_create_programme(*, actor, unit: OrgUnit, year: int, on_behalf: bool | None = None) -> Programme:
    existing = Programme.objects.filter(unit=unit, year=year).select_related("unit").first()
    if existing is not None:
        return existing
    return programme_create(actor=actor, unit=unit, year=year, on_behalf=on_behalf)


@transaction.atomic
def programme_update(*, actor, programme: Programme, expected_version: int | None, on_behalf: bool | None = None,
                     **fields: Any) -> Programme:
    """Theme, symbol and general direction of a draft programme."""
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError("unknown fields: {}".format(", ".join(sorted(unknown))))
    obj = lock(programme, expected_version, related=("unit",))
    effective = _ensure_edit(actor, obj, on_behalf)
    _ensure_draft(obj)
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, nfc(value or ""))
    obj.full_clean(validate_constraints=False)
    changes = diff(before, snapshot(obj))
    if not changes:
        return obj
    save_versioned(obj, expected_version=expected_version, update_fields=list(PROGRAMME_FIELDS))
    audit(actor=actor, action="programme.programme.updated", target=obj, changes=changes, on_behalf=effective)
    return obj


@transaction.atomic
def programme_delete(*, actor, programme: Programme, on_behalf: bool | None = None) -> None:
    """Only a draft programme can be deleted (with its items); an approved one is reopened first."""
    obj = lock(programme, None, related=("unit",))
    effective = _ensure_edit(actor, obj, on_behalf)
    _ensure_draft(obj)
    if StatusUpdate.objects.filter(item__programme=obj).exists():
        raise ValidationError(_("Chương trình đã có tình trạng thực hiện được ghi (đã từng phê duyệt) nên không xóa "
                                "được; hãy sửa rồi phê duyệt lại."), code="has_history")
    items = list(obj.items.all())
    entries = [{"actor": actor, "action": "programme.item.deleted", "target": item, "on_behalf": effective,
                "changes": {k: [v, None] for k, v in snapshot(item).items()}} for item in items]
    entries.append({"actor": actor, "action": "programme.programme.deleted", "target": obj, "on_behalf": effective,
                    "changes": {k: [v, None] for k, v in snapshot(obj).items()}})
    audit_bulk(entries)
    facts.delete_items_facts([item.pk for item in items])  # a draft's items have none; stay safe
    obj.delete()


@transaction.atomic
def programme_approve(*, actor, programme: Programme, note: str = "",
                      expected_version: int | None = None) -> Programme:
    """An approver of the unit or a unit above approves the draft; its items count from now on."""
    obj = lock(programme, expected_version, related=("unit",))
    permissions.ensure_can_approve_programme(actor, obj)
    if not obj.items.exists():
        raise ValidationError(_("Chương trình chưa có nhiệm vụ, đề án nào để phê duyệt."), code="empty")
    transition(obj, to=Programme.Status.APPROVED, actor=actor, action="programme.programme.approved", note=note,
               extra_fields={"approved_at": timezone.now(), "approved_by": actor})
    facts.sync_programme(obj)
    return obj


@transaction.atomic
def programme_reopen(*, actor, programme: Programme, reason: str,
                     expected_version: int | None = None) -> Programme:
    """Back to draft to amend it (the reason is kept); its items stop counting until approved again."""
    obj = lock(programme, expected_version, related=("unit",))
    permissions.ensure_can_approve_programme(actor, obj)
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("Lý do mở lại: hãy ghi lý do (ví dụ: bổ sung nhiệm vụ được giao).")})
    transition(obj, to=Programme.Status.DRAFT, actor=actor, action="programme.programme.reopened", note=reason,
               extra_fields={"approved_at": None, "approved_by": None})
    facts.sync_programme(obj)
    return obj


# --- items -----------------------------------------------------------------------------------------------------

def _resolve_cooperating(units: Iterable[OrgUnit] | None) -> list[OrgUnit]:
    return list(dict.fromkeys(units or []))


def _check_ref(item: ProgrammeItem) -> None:
    if item.external_ref and ProgrammeItem.objects.filter(programme_id=item.programme_id,
                                                          external_ref=item.external_ref).exclude(pk=item.pk).exists():
        raise ValidationError({"external_ref": _("Mã tham chiếu: “%(r)s” đã dùng cho nhiệm vụ khác của chương trình.")
                               % {"r": item.external_ref}})


def _next_number(programme: Programme, kind: str) -> int:
    last = programme.items.filter(kind=kind).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def item_create(*, actor, programme: Programme, title: str, kind: str = ProgrammeItem.Kind.TASK,
                owner_unit: OrgUnit | None = None, cooperating_units: Iterable[OrgUnit] | None = None,
                on_behalf: bool | None = None, source: str = "", note: str = "", **fields: Any) -> ProgrammeItem:
    """A new task or project in a draft programme. `fields` are further ITEM_FIELDS."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError("unknown fields: {}".format(", ".join(sorted(unknown))))
    programme = lock(programme, None, related=("unit",))
    effective = _ensure_edit(actor, programme, on_behalf)
    _ensure_draft(programme)
    item = ProgrammeItem(programme=programme, title=title, kind=kind, owner_unit=owner_unit or programme.unit,
                         source=source, **fields)
    if not item.number:
        item.number = _next_number(programme, kind)
    rules.normalise_item(item)
    rules.raise_if(rules.validate_item(item, programme))
    _check_ref(item)
    item.full_clean(exclude=["programme", "owner_unit"], validate_constraints=False)
    item.save()
    cooperating = _resolve_cooperating(cooperating_units)
    if cooperating:
        item.cooperating_units.set(cooperating)
    audit_create(actor=actor, action="programme.item.created", target=item, on_behalf=effective, note=note)
    if cooperating:
        audit(actor=actor, action="programme.item.updated", target=item, on_behalf=effective,
              changes={"cooperating_units": [[], [u.name for u in cooperating]]})
    facts.sync_item(item)
    return item


@transaction.atomic
def item_update(*, actor, item: ProgrammeItem, expected_version: int | None, on_behalf: bool | None = None,
                cooperating_units: Iterable[OrgUnit] | None = None, **fields: Any) -> ProgrammeItem:
    """Edit an item of a draft programme (optimistic locking on `expected_version`).
    `cooperating_units=None` leaves them as they are; a list replaces them."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError("unknown fields: {}".format(", ".join(sorted(unknown))))
    obj = lock(item, expected_version, related=("programme", "programme__unit", "owner_unit"))
    effective = _ensure_edit(actor, obj.programme, on_behalf)
    _ensure_draft(obj.programme)
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    if "owner_unit" in fields and fields["owner_unit"] is None:
        obj.owner_unit = obj.programme.unit
    rules.normalise_item(obj)
    rules.raise_if(rules.validate_item(obj, obj.programme))
    _check_ref(obj)
    obj.full_clean(exclude=["programme", "owner_unit"], validate_constraints=False)
    changes = diff(before, snapshot(obj))
    if cooperating_units is not None:
        old = list(obj.cooperating_units.order_by("path"))
        new = _resolve_cooperating(cooperating_units)
        if {u.pk for u in old} != {u.pk for u in new}:
            obj.cooperating_units.set(new)
            changes["cooperating_units"] = [[u.name for u in old], [u.name for u in new]]
    if not changes:
        return obj
    save_versioned(obj, expected_version=expected_version, update_fields=[*ITEM_FIELDS, "search_text"])
    audit(actor=actor, action="programme.item.updated", target=obj, changes=changes, on_behalf=effective)
    facts.sync_item(obj)
    return obj


@transaction.atomic
def item_delete(*, actor, item: ProgrammeItem, on_behalf: bool | None = None) -> None:
    obj = lock(item, None, related=("programme", "programme__unit"))
    effective = _ensure_edit(actor, obj.programme, on_behalf)
    _ensure_draft(obj.programme)
    if obj.updates.exists():
        raise ValidationError(_("“%(t)s” đã có tình trạng thực hiện được ghi nên không xóa được; nếu không thực hiện "
                                "nữa, hãy ghi tình trạng “Dừng thực hiện” kèm lý do.") % {"t": obj.title},
                              code="has_history")
    audit(actor=actor, action="programme.item.deleted", target=obj, on_behalf=effective,
          changes={k: [v, None] for k, v in snapshot(obj).items()})
    facts.delete_item_facts(obj.pk)
    obj.delete()


# --- links to the records that carry an item out -----------------------------------------------------------

def _link_model(field: str):
    if field not in LINK_FIELDS:
        raise ValueError(f"unknown link field {field}")
    return ProgrammeItem._meta.get_field(field).related_model


def visible_link_targets(user, field: str):
    """The records of one link kind a user may pick (what they may read)."""
    from danvan.activities.selectors import documents_for
    from danvan.campaigns.selectors import visible_campaigns

    model = _link_model(field)
    if field == "documents":
        return documents_for(user)
    if field == "campaigns":
        return visible_campaigns(user)
    return permissions.scope(model.objects.select_related("unit"), user, VIEW)


@transaction.atomic
def item_links_change(*, actor, item: ProgrammeItem, field: str, add: Iterable = (), remove: Iterable = (),
                      expected_version: int | None = None) -> ProgrammeItem:
    """Link (or unlink) documents, campaigns, activities or periodic reports to an item. A record is linked
    only if the actor may read it; whoever may report on the item or edit the programme may do this."""
    obj = lock(item, expected_version, related=("programme", "programme__unit", "owner_unit"))
    if not (permissions.can_report_programme_item(actor, obj) or permissions.can_edit_programme(actor, obj.programme)):
        permissions.ensure_can_report_programme_item(actor, obj)
    manager = getattr(obj, field)
    model = _link_model(field)
    add = [record for record in add if record is not None]
    remove_ids = {getattr(record, "pk", record) for record in remove}
    visible = visible_link_targets(actor, field)
    label = str(getattr(ProgrammeItem._meta.get_field(field), "verbose_name", field))
    for record in add:
        if not isinstance(record, model) or not visible.filter(pk=record.pk).exists():
            raise ValidationError({field: _("%(f)s: bạn không có quyền xem bản ghi được chọn.") % {
                "f": label[:1].upper() + label[1:]}})
    old = list(manager.all())
    old_ids = {record.pk for record in old}
    new_records = [record for record in old if record.pk not in remove_ids]
    new_records += [record for record in add if record.pk not in old_ids and record.pk not in remove_ids]
    if {r.pk for r in new_records} == old_ids:
        return obj
    manager.set(new_records)
    save_versioned(obj, expected_version=expected_version, update_fields=[])
    audit(actor=actor, action="programme.item.updated", target=obj,
          on_behalf=permissions.programme_item_reporting_on_behalf(actor, obj),
          # counts, not names (nor ids, which the history would resolve to names): whoever reads the item's
          # history may not be allowed to read the linked record
          note=_("Số %(what)s liên kết: %(old)s → %(new)s") % {"what": label, "old": len(old), "new": len(new_records)})
    return obj


# --- monthly status -----------------------------------------------------------------------------------------

@transaction.atomic
def item_record_status(*, actor, item: ProgrammeItem, status: str, month: datetime.date | None = None,
                       note: str = "", evidence: str = "", done_on: datetime.date | None = None,
                       expected_version: int | None = None) -> StatusUpdate:
    """The owner unit's status of an item for a month (default: this month), with a note and evidence links.

    The newest month's report is the item's status; reporting an earlier month only adds to the history.
    "Done" takes a completion date (default today); "dropped" and "overdue" need a note saying why."""
    obj = lock(item, expected_version, related=("programme", "programme__unit", "owner_unit"))
    permissions.ensure_can_report_programme_item(actor, obj)
    _ensure_approved(obj.programme)
    day = today()
    if status not in ProgrammeItem.Status.values:
        raise ValidationError({"status": _("Tình trạng: “%(v)s” không hợp lệ.") % {"v": status}})
    month = rules.month_start(month or day)
    start, _end = facts.year_bounds(obj.programme.year)
    if month > rules.month_start(day):
        raise ValidationError({"month": _("Tháng: chưa đến tháng %(m)s.") % {"m": month.strftime("%m/%Y")}})
    if month < rules.month_start(start):
        raise ValidationError({"month": _("Tháng: %(m)s trước năm %(y)s của chương trình.") % {
            "m": month.strftime("%m/%Y"), "y": obj.programme.year}})
    note = nfc(note)
    links = rules.evidence_lines(evidence)
    if status in (ProgrammeItem.Status.DROPPED, ProgrammeItem.Status.OVERDUE) and not note:
        raise ValidationError({"note": _("Ghi chú: hãy ghi lý do khi nhiệm vụ quá hạn hoặc dừng thực hiện.")})
    if status == ProgrammeItem.Status.DONE:
        done_on = done_on or day
        if done_on > day:
            raise ValidationError({"done_on": _("Ngày hoàn thành: ngày %(d)s ở tương lai.") % {
                "d": done_on.strftime("%d/%m/%Y")}})
    else:
        done_on = None
    on_behalf = permissions.programme_item_reporting_on_behalf(actor, obj)
    update = StatusUpdate.objects.create(item=obj, month=month, status=status, note=note, evidence="\n".join(links),
                                         done_on=done_on, recorded_by=actor if getattr(actor, "pk", None) else None,
                                         on_behalf=on_behalf)
    newest = obj.updates.order_by("-month", "-recorded_at", "-id").first()
    before = snapshot(obj, ["status", "status_month", "status_note", "done_on"])
    if newest is not None and newest.pk == update.pk:
        obj.status, obj.status_month, obj.status_note, obj.done_on = status, month, note, done_on
        save_versioned(obj, expected_version=expected_version,
                       update_fields=["status", "status_month", "status_note", "done_on"])
    changes = diff(before, snapshot(obj, ["status", "status_month", "status_note", "done_on"]))
    audit(actor=actor, action="programme.item.recorded", target=obj, on_behalf=on_behalf,
          note=_("Tình trạng tháng %(m)s: %(s)s") % {"m": month.strftime("%m/%Y"),
                                                     "s": ProgrammeItem.Status(status).label}
          + (f" — {note}" if note else "") + ("".join(f"\n{link}" for link in links)),
          changes=changes)
    facts.sync_item(obj)
    return update


# --- draft from last year's Part Two ------------------------------------------------------------------------

def part_two_text(unit: OrgUnit, year: int) -> tuple[str, Any]:
    """(text, report) of Part Two of `unit`'s annual report for `year` (historical boundaries first)."""
    from danvan.annual import outline
    from danvan.annual.models import AnnualReport
    from danvan.annual.selectors import current_texts

    reports = list(AnnualReport.objects.filter(unit=unit, year=year, half=0).order_by("boundaries"))
    reports.sort(key=lambda r: r.boundaries != AnnualReport.Boundaries.HISTORICAL)
    for report in reports:
        text = (current_texts(report).get(outline.PART_TWO) or "").strip()
        if text:
            return text, report
    return "", (reports[0] if reports else None)


@transaction.atomic
def draft_from_part_two(*, actor, programme: Programme, on_behalf: bool | None = None) -> list[ProgrammeItem]:
    """One key task per item, line or bullet of Part Two ("Phương hướng, nhiệm vụ năm …") of the unit's
    annual report for the previous year. Lines already in the programme are skipped, so a second click adds
    nothing. Raises NothingToDraft (in Vietnamese) when there is no such report or its Part Two is empty."""
    programme = lock(programme, None, related=("unit",))
    effective = _ensure_edit(actor, programme, on_behalf)
    _ensure_draft(programme)
    last_year = programme.year - 1
    text, report = part_two_text(programme.unit, last_year)
    if report is None:
        raise NothingToDraft(_("Chưa có báo cáo tổng kết năm %(y)s của “%(u)s” nên chưa có Phần thứ hai để lập dự "
                               "thảo. Hãy thêm nhiệm vụ bằng tay hoặc nhập từ tệp.") % {
            "y": last_year, "u": programme.unit.name}, code="no_report")
    lines = rules.part_two_lines(text)
    if not lines:
        raise NothingToDraft(_("Phần thứ hai (phương hướng, nhiệm vụ năm %(y)s) của báo cáo tổng kết năm %(ly)s chưa "
                               "có nội dung.") % {"y": programme.year, "ly": last_year}, code="empty_part_two")
    existing = {fold(title) for title in programme.items.values_list("title", flat=True)}
    number = _next_number(programme, ProgrammeItem.Kind.TASK)
    created: list[ProgrammeItem] = []
    note = _("Tạo từ Phần thứ hai báo cáo tổng kết năm %(y)s") % {"y": last_year}
    for line in lines:
        title, description = rules.split_title(line)
        if fold(title) in existing:
            continue
        existing.add(fold(title))
        item = ProgrammeItem(programme=programme, kind=ProgrammeItem.Kind.TASK, number=number, title=title,
                             description=description, owner_unit=programme.unit, source="part_two")
        rules.normalise_item(item)
        number += 1
        created.append(item)
    ProgrammeItem.objects.bulk_create(created)
    audit_bulk([{"actor": actor, "action": "programme.item.created", "target": item, "created": True,
                 "on_behalf": effective, "note": note} for item in created])
    return created


# --- import -----------------------------------------------------------------------------------------------

@transaction.atomic
def items_import_bulk(*, actor, rows: list[dict]) -> ImportResult:
    """Write validated import rows: each {"programme": Programme (maybe unsaved), "item": ProgrammeItem,
    "current": ProgrammeItem | None, "cooperating": [OrgUnit] | None, "on_behalf": bool}. New programmes are
    created as drafts; new items in bulk; changed items saved with their version bumped; one audit_bulk."""
    result = ImportResult()
    entries: list[dict[str, Any]] = []
    note = _("Nhập từ tệp")
    saved: dict[tuple[int, int], Programme] = {}
    for row in rows:
        programme = row["programme"]
        key = (programme.unit_id, programme.year)
        if programme.pk is None:
            if key not in saved:
                permissions.ensure_can(actor, WRITE, programme.unit, on_behalf=True)
                programme.created_by = actor if getattr(actor, "pk", None) else None
                programme.save()
                saved[key] = programme
                entries.append({"actor": actor, "action": "programme.programme.created", "target": programme,
                                "created": True, "on_behalf": row["on_behalf"], "note": note})
            row["programme"] = saved[key]
            row["item"].programme = saved[key]
    new = [row for row in rows if row["current"] is None]
    numbers: dict[int, dict[str, int]] = {}
    for row in new:
        item = row["item"]
        if not item.number:
            per_kind = numbers.setdefault(item.programme.pk, {})
            if item.kind not in per_kind:
                per_kind[item.kind] = _next_number(item.programme, item.kind) - 1
            per_kind[item.kind] += 1
            item.number = per_kind[item.kind]
    ProgrammeItem.objects.bulk_create([row["item"] for row in new])
    for row in new:
        if row["cooperating"]:
            row["item"].cooperating_units.set(row["cooperating"])
        entries.append({"actor": actor, "action": "programme.item.imported", "target": row["item"], "created": True,
                        "on_behalf": row["on_behalf"], "note": note})
    result.created = len(new)
    for row in rows:
        current = row["current"]
        if current is None:
            continue
        item = row["item"]
        changes = diff(snapshot(current), snapshot(item))
        changes.pop("created_at", None)
        if row["cooperating"] is not None:
            old = list(current.cooperating_units.all())
            if {u.pk for u in old} != {u.pk for u in row["cooperating"]}:
                item.cooperating_units.set(row["cooperating"])
                changes["cooperating_units"] = [[u.name for u in old], [u.name for u in row["cooperating"]]]
        if not changes:
            result.unchanged += 1
            continue
        save_versioned(item, expected_version=None, update_fields=[*ITEM_FIELDS, "search_text"])
        entries.append({"actor": actor, "action": "programme.item.updated", "target": item, "changes": changes,
                        "on_behalf": row["on_behalf"], "note": note})
        result.updated += 1
    audit_bulk(entries)
    return result
