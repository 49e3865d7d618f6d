"""Writes for campaigns: every change checks permission, validates, audits and updates facts in one transaction.

The UI, the API and the importers call these functions; no other code writes campaign records.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core import uploads
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.clock import today as _today
from danvan.core.concurrency import lock, save_versioned
from danvan.core.db import insert_unique
from danvan.core.formatting import format_date_short
from danvan.core.parsing import parse_decimal
from danvan.core.text import fold, nfc
from danvan.core.workflow import transition
from danvan.orgunits.models import OrgUnit
from danvan.reports.facts import replace_facts

from .facts import HOUSE_SOURCE, LEDGER_SOURCE, PROGRESS_SOURCE, house_facts, ledger_entry_facts, progress_entry_facts
from .models import Campaign, CampaignLink, House, HousePhoto, LedgerEntry, ProgressEntry, Target

# -- shared validation --------------------------------------------------------------------------------------


def to_vnd(value, *, field: str, label: str, allow_zero: bool = False) -> Decimal:
    """An exact amount in đồng: a Decimal, int or numeric string with no fractional part; never a float."""
    if isinstance(value, float):
        raise ValidationError({field: _("“%(label)s” phải là số chính xác, không dùng số thực dấu phẩy động.")
                               % {"label": label}}, code="float")
    if isinstance(value, bool) or value in (None, ""):
        raise ValidationError({field: _("“%(label)s” không được để trống.") % {"label": label}}, code="required")
    # Text is read by the one parser of forms, files and the API: "50.000.000", "17,6", "50000000".
    parsed = parse_decimal(value) if isinstance(value, str) else None
    try:
        amount = parsed if parsed is not None else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("“%(label)s”: “%(v)s” không phải là số.") % {"label": label, "v": value}},
                              code="invalid") from None
    if not amount.is_finite():
        raise ValidationError({field: _("“%(label)s” không hợp lệ.") % {"label": label}}, code="invalid")
    if amount != amount.to_integral_value():
        raise ValidationError({field: _("“%(label)s” tính bằng đồng, không có phần thập phân (nhận được %(v)s).")
                               % {"label": label, "v": value}}, code="precision")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError({field: _("“%(label)s” phải lớn hơn 0.") % {"label": label}}, code="not_positive")
    if len(amount.to_integral_value().as_tuple().digits) > 18:
        raise ValidationError({field: _("“%(label)s” quá lớn.") % {"label": label}}, code="too_large")
    return amount.quantize(Decimal(1))


def _check_day(day, *, field: str, label: str) -> datetime.date:
    if not isinstance(day, datetime.date):
        raise ValidationError({field: _("“%(label)s” không được để trống.") % {"label": label}}, code="required")
    if day > _today():
        raise ValidationError({field: _("“%(label)s” (%(d)s) không được ở tương lai.")
                               % {"label": label, "d": format_date_short(day)}}, code="future")
    return day


def _check_participates(campaign: Campaign, unit: OrgUnit, *, field: str = "unit") -> None:
    if not campaign.includes_unit(unit):
        raise ValidationError({field: _("Đơn vị “%(unit)s” không tham gia cuộc vận động “%(c)s”.")
                               % {"unit": unit.name, "c": campaign.name}}, code="outside_campaign")


def _check_unit_exists_on(unit: OrgUnit, day: datetime.date, *, field: str = "unit") -> None:
    if not unit.is_valid_on(day):
        raise ValidationError({field: _("Đơn vị “%(unit)s” không tồn tại vào ngày %(d)s.")
                               % {"unit": unit.name, "d": format_date_short(day)}}, code="unit_not_valid")


# -- campaigns ----------------------------------------------------------------------------------------------

CAMPAIGN_FIELDS = ("kind", "name", "description", "participant_root", "start_date", "end_date")


def _campaign_search_text(campaign: Campaign) -> str:
    return fold(" ".join([campaign.name, campaign.description[:300], campaign.unit.name]))[:600]


def _validate_campaign(campaign: Campaign) -> None:
    campaign.name = nfc(campaign.name)
    if not campaign.name:
        raise ValidationError({"name": _("“Tên cuộc vận động” không được để trống.")})
    if campaign.end_date and campaign.start_date and campaign.end_date < campaign.start_date:
        raise ValidationError({"end_date": _("“Ngày kết thúc” không được trước “ngày bắt đầu”.")})
    campaign.full_clean(exclude=["participant_units", "search_text", "created_by"])


@transaction.atomic
def campaign_create(*, actor, unit: OrgUnit, name: str, start_date: datetime.date, kind: str = Campaign.Kind.CAMPAIGN,
                    description: str = "", end_date: datetime.date | None = None,
                    participant_root: OrgUnit | None = None, participant_units=(),
                    on_behalf: bool = False) -> Campaign:
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    campaign = Campaign(unit=unit, kind=kind, name=name, description=description or "", start_date=start_date,
                        end_date=end_date, participant_root=participant_root, created_by=actor)
    _validate_campaign(campaign)
    campaign.search_text = _campaign_search_text(campaign)
    campaign.save()
    campaign.participant_units.set(list(participant_units))
    audit_create(actor=actor, action="campaigns.campaign.created", target=campaign, on_behalf=on_behalf)
    if participant_units:
        audit(actor=actor, action="campaigns.campaign.participants_set", target=campaign, on_behalf=on_behalf,
              changes={"participant_units": [[], sorted(u.key for u in participant_units)]})
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, expected_version: int | None, on_behalf: bool = False,
                    participant_units=None, **fields) -> Campaign:
    ensure_can(actor, "write", campaign.unit, on_behalf=on_behalf)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValueError(f"campaign_update: unknown fields {sorted(unknown)}")
    before = snapshot(campaign)
    for name, value in fields.items():
        setattr(campaign, name, value)
    _validate_campaign(campaign)
    campaign.search_text = _campaign_search_text(campaign)
    save_versioned(campaign, expected_version=expected_version, update_fields=[*fields, "search_text"])
    changes = diff(before, snapshot(campaign))
    if participant_units is not None:
        old = sorted(campaign.participant_units.values_list("key", flat=True))
        new = sorted(u.key for u in participant_units)
        if old != new:
            campaign.participant_units.set(list(participant_units))
            changes["participant_units"] = [old, new]
    campaign._participant_paths = None
    if changes:
        audit(actor=actor, action="campaigns.campaign.updated", target=campaign, changes=changes,
              on_behalf=on_behalf)
    return campaign


# -- targets ------------------------------------------------------------------------------------------------


@transaction.atomic
def target_set(*, actor, campaign: Campaign, metric: str, value, unit: OrgUnit | None = None, code: str = "",
               label: str = "", unit_of_measure: str = "", on_behalf: bool = False) -> Target:
    """Create or change the target of one metric, for the whole campaign or one participating unit."""
    ensure_can(actor, "write", campaign.unit, on_behalf=on_behalf)
    if metric not in Target.Metric.values:
        raise ValidationError({"metric": _("“Chỉ tiêu” không hợp lệ.")})
    code = (code or "").strip()
    if metric == Target.Metric.CUSTOM:
        if not code:
            raise ValidationError({"code": _("“Mã chỉ tiêu” là bắt buộc với chỉ tiêu khác.")})
        if not unit_of_measure.strip():
            raise ValidationError({"unit_of_measure": _("“Đơn vị tính” là bắt buộc với chỉ tiêu khác.")})
        if code in Target.Metric.values:
            raise ValidationError({"code": _("“Mã chỉ tiêu” trùng với một chỉ tiêu có sẵn.")})
    else:
        code = ""
    amount = to_vnd(value, field="value", label=_("Chỉ tiêu (kế hoạch)"))
    if unit is not None:
        _check_participates(campaign, unit)
    target = Target.objects.filter(campaign=campaign, metric=metric, code=code, unit=unit).first()
    if target is None:
        target = Target(campaign=campaign, metric=metric, code=code, unit=unit, value=amount, label=label.strip(),
                        unit_of_measure=unit_of_measure.strip())
        target.full_clean(validate_constraints=False)
        insert_unique(target)
        audit_create(actor=actor, action="campaigns.target.set", target=target, unit=campaign.unit,
                     on_behalf=on_behalf)
        return target
    before = snapshot(target)
    target.value, target.label, target.unit_of_measure = amount, label.strip(), unit_of_measure.strip()
    target.full_clean(validate_constraints=False)
    target.save()
    changes = diff(before, snapshot(target))
    if changes:
        audit(actor=actor, action="campaigns.target.set", target=target, unit=campaign.unit, changes=changes,
              on_behalf=on_behalf)
    return target


@transaction.atomic
def target_delete(*, actor, target: Target, on_behalf: bool = False) -> None:
    ensure_can(actor, "write", target.campaign.unit, on_behalf=on_behalf)
    audit(actor=actor, action="campaigns.target.deleted", target=target, unit=target.campaign.unit,
          changes={k: [v, None] for k, v in snapshot(target).items()}, on_behalf=on_behalf)
    target.delete()


# -- the ledger ---------------------------------------------------------------------------------------------


def _ledger_search_text(entry: LedgerEntry) -> str:
    return fold(" ".join([entry.donor_name, entry.in_kind_description, entry.note, entry.external_ref]))[:500]


def build_ledger_entry(*, actor, campaign: Campaign, unit: OrgUnit, kind: str, amount, day: datetime.date,
                       form: str = LedgerEntry.Form.CASH, in_kind_description: str = "",
                       donor_kind: str = LedgerEntry.DonorKind.ORGANISATION, donor_name: str = "", note: str = "",
                       external_ref: str = "", on_behalf: bool = False, check_permission: bool = True) -> LedgerEntry:
    """Validate one new original entry (not saved). Shared by `ledger_record` and the importer (which checks the
    permission of every row itself, so that a file's report lists every problem at once)."""
    if check_permission:
        ensure_can(actor, "write", unit, on_behalf=on_behalf)
    errors: dict[str, list[str]] = {}

    def collect(check):
        try:
            return check()
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
            return None

    if kind not in LedgerEntry.Kind.values:
        errors["kind"] = [_("“Loại bút toán” phải là cam kết hoặc thực nhận.")]
    if form not in LedgerEntry.Form.values:
        errors["form"] = [_("“Hình thức” phải là tiền hoặc hiện vật.")]
    if donor_kind not in LedgerEntry.DonorKind.values:
        errors["donor_kind"] = [_("“Người ủng hộ là” không hợp lệ.")]
    value = collect(lambda: to_vnd(amount, field="amount", label=_("Số tiền")))
    day = collect(lambda: _check_day(day, field="day", label=_("Ngày")))
    if day and day < campaign.start_date:
        errors.setdefault("day", []).append(
            _("“Ngày” (%(d)s) trước ngày bắt đầu cuộc vận động (%(s)s).")
            % {"d": format_date_short(day), "s": format_date_short(campaign.start_date)})
    collect(lambda: _check_participates(campaign, unit))
    if day:
        collect(lambda: _check_unit_exists_on(unit, day))
    donor_name = nfc(donor_name)
    if donor_kind == LedgerEntry.DonorKind.ANONYMOUS:
        donor_name = ""
    elif donor_kind in LedgerEntry.DonorKind.values and not donor_name:
        errors["donor_name"] = [_("“Tên người, tổ chức ủng hộ” không được để trống (chọn “Ẩn danh” nếu không rõ).")]
    in_kind_description = nfc(in_kind_description)
    if form == LedgerEntry.Form.IN_KIND and not in_kind_description:
        errors["in_kind_description"] = [_("“Mô tả hiện vật” là bắt buộc khi ủng hộ bằng hiện vật.")]
    external_ref = (external_ref or "").strip()
    if external_ref and LedgerEntry.objects.filter(campaign=campaign, external_ref=external_ref).exists():
        errors["external_ref"] = [_("“Mã tham chiếu” %(r)s đã có trong sổ quỹ của cuộc vận động.")
                                  % {"r": external_ref}]
    if errors:
        raise ValidationError(errors)
    entry = LedgerEntry(campaign=campaign, unit=unit, kind=kind, form=form, in_kind_description=in_kind_description,
                        amount=value, day=day, donor_kind=donor_kind, donor_name=donor_name, note=nfc(note),
                        external_ref=external_ref, created_by=actor if getattr(actor, "pk", None) else None,
                        on_behalf=on_behalf)
    entry.search_text = _ledger_search_text(entry)
    return entry


@transaction.atomic
def ledger_record(*, actor, campaign: Campaign, unit: OrgUnit, kind: str, amount, day: datetime.date,
                  form: str = LedgerEntry.Form.CASH, in_kind_description: str = "",
                  donor_kind: str = LedgerEntry.DonorKind.ORGANISATION, donor_name: str = "", note: str = "",
                  external_ref: str = "", on_behalf: bool = False) -> LedgerEntry:
    """Append a pledge or a receipt (cash, or in kind valued in đồng) to the campaign's ledger."""
    entry = build_ledger_entry(actor=actor, campaign=campaign, unit=unit, kind=kind, amount=amount, day=day,
                               form=form, in_kind_description=in_kind_description, donor_kind=donor_kind,
                               donor_name=donor_name, note=note, external_ref=external_ref, on_behalf=on_behalf)
    insert_unique(entry)  # a parallel entry with the same reference: 409
    audit_create(actor=actor, action="campaigns.ledger.recorded", target=entry, on_behalf=on_behalf)
    replace_facts(source=LEDGER_SOURCE, source_id=entry.pk, facts=ledger_entry_facts(entry))
    return entry


@transaction.atomic
def ledger_reverse(*, actor, entry: LedgerEntry, reason: str, day: datetime.date | None = None,
                   on_behalf: bool = False) -> LedgerEntry:
    """Cancel an entry (a correction or a refund) with a new entry of the negated amount.

    To correct an amount: reverse the wrong entry, then record the right one.
    """
    ensure_can(actor, "write", entry.unit, on_behalf=on_behalf)
    # Lock the original so two people cannot reverse it at once (the one-to-one constraint backs this up).
    original = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("“Lý do” đảo bút toán không được để trống.")})
    if original.is_reversal:
        raise ValidationError({"reverses": _("Không thể đảo một bút toán đảo; hãy ghi một bút toán mới.")})
    if LedgerEntry.objects.filter(reverses=original).exists():
        raise ValidationError({"reverses": _("Bút toán này đã được đảo trước đó.")})
    day = _check_day(day or _today(), field="day", label=_("Ngày"))
    if day < original.day:
        raise ValidationError({"day": _("“Ngày” đảo bút toán không được trước ngày của bút toán gốc (%(d)s).")
                               % {"d": format_date_short(original.day)}})
    reversal = LedgerEntry(
        campaign_id=original.campaign_id, unit_id=original.unit_id, kind=original.kind, form=original.form,
        in_kind_description=original.in_kind_description, amount=-original.amount, day=day,
        donor_kind=original.donor_kind, donor_name=original.donor_name, reverses=original, note=reason,
        created_by=actor if getattr(actor, "pk", None) else None, on_behalf=on_behalf,
    )
    reversal.search_text = _ledger_search_text(reversal)
    try:
        with transaction.atomic():
            reversal.save()
    except IntegrityError:
        raise ValidationError({"reverses": _("Bút toán này đã được đảo trước đó.")}) from None
    audit_create(actor=actor, action="campaigns.ledger.reversed", target=reversal, on_behalf=on_behalf,
                 note=reason)
    replace_facts(source=LEDGER_SOURCE, source_id=reversal.pk, facts=ledger_entry_facts(reversal))
    return reversal


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


# -- reported results and links -----------------------------------------------------------------------------


@transaction.atomic
def progress_record(*, actor, campaign: Campaign, unit: OrgUnit, metric: str, value, day: datetime.date,
                    note: str = "", on_behalf: bool = False) -> ProgressEntry:
    """Report a result for participants or a custom metric (houses and money are counted from their records)."""
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    allowed = {"participants"} | set(campaign.targets.filter(metric=Target.Metric.CUSTOM).values_list("code",
                                                                                                     flat=True))
    if metric not in allowed:
        raise ValidationError({"metric": _("“Chỉ tiêu” phải là số người tham gia hoặc một chỉ tiêu khác của cuộc "
                                           "vận động.")})
    note = nfc(note)
    # A negative value is allowed only as an explicit correction, with its reason in the note.
    negative = str(value).strip().startswith("-")
    if negative and not note:
        raise ValidationError({"value": _("“Kết quả” âm chỉ dùng để điều chỉnh giảm và phải ghi lý do ở “Ghi chú”.")})
    number = to_vnd(str(value).strip().lstrip("-") if negative else value, field="value", label=_("Kết quả"))
    number = -number if negative else number
    _check_day(day, field="day", label=_("Ngày"))
    _check_participates(campaign, unit)
    entry = ProgressEntry(campaign=campaign, unit=unit, metric=metric, value=number, day=day, note=note,
                          created_by=actor if getattr(actor, "pk", None) else None)
    entry.save()
    replace_facts(source=PROGRESS_SOURCE, source_id=entry.pk, facts=progress_entry_facts(entry))
    audit_create(actor=actor, action="campaigns.progress.recorded", target=entry, on_behalf=on_behalf)
    return entry


@transaction.atomic
def link_add(*, actor, campaign: Campaign, target_type: str, target_id: int, title: str,
             on_behalf: bool = False) -> CampaignLink:
    ensure_can(actor, "write", campaign.unit, on_behalf=on_behalf)
    if target_type not in CampaignLink.TargetType.values:
        raise ValidationError({"target_type": _("“Loại bản ghi” không hợp lệ.")})
    title = nfc(title)
    if not title:
        raise ValidationError({"title": _("“Tiêu đề” không được để trống.")})
    if CampaignLink.objects.filter(campaign=campaign, target_type=target_type, target_id=target_id).exists():
        raise ValidationError({"target_id": _("Bản ghi này đã được liên kết với cuộc vận động.")})
    link = insert_unique(CampaignLink(campaign=campaign, target_type=target_type, target_id=target_id, title=title,
                                      created_by=actor if getattr(actor, "pk", None) else None))
    audit(actor=actor, action="campaigns.campaign.link_added", target=campaign, on_behalf=on_behalf,
          changes={"link": [None, f"{target_type}#{target_id} {title}"]})
    return link
