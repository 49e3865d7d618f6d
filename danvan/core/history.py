"""The audit trail as people read it (the API keeps the raw events).

"Huỳnh Thị Xã đã đăng ký mô hình “Dân vận khéo trong xây dựng nông thôn mới” lúc 20:53 ngày 25/11/2026",
with each change labelled by the field's verbose_name and each value written as people read it: unit
and record names instead of ids, dd/mm/yyyy dates, local times, "có"/"không", the labels of choices.
Ids, internal keys and fingerprints are never shown.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .formatting import format_date_short, format_number, format_timestamp

HIDDEN_FIELDS = frozenset({
    "id", "pk", "created_at", "updated_at", "version", "search_text", "path", "current_path", "current_key",
    "depth", "submission_key", "idempotency_key", "link_id", "link_kind", "token", "checksum", "sha256",
    "key", "code",  # a unit's key, the slug of a field or a custom metric: names are shown instead
    "dialogue_ref",  # "#12": the activity a dialogue was picked from; its name is shown beside it
})
_HIDDEN_SUFFIXES = ("_key", "_hash", "_id", "_fingerprint")
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.IGNORECASE)
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The verb of an action, by its last part; a few whole actions read differently.
VERBS = {
    "created": gettext_lazy("tạo"), "updated": gettext_lazy("sửa"), "deleted": gettext_lazy("xóa"),
    "registered": gettext_lazy("đăng ký"), "recognised": gettext_lazy("công nhận"),
    "not_recognised": gettext_lazy("không công nhận"), "returned": gettext_lazy("trả lại"),
    "honoured": gettext_lazy("tôn vinh"), "assessment_started": gettext_lazy("đưa vào đánh giá"),
    "imported": gettext_lazy("nhập từ tệp"), "import_updated": gettext_lazy("cập nhật từ tệp"),
    "replicated": gettext_lazy("ghi nhận nhân rộng"), "replicated_by": gettext_lazy("ghi nhận được nhân rộng"),
    "discontinued": gettext_lazy("ngừng thực hiện"), "submitted": gettext_lazy("nộp"),
    "reopened": gettext_lazy("mở lại"), "accepted": gettext_lazy("chấp nhận"), "saved": gettext_lazy("lưu"),
    "finalised": gettext_lazy("hoàn thành"), "snapshot": gettext_lazy("chốt số liệu"),
    "granted": gettext_lazy("cấp quyền"), "revoked": gettext_lazy("thu hồi quyền"), "added": gettext_lazy("thêm"),
    "recorded": gettext_lazy("ghi nhận"), "reversed": gettext_lazy("ghi bút toán đảo"), "set": gettext_lazy("đặt"),
    "decided": gettext_lazy("ra quyết định"), "approved": gettext_lazy("duyệt"), "proposed": gettext_lazy("đề nghị"),
    "cancelled": gettext_lazy("hủy"), "withdrawn": gettext_lazy("rút"), "verifying": gettext_lazy("xác minh"),
    "transferred": gettext_lazy("chuyển"), "not_accepted": gettext_lazy("không thụ lý"),
    "merged": gettext_lazy("gộp"), "hotspot_flagged": gettext_lazy("đánh dấu điểm nóng"),
    "extended": gettext_lazy("gia hạn"), "dialogue": gettext_lazy("đối thoại về"), "closed": gettext_lazy("kết thúc"),
    "flagged": gettext_lazy("đánh dấu"), "resolved": gettext_lazy("giải quyết xong"),
    "done": gettext_lazy("hoàn thành"), "deactivated": gettext_lazy("khóa"), "activated": gettext_lazy("mở khóa"),
    "participants_set": gettext_lazy("đặt đơn vị tham gia"), "link_added": gettext_lazy("liên kết"),
    "photo_added": gettext_lazy("thêm ảnh cho"), "documents": gettext_lazy("cập nhật văn bản của"),
    "in_progress": gettext_lazy("bắt đầu thực hiện"), "overdue": gettext_lazy("ghi quá hạn"),
    "open": gettext_lazy("mở lại"), "cancelled_by": gettext_lazy("hủy"),
}
WHOLE_ACTIONS = {
    "registry.model.created": gettext_lazy("đăng ký"), "petitions.case.accepted": gettext_lazy("thụ lý"),
    "petitions.case.created": gettext_lazy("tiếp nhận"),
    "petitions.identity.granted": gettext_lazy("cấp quyền xem danh tính cho"),
    "petitions.identity.revoked": gettext_lazy("thu hồi quyền xem danh tính của"),
    "petitions.identity.requested": gettext_lazy("đề nghị cấp quyền xem danh tính cho"),
    "petitions.identity.request_refused": gettext_lazy("từ chối đề nghị cấp quyền xem danh tính cho"),
    "petitions.identity.request_withdrawn": gettext_lazy("rút đề nghị cấp quyền xem danh tính cho"),
    "accounts.otp.enrolled": gettext_lazy("đăng ký xác thực hai bước cho"),
    "accounts.otp.reset": gettext_lazy("đặt lại xác thực hai bước của"),
    "accounts.otp.recovery_codes": gettext_lazy("tạo mã khôi phục mới cho"),
    "accounts.membership.granted": gettext_lazy("giao vai trò cho"),
    "accounts.membership.revoked": gettext_lazy("thu hồi vai trò của"),
    "reports.datavalue.created": gettext_lazy("nhập"),
    "jobs.job.created": gettext_lazy("bắt đầu công việc chạy nền"), "jobs.job.retried": gettext_lazy("chạy lại"),
    "jobs.job.requeued": gettext_lazy("tự chạy lại (máy chủ dừng giữa chừng)"),
    "jobs.job.interrupted": gettext_lazy("dừng vì bị gián đoạn nhiều lần"),
}
YES, NO, EMPTY = "có", "không", "—"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class ReadableEvent:
    sentence: str
    actor: str
    verb: str
    noun: str
    target: str
    when: str
    note: str
    on_behalf: bool
    unit: str
    changes: list[Change] = field(default_factory=list)


def _model_for(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


@lru_cache(maxsize=1)
def _fields_everywhere() -> dict[str, models.Field]:
    """Field name -> a danvan model field of that name (for changes that name a related record's field)."""
    index: dict[str, models.Field] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("danvan."):
            continue
        for f in model._meta.concrete_fields:
            index.setdefault(f.name, f)
    return index


def _field(model, name: str) -> models.Field | None:
    if model is not None:
        try:
            found = model._meta.get_field(name)
            if not (found.auto_created and not found.concrete):  # a reverse relation is not a field of it
                return found
        except Exception:  # noqa: BLE001 - FieldDoesNotExist and reverse relations alike
            pass
        if name in OTHER_LABELS:  # a change named by the service, not a field of another model
            return None
    return _fields_everywhere().get(name)


# Actions named after a model whose class name differs ("activities.attachment" is ActivityAttachment).
ACTION_MODELS = {"activities.attachment": "activities.activityattachment",
                 "petitions.document": "petitions.casedocument"}


def _hidden(name: str, values: list[Any]) -> bool:
    if name in HIDDEN_FIELDS or name.endswith(_HIDDEN_SUFFIXES):
        return True
    return any(isinstance(v, str) and _UUID.match(v) for v in values)


def _noun(model) -> str:
    if model is None:
        return _("bản ghi")
    # "mô hình, điển hình “Dân vận khéo”" reads as "mô hình" inside a sentence.
    return str(model._meta.verbose_name).split(",")[0].strip()


# Values that are codes of the reporting engine, read as people write them.
def _period_text(value: Any) -> str:
    from danvan.reports.periods import period_label

    return period_label(value)


PERIOD_TYPES = {"year": gettext_lazy("Năm"), "semester": gettext_lazy("6 tháng"), "quarter": gettext_lazy("Quý"),
                "month": gettext_lazy("Tháng")}
_DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+$")
_LINK = re.compile(r"^(?P<type>[a-z_]+\.[a-z_]+)#\d+ (?P<title>.*)$", re.DOTALL)


def _coded_value(name: str, value: Any, cache: dict) -> str | None:
    """Fields that hold a code rather than a choice: periods, period types, indicators, unit levels, links."""
    if name in ("period", "period_code") and isinstance(value, str | int):
        return _period_text(value)
    if name == "period_type" and isinstance(value, str):
        return str(PERIOD_TYPES.get(value, value))
    if name == "indicator" and isinstance(value, str):
        return _other_label(value, cache)
    if name == "levels" and isinstance(value, str):
        from danvan.orgunits.models import OrgUnit

        labels = dict(OrgUnit.Level.choices)
        return ", ".join(str(labels.get(v, v)) for v in value.split(",") if v)
    if name == "issues" and isinstance(value, list) and all(isinstance(v, list) and len(v) == 4 for v in value):
        # A sentiment report's issues: [field, description, mentions, is_hot].
        fields = dict(apps.get_model("petitions", "SentimentIssue")._meta.get_field("field").flatchoices)
        return "; ".join(
            _("%(field)s: %(text)s (%(n)s lượt phản ánh%(hot)s)") % {
                "field": fields.get(f, f), "text": d, "n": format_number(n or 0),
                "hot": _(", nổi cộm") if hot else ""} for f, d, n, hot in value)
    if name == "scores" and isinstance(value, dict):  # an assessment: criterion id -> score
        criteria = dict(apps.get_model("registry", "Criterion")._default_manager.filter(
            pk__in=[k for k in value if str(k).isdigit()]).values_list("pk", "name"))
        return "; ".join(f"{criteria.get(int(k), EMPTY) if str(k).isdigit() else k}: {v}" for k, v in value.items())
    if name == "link" and isinstance(value, str) and _LINK.match(value):
        match = _LINK.match(value)
        return f"{_noun(_model_for(match.group('type'))).capitalize()}: {match.group('title')}"
    return None


OTHER_LABELS = {
    "figures": gettext_lazy("Số liệu"), "narrative": gettext_lazy("Nội dung"), "scores": gettext_lazy("Điểm chấm"),
    "attachment": gettext_lazy("Tệp đính kèm"), "photo": gettext_lazy("Ảnh"), "documents": gettext_lazy("Văn bản"),
    "participant_units": gettext_lazy("Đơn vị tham gia"), "user": gettext_lazy("Người dùng"),
    "username": gettext_lazy("Tên đăng nhập"), "created": gettext_lazy("Tạo mới"), "link": gettext_lazy("Liên kết"),
    "year": gettext_lazy("Năm"), "value": gettext_lazy("Giá trị"), "hotspot": gettext_lazy("Điểm nóng"),
    "original_name": gettext_lazy("Tên tệp"), "resolve_due": gettext_lazy("Hạn giải quyết"),
    "role": gettext_lazy("Vai trò"), "unit": gettext_lazy("Đơn vị"), "reason": gettext_lazy("Lý do"),
    "note": gettext_lazy("Ghi chú"), "period": gettext_lazy("Kỳ báo cáo"), "indicator": gettext_lazy("Chỉ tiêu"),
    "created_by": gettext_lazy("Người tạo"), "updated_by": gettext_lazy("Người sửa"),
    "granted_by": gettext_lazy("Người cấp"), "recorded_by": gettext_lazy("Người ghi"),
    "section": gettext_lazy("Phần"), "text": gettext_lazy("Nội dung"), "status": gettext_lazy("Trạng thái"),
    "levels": gettext_lazy("Các cấp"), "title": gettext_lazy("Tiêu đề"), "name": gettext_lazy("Tên"),
    "cases": gettext_lazy("Vụ việc"), "days": gettext_lazy("Số ngày"), "file": gettext_lazy("Tệp"),
    "decision_number": gettext_lazy("Số quyết định"), "caption": gettext_lazy("Chú thích"),
    "extension": gettext_lazy("Quyết định gia hạn"), "issues": gettext_lazy("Vấn đề Nhân dân quan tâm"),
    "added": gettext_lazy("Thêm mới"), "updated": gettext_lazy("Cập nhật"), "unchanged": gettext_lazy("Không đổi"),
}


def _label(f: models.Field | None, name: str, cache: dict) -> str:
    """A change's label: the field's verbose_name, unless Django made it up from the field's name (a field
    declared without one): then the related record's noun, or a known label."""
    if f is None:
        return _other_label(name, cache)
    label = str(f.verbose_name)
    if label == f.name.replace("_", " "):
        if name in OTHER_LABELS:
            return str(OTHER_LABELS[name])
        related = getattr(f, "related_model", None)
        if related is not None and related._meta.app_label != "auth":
            return _noun(related)
    return label


def _other_label(name: str, cache: dict) -> str:
    """A change keyed by something other than a field: an indicator's code reads as its name."""
    key = ("indicator", name)
    if key not in cache:
        indicator = apps.get_model("reports", "Indicator")._default_manager.filter(code=name).first()
        cache[key] = indicator.name if indicator is not None else None
    if cache[key]:
        return cache[key]
    return str(OTHER_LABELS[name]) if name in OTHER_LABELS else name.replace("_", " ").replace(".", " ")


def readable_value(f: models.Field | None, value: Any, cache: dict | None = None) -> str:
    """One value as people read it."""
    cache = {} if cache is None else cache
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return YES if value else NO
    if f is not None and f.is_relation and getattr(f, "related_model", None) is not None:
        from .history_names import _related_name

        if isinstance(value, list) and all(isinstance(v, int | str) for v in value):  # many-to-many: ids, keys
            return ", ".join(_related_name(f, v, cache) for v in value)
        if isinstance(value, int | str):
            return _related_name(f, value, cache)
    if f is not None and f.choices:
        labels = {str(k): str(v) for k, v in f.flatchoices}
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    if isinstance(value, list):
        return ", ".join(readable_value(None, v, cache) for v in value)
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            if _hidden(str(k), [v]):
                continue
            sub = _field(None, str(k))
            label = _label(sub, str(k), cache)
            parts.append(f"{label}: {_read(None, sub, str(k), v, cache)}")
        return "; ".join(parts) or EMPTY
    if isinstance(value, str):
        if _DECIMAL_TEXT.match(value):  # amounts and figures kept as text: "1250.00"
            return format_number(Decimal(value), 2)
        if _ISO_DATETIME.match(value):
            return format_timestamp(value)
        if _ISO_DATE.match(value):
            try:
                return format_date_short(datetime.date.fromisoformat(value))
            except ValueError:
                return value
        if isinstance(f, models.DecimalField):
            try:
                return format_number(Decimal(value), 2)
            except InvalidOperation:
                return value
        return value
    if isinstance(value, float | Decimal):
        return format_number(value, 2)
    if isinstance(value, int):
        grouped = isinstance(f, models.BigIntegerField | models.DecimalField) or (
            f is not None and "year" not in f.name and abs(value) >= 10000)
        return format_number(value) if grouped else str(value)
    if isinstance(value, uuid.UUID):
        return EMPTY
    return str(value)


def _read(model, f: models.Field | None, name: str, value: Any, cache: dict) -> str:
    if value is None or value == "":
        return EMPTY
    if model is not None and model._meta.label_lower == "campaigns.progressentry" and name == "metric":
        from danvan.campaigns.models import Target

        labels = dict(Target.Metric.choices)
        if value in labels:
            return str(labels[value])
        custom = Target.objects.filter(metric=Target.Metric.CUSTOM, code=value).exclude(label="").first()
        if custom is not None:
            return custom.label
    if f is None or not getattr(f, "choices", None):
        coded = _coded_value(name, value, cache)
        if coded is not None:
            return coded
    return readable_value(f, value, cache)


_ID_NOTE = re.compile(r"^[^#\n]{0,40}#\d+$")
_OLD_DATAVALUE = re.compile(r"^(?P<code>[a-z_.]+) (?P<period>\S+) = (?P<value>-?[\d.]+)$")
_OLD_AMOUNT = re.compile(r"^(?P<head>.*?) (?P<value>-?\d+(?:\.\d+)?) \((?P<day>[\d/]+)\)$")


def _target_text(event, cache: dict) -> str:
    """The record's name as written when the event was recorded; names written by older versions with codes
    and ungrouped amounts ("dvk.registered 2025 = 14.00", "Thực nhận 1500000000 (01/03/2022)") are
    rewritten the way today's records name themselves."""
    text = event.target_repr or ""
    if event.target_type == "reports.datavalue" and (match := _OLD_DATAVALUE.match(text)):
        return f"{_other_label(match['code'], cache)}, {_period_text(match['period'])}: " \
               f"{format_number(Decimal(match['value']), 2)}"
    if event.target_type in ("campaigns.ledgerentry", "campaigns.progressentry") and (
            match := _OLD_AMOUNT.match(text)):
        head = match["head"]
        if event.target_type == "campaigns.progressentry":
            head = _read(_model_for(event.target_type), None, "metric", head, cache)
            return f"{head}: {format_number(Decimal(match['value']), 2)} ({match['day']})"
        return f"{head} {format_number(Decimal(match['value']), 2)} đồng ({match['day']})"
    return text


def _changed_model(event):
    """The model an event's changes are about: "petitions.petitioner.updated" on a case is about the
    petitioner (the action names the thing changed), otherwise the event's target."""
    parts = event.action.split(".")
    named = f"{parts[0]}.{parts[1]}" if len(parts) > 2 else ""
    return (_model_for(ACTION_MODELS.get(named, named)) if named else None) or _model_for(event.target_type)


def describe(event, cache: dict | None = None) -> ReadableEvent:
    """A sentence and readable changes for one AuditEvent."""
    cache = {} if cache is None else cache
    model = _changed_model(event)
    parts = event.action.split(".")
    last = parts[-1]
    verb = str(WHOLE_ACTIONS.get(event.action) or VERBS.get(last) or last.replace("_", " "))
    noun = _noun(model)
    target_model = _model_for(event.target_type)
    if target_model is not None and model is not target_model:
        noun = _("%(thing)s của %(record)s") % {"thing": noun, "record": _noun(target_model)}
    actor = str(event.actor) if event.actor_id else _("Hệ thống")
    when = format_timestamp(timezone.localtime(event.at) if timezone.is_aware(event.at) else event.at)
    target = _target_text(event, cache)
    sentence = _("%(actor)s đã %(verb)s %(noun)s “%(target)s” lúc %(when)s") % {
        "actor": actor, "verb": verb, "noun": noun, "target": target, "when": when}
    if not target:
        sentence = _("%(actor)s đã %(verb)s %(noun)s lúc %(when)s") % {
            "actor": actor, "verb": verb, "noun": noun, "when": when}
    changes = []
    for name, pair in (event.changes or {}).items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if _hidden(name, [old, new]):
            continue
        f = _field(model, name)
        old_text, new_text = (_read(model, f, name, old, cache), _read(model, f, name, new, cache))
        if old_text == new_text or (old is None and (new_text == EMPTY or new is False)):
            continue  # nothing a reader would see changed (an empty field on creation)
        label = _label(f, name, cache)
        changes.append(Change(label[:1].upper() + label[1:], old_text, new_text))
    # A note that only names a record by its id ("Người gửi #7": who, without the protected name) says
    # nothing to a reader; the sentence already names the kind of record.
    note = "" if _ID_NOTE.match(event.note or "") else event.note
    return ReadableEvent(sentence=sentence, actor=actor, verb=verb, noun=noun, target=target, when=when,
                         note=note, on_behalf=event.on_behalf, unit=str(event.unit) if event.unit_id else "",
                         changes=changes)


def describe_all(events) -> list[ReadableEvent]:
    from .history_names import _name_related_records

    cache: dict = {}
    known = getattr(events, "known_records", ())  # core.audit.history_for: the record and what it loaded
    events = list(events)
    _name_related_records(events, known, cache)
    return [describe(e, cache) for e in events]
