"""Programmes: create, edit, delete, approve and reopen (the field lists and permission helpers every write shares)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts import permissions
from danvan.accounts.permissions import on_behalf_for
from danvan.core.audit import audit, audit_bulk, audit_create, diff, snapshot
from danvan.core.concurrency import lock, save_versioned
from danvan.core.text import nfc
from danvan.core.workflow import transition
from danvan.orgunits.models import OrgUnit

from .. import facts, rules
from ..models import LINK_FIELD_CHOICES, Programme, StatusUpdate

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
