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
    "created": "tạo", "updated": "sửa", "deleted": "xóa", "registered": "đăng ký", "recognised": "công nhận",
    "not_recognised": "không công nhận", "returned": "trả lại", "honoured": "tôn vinh",
    "assessment_started": "đưa vào đánh giá", "imported": "nhập từ tệp", "import_updated": "cập nhật từ tệp",
    "replicated": "ghi nhận nhân rộng", "replicated_by": "ghi nhận được nhân rộng", "discontinued": "ngừng thực hiện",
    "submitted": "nộp", "reopened": "mở lại", "accepted": "chấp nhận", "saved": "lưu", "finalised": "hoàn thành",
    "snapshot": "chốt số liệu", "granted": "cấp quyền", "revoked": "thu hồi quyền", "added": "thêm",
    "recorded": "ghi nhận", "reversed": "ghi bút toán đảo", "set": "đặt", "decided": "ra quyết định",
    "approved": "duyệt", "proposed": "đề nghị", "cancelled": "hủy", "withdrawn": "rút", "verifying": "xác minh",
    "transferred": "chuyển", "not_accepted": "không thụ lý", "merged": "gộp", "hotspot_flagged": "đánh dấu điểm nóng",
    "extended": "gia hạn", "dialogue": "đối thoại về", "closed": "kết thúc", "flagged": "đánh dấu",
    "resolved": "giải quyết xong", "done": "hoàn thành", "deactivated": "khóa", "activated": "mở khóa",
    "participants_set": "đặt đơn vị tham gia", "link_added": "liên kết", "photo_added": "thêm ảnh cho",
    "documents": "cập nhật văn bản của", "in_progress": "bắt đầu thực hiện", "overdue": "ghi quá hạn",
    "open": "mở lại", "cancelled_by": "hủy",
}
WHOLE_ACTIONS = {
    "registry.model.created": "đăng ký", "petitions.case.accepted": "thụ lý", "petitions.case.created": "tiếp nhận",
    "petitions.identity.granted": "cấp quyền xem danh tính cho", "petitions.identity.revoked":
        "thu hồi quyền xem danh tính của", "accounts.membership.granted": "giao vai trò cho",
    "accounts.membership.revoked": "thu hồi vai trò của", "reports.datavalue.created": "nhập số liệu",
    "reports.datavalue.updated": "sửa số liệu", "reports.datavalue.deleted": "xóa số liệu",
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
            label = str(sub.verbose_name) if sub is not None else str(k).replace("_", " ")
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
    verb = WHOLE_ACTIONS.get(event.action) or VERBS.get(last) or last.replace("_", " ")
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
        label = str(f.verbose_name) if f is not None else name.replace("_", " ")
        changes.append(Change(label[:1].upper() + label[1:], old_text, new_text))
    return ReadableEvent(sentence=sentence, actor=actor, verb=verb, noun=noun, target=target, when=when,
                         note=event.note, on_behalf=event.on_behalf, unit=str(event.unit) if event.unit_id else "",
                         changes=changes)


def describe_all(events) -> list[ReadableEvent]:
    cache: dict = {}
    return [describe(e, cache) for e in events]
