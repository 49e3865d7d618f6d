"""Activities, their closing-report attachments, dialogue issues and commitments."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import can, can_update_commitment, ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.concurrency import check_version, save_versioned
from danvan.core.db import insert_or_existing
from danvan.core.text import fold, nfc
from danvan.core.workflow import transition
from danvan.orgunits.models import OrgUnit

from .. import facts, uploads
from ..models import Activity, ActivityAttachment, Commitment, DialogueIssue, Document
from .common import add, merge_errors, today

EDITABLE_FIELDS = (
    "kind", "title", "purpose", "level", "sector", "status", "start_date", "end_date", "place_mode", "place",
    "connected_points", "participants", "attendees", "attendees_confirmed", "outlet", "link", "minutes",
    "issues_summary", "participating_organisations", "external_ref",
)
TEXT_FIELDS = ("title", "place", "outlet", "link", "minutes", "issues_summary", "participating_organisations",
               "external_ref")


def attendees_ceiling() -> int:
    """Above this many attendees (lượt người) per event the user must confirm the figure."""
    return int(getattr(settings, "ACTIVITY_ATTENDEES_CEILING", 20000))


def attendees_maximum() -> int:
    """Above this the figure is refused even with confirmation (a typing error)."""
    return int(getattr(settings, "ACTIVITY_ATTENDEES_MAXIMUM", 5_000_000))


def _apply(activity: Activity, fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown activity fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            value = nfc(value or "")
        setattr(activity, name, value)


def validate_activity(activity: Activity, *, check_unique: bool = True) -> None:
    """Every business rule of an activity; raises one ValidationError naming each bad field."""
    errors: dict[str, list] = {}
    unit, kind = activity.unit, getattr(activity, "kind", None) if activity.kind_id else None
    if not (activity.title or "").strip():
        add(errors, "title", _("Tên hoạt động không được để trống."))
    if kind is None:
        add(errors, "kind", _("Chưa chọn loại hoạt động."))
    elif not kind.is_active and activity._state.adding:
        add(errors, "kind", _("Loại hoạt động “%(k)s” đã ngừng sử dụng.") % {"k": kind.name})
    start, end = activity.start_date, activity.end_date
    if start is None:
        add(errors, "start_date", _("Ngày bắt đầu không được để trống."))
    else:
        if end is not None and end < start:
            add(errors, "end_date", _("Ngày kết thúc (%(end)s) trước ngày bắt đầu (%(start)s).") % {
                "end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")})
        if activity.status == Activity.Status.HELD:
            if start > today():
                add(errors, "start_date", _(
                    "Ngày bắt đầu %(d)s ở tương lai: hoạt động chưa diễn ra không thể ở trạng thái “Đã tổ chức”."
                ) % {"d": start.strftime("%d/%m/%Y")})
            elif end is not None and end > today():
                add(errors, "end_date", _(
                    "Ngày kết thúc %(d)s ở tương lai: hoạt động chưa kết thúc không thể ở trạng thái “Đã tổ chức”."
                ) % {"d": end.strftime("%d/%m/%Y")})
        if unit is not None and not unit.is_valid_on(start):
            add(errors, "unit", _("Đơn vị “%(u)s” không tồn tại vào ngày %(d)s.") % {
                "u": unit.name, "d": start.strftime("%d/%m/%Y")})
    for name, label in (("participants", _("Số người tham gia")), ("attendees", _("Số lượt người tham dự")),
                        ("connected_points", _("Số điểm cầu"))):
        value = getattr(activity, name)
        if value is not None and value < 0:
            add(errors, name, _("%(label)s không được là số âm.") % {"label": label})
    attendees = activity.attendees
    if attendees is not None and attendees >= 0:
        if attendees > attendees_maximum():
            add(errors, "attendees", _("Số lượt người tham dự %(n)s vượt quá mức hợp lý (%(max)s).") % {
                "n": f"{attendees:,}".replace(",", "."), "max": f"{attendees_maximum():,}".replace(",", ".")})
        elif attendees > attendees_ceiling() and not activity.attendees_confirmed:
            add(errors, "attendees", _(
                "Số lượt người tham dự %(n)s vượt mức %(max)s của một sự kiện: hãy kiểm tra lại và đánh dấu "
                "“xác nhận số lượt người vượt mức” nếu đúng.") % {
                "n": f"{attendees:,}".replace(",", "."), "max": f"{attendees_ceiling():,}".replace(",", ".")})
        if activity.participants and activity.participants > attendees:
            add(errors, "participants", _("Số người tham gia (%(p)s) lớn hơn số lượt người tham dự (%(a)s).") % {
                "p": activity.participants, "a": attendees})
    if activity.place_mode in (Activity.PlaceMode.ONLINE, Activity.PlaceMode.HYBRID) and not activity.connected_points:
        add(errors, "connected_points", _("Hội nghị trực tuyến hoặc kết hợp phải ghi số điểm cầu."))
    if kind is not None:
        if kind.is_conference and not activity.purpose:
            add(errors, "purpose", _("Hội nghị phải ghi mục đích (học tập, quán triệt, triển khai, tổng kết…)."))
        if not kind.is_conference:
            activity.purpose = ""  # purpose only qualifies conferences; anything else would be ignored
        if kind.is_media and not (activity.outlet or "").strip():
            add(errors, "outlet", _("Tin, bài, phóng sự phải ghi cơ quan báo chí."))
    if check_unique and activity.external_ref and unit is not None:
        clash = Activity.objects.filter(unit=unit, external_ref=activity.external_ref).exclude(pk=activity.pk)
        if clash.exists():
            add(errors, "external_ref", _("Mã tham chiếu “%(r)s” đã dùng cho một hoạt động khác của đơn vị.") % {
                "r": activity.external_ref})
    try:
        activity.full_clean(exclude=["unit", "kind", "sector", "created_by"], validate_unique=False,
                            validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if field not in errors:
                errors[field] = messages
    if errors:
        raise ValidationError(errors)


def _resolve_level(activity: Activity, level: str | None) -> None:
    if level and level != activity.unit.level:
        if level not in OrgUnit.Level.values:
            raise ValidationError({"level": _("Cấp “%(v)s” không hợp lệ.") % {"v": level}})
        activity.level, activity.level_overridden = level, True
    else:
        activity.level, activity.level_overridden = activity.unit.level, False


def _documents_text(documents: Iterable[Document]) -> str:
    return " ".join(d.symbol for d in documents)


def _refresh_search(activity: Activity, documents: Iterable[Document] | None = None) -> None:
    if documents is None:
        documents = activity.documents.all()
    activity.search_text = fold(" ".join([
        activity.title, activity.unit.name, activity.kind.name, activity.place, activity.outlet,
        activity.external_ref, _documents_text(documents)]))[:800]


@transaction.atomic
def activity_create(*, actor, unit: OrgUnit, on_behalf: bool = False, documents: Iterable[Document] = (),
                    submission_key: str = "", **fields) -> Activity:
    """Record an activity. A repeated `submission_key` returns the activity already created (double submit)."""
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    if submission_key:
        existing = Activity.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    documents = list(documents)
    level = fields.pop("level", None)
    if fields.get("sector") is None:
        fields["sector"] = unit.sector
    activity = Activity(unit=unit, submission_key=submission_key or "",
                        created_by=actor if getattr(actor, "pk", None) else None)
    _apply(activity, fields)
    _resolve_level(activity, level)
    validate_activity(activity)
    _refresh_search(activity, documents)

    def save() -> Activity:
        activity.save()
        return activity

    def find() -> Activity | None:
        return Activity.objects.filter(submission_key=submission_key).first() if submission_key else None

    # The same form posted twice at once (one submission_key): both get the one activity.
    saved, created = insert_or_existing(save, find)
    if not created:
        return saved
    activity.documents.set(documents)
    facts.sync_facts(activity)
    audit_create(actor=actor, action="activities.activity.created", target=activity, on_behalf=on_behalf)
    if documents:
        audit(actor=actor, action="activities.activity.documents", target=activity, on_behalf=on_behalf,
              changes={"documents": [[], [d.symbol for d in documents]]})
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, expected_version: int | None, on_behalf: bool = False,
                    documents: Iterable[Document] | None = None, **fields) -> Activity:
    ensure_can(actor, "write", activity.unit, on_behalf=on_behalf)
    before = snapshot(activity)
    old_docs = sorted(d.symbol for d in activity.documents.all())
    level = fields.pop("level", activity.level if activity.level_overridden else None)
    if "sector" in fields and fields["sector"] is None:
        fields["sector"] = activity.unit.sector
    _apply(activity, fields)
    _resolve_level(activity, level)
    validate_activity(activity)
    documents = list(documents) if documents is not None else list(activity.documents.all())
    _refresh_search(activity, documents)
    save_versioned(activity, expected_version=expected_version,
                   update_fields=[*EDITABLE_FIELDS, "level_overridden", "search_text"])
    activity.documents.set(documents)
    facts.sync_facts(activity)
    changes = diff(before, snapshot(activity))
    new_docs = sorted(d.symbol for d in documents)
    if new_docs != old_docs:
        changes["documents"] = [old_docs, new_docs]
    audit(actor=actor, action="activities.activity.updated", target=activity, on_behalf=on_behalf, changes=changes)
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: Activity, on_behalf: bool = False) -> None:
    ensure_can(actor, "write", activity.unit, on_behalf=on_behalf)
    audit(actor=actor, action="activities.activity.deleted", target=activity, on_behalf=on_behalf,
          changes={k: [v, None] for k, v in snapshot(activity).items()})
    facts.replace_facts(source=facts.SOURCE, source_id=activity.pk, facts=[])
    for attachment in activity.attachments.all():
        attachment.file.delete(save=False)
    activity.delete()


@transaction.atomic
def attachment_add(*, actor, activity: Activity, upload, on_behalf: bool = False) -> ActivityAttachment:
    ensure_can(actor, "write", activity.unit, on_behalf=on_behalf)
    extension = uploads.validate_upload(upload, field="file")
    original = uploads.display_name(upload.name)
    attachment = ActivityAttachment(activity=activity, original_name=original, size=upload.size,
                                    uploaded_by=actor if getattr(actor, "pk", None) else None)
    attachment.file.save(uploads.safe_name(original, extension), upload, save=False)
    attachment.save()
    audit(actor=actor, action="activities.attachment.added", target=activity, on_behalf=on_behalf,
          changes={"attachment": [None, original]})
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: ActivityAttachment, on_behalf: bool = False) -> None:
    activity = attachment.activity
    ensure_can(actor, "write", activity.unit, on_behalf=on_behalf)
    audit(actor=actor, action="activities.attachment.deleted", target=activity, on_behalf=on_behalf,
          changes={"attachment": [attachment.original_name, None]})
    attachment.file.delete(save=False)
    attachment.delete()


def _require_dialogue(activity: Activity) -> None:
    if not activity.kind.is_dialogue:
        raise ValidationError({"activity": _("Chỉ hội nghị tiếp xúc, đối thoại mới ghi vấn đề và cam kết.")})


@transaction.atomic
def issue_add(*, actor, activity: Activity, content: str, raised_by: str = "", on_behalf: bool = False
              ) -> DialogueIssue:
    ensure_can(actor, "write", activity.unit, on_behalf=on_behalf)
    _require_dialogue(activity)
    content = nfc(content)
    if not content:
        raise ValidationError({"content": _("Nội dung kiến nghị, phản ánh không được để trống.")})
    issue = DialogueIssue.objects.create(activity=activity, content=content, raised_by=nfc(raised_by))
    audit_create(actor=actor, action="activities.issue.created", target=issue, on_behalf=on_behalf)
    return issue


@transaction.atomic
def commitment_add(*, actor, activity: Activity, content: str, owner_unit: OrgUnit | None,
                   deadline: datetime.date | None, issue: DialogueIssue | None = None, on_behalf: bool = False
                   ) -> Commitment:
    ensure_can(actor, "write", activity.unit, on_behalf=on_behalf)
    _require_dialogue(activity)
    errors: dict[str, list] = {}
    content = nfc(content)
    if not content:
        add(errors, "content", _("Nội dung cam kết không được để trống."))
    if owner_unit is None:
        add(errors, "owner_unit", _("Chưa chọn đơn vị chủ trì thực hiện cam kết."))
    elif owner_unit.valid_to is not None and owner_unit.valid_to < activity.start_date:
        add(errors, "owner_unit", _("Đơn vị “%(u)s” không còn tồn tại.") % {"u": owner_unit.name})
    elif owner_unit.valid_from is not None and deadline is not None and owner_unit.valid_from > deadline:
        add(errors, "owner_unit", _("Đơn vị “%(u)s” chưa được thành lập trước hạn thực hiện.") % {
            "u": owner_unit.name})
    if deadline is None:
        add(errors, "deadline", _("Hạn thực hiện cam kết không được để trống."))
    elif deadline < activity.start_date:
        add(errors, "deadline", _("Hạn thực hiện (%(d)s) trước ngày đối thoại (%(s)s).") % {
            "d": deadline.strftime("%d/%m/%Y"), "s": activity.start_date.strftime("%d/%m/%Y")})
    if issue is not None and issue.activity_id != activity.pk:
        add(errors, "issue", _("Vấn đề không thuộc cuộc đối thoại này."))
    if errors:
        raise ValidationError(errors)
    commitment = Commitment.objects.create(activity=activity, content=content, owner_unit=owner_unit,
                                           deadline=deadline, issue=issue)
    audit_create(actor=actor, action="activities.commitment.created", target=commitment, on_behalf=on_behalf)
    return commitment


@transaction.atomic
def commitment_set_status(*, actor, commitment: Commitment, to: str, done_on: datetime.date | None = None,
                          result: str = "", expected_version: int | None = None) -> Commitment:
    if not can_update_commitment(actor, commitment):
        ensure_can(actor, "write", commitment.activity.unit, on_behalf=True)
    on_behalf = not (can(actor, "write", commitment.activity.unit) or can(actor, "write", commitment.owner_unit))
    check_version(commitment, expected_version, _("Cam kết vừa được người khác cập nhật; hãy tải lại trang."))
    extra: dict = {"result": nfc(result) or commitment.result}
    if to == Commitment.Status.DONE:
        done_on = done_on or today()
        if done_on > today():
            raise ValidationError({"done_on": _("Ngày hoàn thành không được ở tương lai.")})
        if done_on < commitment.activity.start_date:
            raise ValidationError({"done_on": _("Ngày hoàn thành trước ngày đối thoại.")})
        extra["done_on"] = done_on
    else:
        extra["done_on"] = None
    return transition(commitment, to=to, actor=actor, action=f"activities.commitment.{to}", extra_fields=extra,
                      on_behalf=on_behalf)


def bulk_errors_to_dict(error: ValidationError) -> dict[str, list]:
    errors: dict[str, list] = {}
    merge_errors(errors, error)
    return errors
