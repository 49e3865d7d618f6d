"""Writes of houses (or other deliverables): create, edit, advance through their steps, photos."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core import uploads
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.clock import today as _today
from danvan.core.concurrency import lock, save_versioned
from danvan.core.db import insert_unique
from danvan.core.formatting import format_date_short
from danvan.core.text import fold, nfc
from danvan.core.workflow import transition
from danvan.orgunits.models import OrgUnit
from danvan.reports.facts import replace_facts

from ..facts import HOUSE_SOURCE, house_facts
from ..models import Campaign, House, HousePhoto
from .validation import _check_participates, to_vnd

# -- houses -------------------------------------------------------------------------------------------------

HOUSE_DETAIL_FIELDS = ("kind", "beneficiary_name", "beneficiary_address", "beneficiary_category", "unit_cost",
                       "funding_sources", "note")
STATUS_DATE = {House.Status.STARTED: "started_on", House.Status.COMPLETED: "completed_on",
               House.Status.HANDED_OVER: "handed_over_on"}


def beneficiary_key(unit_id: int, name: str, address: str) -> str:
    return f"{unit_id}|{fold(name)}|{fold(address)}"[:600]


def _house_search_text(house: House) -> str:
    return fold(" ".join([house.beneficiary_name, house.beneficiary_address, house.funding_sources,
                          house.external_ref]))[:600]


def house_date_errors(house: House) -> dict[str, list[str]]:
    """Dates must match the status and follow each other: started ≤ completed ≤ handed over ≤ today."""
    errors: dict[str, list[str]] = {}
    rank = House.ORDER.index(house.status)
    labels = {"started_on": _("Ngày khởi công"), "completed_on": _("Ngày hoàn thành"),
              "handed_over_on": _("Ngày bàn giao")}
    for index, status in enumerate(House.ORDER[1:], start=1):
        field = STATUS_DATE[status]
        value = getattr(house, field)
        if index <= rank and value is None:
            errors.setdefault(field, []).append(_("“%(label)s” là bắt buộc khi nhà ở trạng thái “%(s)s”.")
                                                % {"label": labels[field], "s": house.get_status_display()})
        elif index > rank and value is not None:
            errors.setdefault(field, []).append(_("“%(label)s” chỉ được ghi khi nhà đã đến bước này (trạng thái hiện "
                                                  "tại: “%(s)s”).") % {"label": labels[field],
                                                                      "s": house.get_status_display()})
        elif value is not None and value > _today():
            errors.setdefault(field, []).append(_("“%(label)s” (%(d)s) không được ở tương lai.")
                                                % {"label": labels[field], "d": format_date_short(value)})
    started, completed, handed = house.started_on, house.completed_on, house.handed_over_on
    if started and completed and completed < started:
        errors.setdefault("completed_on", []).append(
            _("“Ngày hoàn thành” (%(a)s) không được trước “ngày khởi công” (%(b)s).")
            % {"a": format_date_short(completed), "b": format_date_short(started)})
    if handed and started and handed < started:
        errors.setdefault("handed_over_on", []).append(
            _("“Ngày bàn giao” (%(a)s) không được trước “ngày khởi công” (%(b)s): nhà chưa khởi công thì chưa thể "
              "bàn giao.") % {"a": format_date_short(handed), "b": format_date_short(started)})
    elif handed and completed and handed < completed:
        errors.setdefault("handed_over_on", []).append(
            _("“Ngày bàn giao” (%(a)s) không được trước “ngày hoàn thành” (%(b)s).")
            % {"a": format_date_short(handed), "b": format_date_short(completed)})
    return errors


def validate_house(house: House, *, exclude_pk: int | None = None, known_keys: dict[str, int] | None = None) -> None:
    """Field rules for a house about to be saved (new or changed); raises one ValidationError with every problem.

    `known_keys` ({beneficiary_key: house pk} of the campaign, preloaded by importers) replaces the per-house
    duplicate query."""
    errors: dict[str, list[str]] = {}
    house.beneficiary_name = nfc(house.beneficiary_name)
    house.beneficiary_address = nfc(house.beneficiary_address)
    if not house.beneficiary_name:
        errors["beneficiary_name"] = [_("“Hộ được hỗ trợ (chủ hộ)” không được để trống.")]
    try:
        house.unit_cost = to_vnd(house.unit_cost, field="unit_cost", label=_("Kinh phí"))
    except ValidationError as error:
        errors.update(error.message_dict)
    if house.kind not in House.Kind.values:
        errors["kind"] = [_("“Loại công trình” không hợp lệ.")]
    if house.beneficiary_category not in House.Category.values:
        errors["beneficiary_category"] = [_("“Đối tượng” không hợp lệ.")]
    if house.status not in House.Status.values:
        errors["status"] = [_("“Trạng thái” không hợp lệ.")]
    else:
        for key, messages in house_date_errors(house).items():
            errors.setdefault(key, []).extend(messages)
    try:
        _check_participates(house.campaign, house.unit)
    except ValidationError as error:
        errors.update(error.message_dict)
    if house.unit.kind != OrgUnit.Kind.COMMUNE:
        errors.setdefault("unit", []).append(_("“Xã, phường” phải là đơn vị cấp xã (nhận được “%(u)s”).")
                                             % {"u": house.unit.name})
    if house.beneficiary_name:
        house.beneficiary_key = beneficiary_key(house.unit_id, house.beneficiary_name, house.beneficiary_address)
        if known_keys is not None:
            other_pk = known_keys.get(house.beneficiary_key)
            other_pk = None if other_pk == exclude_pk else other_pk
        else:
            duplicate = House.objects.filter(campaign_id=house.campaign_id, beneficiary_key=house.beneficiary_key)
            if exclude_pk:
                duplicate = duplicate.exclude(pk=exclude_pk)
            other_pk = duplicate.values_list("pk", flat=True).first()
        if other_pk is not None:
            errors.setdefault("beneficiary_name", []).append(
                _("Hộ “%(name)s” (%(unit)s) đã được tính một lần trong cuộc vận động này (mã nhà %(pk)s); một hộ "
                  "không được tính hai lần.") % {"name": house.beneficiary_name, "unit": house.unit.name,
                                                "pk": other_pk})
    if errors:
        raise ValidationError(errors)
    house.search_text = _house_search_text(house)


@transaction.atomic
def house_create(*, actor, campaign: Campaign, unit: OrgUnit, beneficiary_name: str, unit_cost,
                 beneficiary_address: str = "", beneficiary_category: str = House.Category.POOR,
                 kind: str = House.Kind.GRATITUDE, funding_sources: str = "", status: str = House.Status.PLANNED,
                 started_on=None, completed_on=None, handed_over_on=None, external_ref: str = "", note: str = "",
                 on_behalf: bool = False) -> House:
    """Register a house; it may be registered at a later stage (with every date up to that stage)."""
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    house = House(campaign=campaign, unit=unit, beneficiary_name=beneficiary_name,
                  beneficiary_address=beneficiary_address, beneficiary_category=beneficiary_category, kind=kind,
                  unit_cost=unit_cost, funding_sources=nfc(funding_sources), status=status, started_on=started_on,
                  completed_on=completed_on, handed_over_on=handed_over_on, external_ref=(external_ref or "").strip(),
                  note=nfc(note), created_by=actor if getattr(actor, "pk", None) else None)
    validate_house(house)
    if house.external_ref and House.objects.filter(campaign=campaign, external_ref=house.external_ref).exists():
        raise ValidationError({"external_ref": _("“Mã tham chiếu” %(r)s đã có trong cuộc vận động.")
                               % {"r": house.external_ref}})
    insert_unique(house)  # a parallel house with the same reference or beneficiary: 409
    audit_create(actor=actor, action="campaigns.house.created", target=house, on_behalf=on_behalf)
    replace_facts(source=HOUSE_SOURCE, source_id=house.pk, facts=house_facts(house))
    return house


@transaction.atomic
def house_update(*, actor, house: House, expected_version: int | None, on_behalf: bool = False, **fields) -> House:
    """Change the details of a house (not its status: that goes through `house_advance`)."""
    ensure_can(actor, "write", house.unit, on_behalf=on_behalf)
    unknown = set(fields) - set(HOUSE_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"house_update: unknown fields {sorted(unknown)}")
    before = snapshot(house)
    for name, value in fields.items():
        setattr(house, name, value)
    validate_house(house, exclude_pk=house.pk)
    save_versioned(house, expected_version=expected_version,
                   update_fields=[*fields, "beneficiary_key", "search_text"])
    changes = diff(before, snapshot(house))
    if changes:
        audit(actor=actor, action="campaigns.house.updated", target=house, changes=changes, on_behalf=on_behalf)
        replace_facts(source=HOUSE_SOURCE, source_id=house.pk, facts=house_facts(house))
    return house


ADVANCE_ACTIONS = {House.Status.STARTED: "campaigns.house.started", House.Status.COMPLETED: "campaigns.house.completed",
                   House.Status.HANDED_OVER: "campaigns.house.handed_over"}


@transaction.atomic
def house_advance(*, actor, house: House, to: str, day: datetime.date, expected_version: int | None = None,
                  note: str = "", on_behalf: bool = False) -> House:
    """One workflow step: started, completed or handed over, on a given day (audited, facts updated)."""
    ensure_can(actor, "write", house.unit, on_behalf=on_behalf)
    current = lock(house, expected_version, message=_(
        "Nhà này vừa được người khác cập nhật. Hãy tải lại trang rồi thực hiện lại."))
    house.status, house.version = current.status, current.version
    house.started_on, house.completed_on = current.started_on, current.completed_on
    if to not in ADVANCE_ACTIONS:
        raise ValidationError({"status": _("“Trạng thái” không hợp lệ.")})
    if to not in House.TRANSITIONS.get(house.status, set()):
        if to == House.Status.HANDED_OVER and house.status in (House.Status.PLANNED, House.Status.STARTED):
            message = _("Không thể bàn giao nhà chưa hoàn thành (trạng thái hiện tại: “%(s)s”).")
        elif to == House.Status.COMPLETED and house.status == House.Status.PLANNED:
            message = _("Không thể ghi hoàn thành cho nhà chưa khởi công (trạng thái hiện tại: “%(s)s”).")
        else:
            message = _("Không thể chuyển nhà sang bước này từ trạng thái “%(s)s”.")
        raise ValidationError({"status": message % {"s": house.get_status_display()}}, code="invalid_transition")
    field = STATUS_DATE[to]
    probe = House(status=to, started_on=house.started_on, completed_on=house.completed_on,
                  handed_over_on=house.handed_over_on)
    setattr(probe, field, day)
    errors = house_date_errors(probe)
    if not isinstance(day, datetime.date):
        errors = {field: [_("Ngày là bắt buộc.")]}
    if errors:
        raise ValidationError(errors)
    transition(house, to=to, actor=actor, action=ADVANCE_ACTIONS[to], note=nfc(note), extra_fields={field: day},
               on_behalf=on_behalf)
    replace_facts(source=HOUSE_SOURCE, source_id=house.pk, facts=house_facts(house))
    return house


@transaction.atomic
def photo_add(*, actor, house: House, upload, caption: str = "", on_behalf: bool = False) -> HousePhoto:
    """Attach a JPEG or PNG photo: checked by size, by extension and by the file's first bytes."""
    ensure_can(actor, "write", house.unit, on_behalf=on_behalf)
    info = uploads.check_upload(upload, allowed=uploads.IMAGES)
    photo = HousePhoto(house=house, original_name=info.name, content_type=info.content_type,
                       size=upload.size, caption=nfc(caption)[:200],
                       uploaded_by=actor if getattr(actor, "pk", None) else None)
    photo.file.save(uploads.stored_name(info.extension), upload, save=False)
    photo.save()
    audit(actor=actor, action="campaigns.house.photo_added", target=house, on_behalf=on_behalf,
          changes={"photo": [None, photo.original_name]})
    return photo
