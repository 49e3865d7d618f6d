"""A programme's items, the records that carry them out, and their monthly status."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts import permissions
from danvan.accounts.permissions import VIEW
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.clock import today
from danvan.core.concurrency import lock, save_versioned
from danvan.core.text import nfc
from danvan.orgunits.models import OrgUnit

from .. import facts, rules
from ..models import Programme, ProgrammeItem, StatusUpdate
from .programmes import (
    ITEM_FIELDS,
    LINK_FIELDS,
    _ensure_approved,
    _ensure_draft,
    _ensure_edit,
)

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
