"""Writes of the append-only money ledger: record an entry, reverse one (never update or delete)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core.audit import audit_create
from danvan.core.clock import today as _today
from danvan.core.db import insert_unique
from danvan.core.formatting import format_date_short
from danvan.core.text import fold, nfc
from danvan.orgunits.models import OrgUnit
from danvan.reports.facts import replace_facts

from ..facts import LEDGER_SOURCE, ledger_entry_facts
from ..models import Campaign, LedgerEntry
from .validation import _check_day, _check_participates, _check_unit_exists_on, to_vnd

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
