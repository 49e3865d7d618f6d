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
    "reports.datavalue.created": gettext_lazy("nhập số liệu"),
    "reports.datavalue.updated": gettext_lazy("sửa số liệu"),
    "reports.datavalue.deleted": gettext_lazy("xóa số liệu"),
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
            return model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - FieldDoesNotExist and reverse relations alike
            pass
    return _fields_everywhere().get(name)


def _hidden(name: str, values: list[Any]) -> bool:
    if name in HIDDEN_FIELDS or name.endswith(_HIDDEN_SUFFIXES):
        return True
    return any(isinstance(v, str) and _UUID.match(v) for v in values)


def _noun(model) -> str:
    if model is None:
        return _("bản ghi")
    # "mô hình, điển hình “Dân vận khéo”" reads as "mô hình" inside a sentence.
    return str(model._meta.verbose_name).split(",")[0].strip()


def _related_name(f: models.ForeignKey, value: Any, cache: dict) -> str:
    key = (f.related_model, value)
    if key not in cache:
        obj = f.related_model._default_manager.filter(pk=value).first()
        cache[key] = str(obj) if obj is not None else EMPTY
    return cache[key]


OTHER_LABELS = {
    "figures": gettext_lazy("Số liệu"), "narrative": gettext_lazy("Nội dung"), "scores": gettext_lazy("Điểm chấm"),
    "attachment": gettext_lazy("Tệp đính kèm"), "photo": gettext_lazy("Ảnh"), "documents": gettext_lazy("Văn bản"),
    "participant_units": gettext_lazy("Đơn vị tham gia"), "user": gettext_lazy("Người dùng"),
    "username": gettext_lazy("Tên đăng nhập"), "created": gettext_lazy("Tạo mới"), "link": gettext_lazy("Liên kết"),
    "year": gettext_lazy("Năm"), "value": gettext_lazy("Giá trị"), "hotspot": gettext_lazy("Điểm nóng"),
    "original_name": gettext_lazy("Tên tệp"), "resolve_due": gettext_lazy("Hạn giải quyết"),
    "role": gettext_lazy("Vai trò"), "unit": gettext_lazy("Đơn vị"), "reason": gettext_lazy("Lý do"),
    "note": gettext_lazy("Ghi chú"), "period": gettext_lazy("Kỳ báo cáo"), "indicator": gettext_lazy("Chỉ tiêu"),
}


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
    if f is not None and f.is_relation and getattr(f, "related_model", None) is not None and not isinstance(
            value, (list, dict)):
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return _related_name(f, value, cache)
        return str(value)
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
            label = str(sub.verbose_name) if sub is not None else _other_label(str(k), cache)
            parts.append(f"{label}: {readable_value(sub, v, cache)}")
        return "; ".join(parts) or EMPTY
    if isinstance(value, str):
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


def describe(event, cache: dict | None = None) -> ReadableEvent:
    """A sentence and readable changes for one AuditEvent."""
    cache = {} if cache is None else cache
    # "petitions.petitioner.updated" on a case is about the petitioner: the action names the thing changed.
    parts = event.action.split(".")
    model = (_model_for(f"{parts[0]}.{parts[1]}") if len(parts) > 2 else None) or _model_for(event.target_type)
    last = parts[-1]
    verb = str(WHOLE_ACTIONS.get(event.action) or VERBS.get(last) or last.replace("_", " "))
    noun = _noun(model)
    target_model = _model_for(event.target_type)
    if target_model is not None and model is not target_model:
        noun = _("%(thing)s của %(record)s") % {"thing": noun, "record": _noun(target_model)}
    actor = str(event.actor) if event.actor_id else _("Hệ thống")
    when = format_timestamp(timezone.localtime(event.at) if timezone.is_aware(event.at) else event.at)
    target = event.target_repr
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
        old_text, new_text = readable_value(f, old, cache), readable_value(f, new, cache)
        if old_text == new_text or (old is None and (new_text == EMPTY or new is False)):
            continue  # nothing a reader would see changed (an empty field on creation)
        label = str(f.verbose_name) if f is not None else _other_label(name, cache)
        changes.append(Change(label[:1].upper() + label[1:], old_text, new_text))
    return ReadableEvent(sentence=sentence, actor=actor, verb=verb, noun=noun, target=target, when=when,
                         note=event.note, on_behalf=event.on_behalf, unit=str(event.unit) if event.unit_id else "",
                         changes=changes)


def describe_all(events) -> list[ReadableEvent]:
    cache: dict = {}
    return [describe(e, cache) for e in events]
