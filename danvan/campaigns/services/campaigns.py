"""Writes of campaigns, their targets, reported results and links."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.concurrency import save_versioned
from danvan.core.db import insert_unique
from danvan.core.text import fold, nfc
from danvan.orgunits.models import OrgUnit
from danvan.reports.facts import replace_facts

from ..facts import PROGRESS_SOURCE, progress_entry_facts
from ..models import Campaign, CampaignLink, ProgressEntry, Target
from .validation import _check_day, _check_participates, to_vnd

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
