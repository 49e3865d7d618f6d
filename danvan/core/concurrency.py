"""Optimistic locking and duplicate-submission guards shared by every service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

M = TypeVar("M", bound=models.Model)

STALE_MESSAGE = gettext_lazy(
    "Bản ghi này vừa được người khác sửa sau khi bạn mở. Hãy tải lại trang để xem "
    "thay đổi mới nhất rồi nhập lại; thay đổi của bạn chưa được lưu.")


class StaleRecordError(ValidationError):
    """Somebody else saved the record after this user loaded it (the API answers 409)."""


def check_version(obj: models.Model, expected_version: int | None, message: str | None = None) -> None:
    """Refuse when `obj` (already read under lock) no longer has the version the user loaded."""
    if expected_version is not None and obj.version != expected_version:  # type: ignore[attr-defined]
        raise StaleRecordError(message or str(STALE_MESSAGE), code="stale")


def lock(obj: M, expected_version: int | None, *, related: Sequence[str] = (), message: str | None = None) -> M:
    """Re-read `obj` with a row lock (held until the transaction ends) and check the version the user saw.

    The one lock-and-check step of every service that changes a versioned record."""
    qs = type(obj)._default_manager.select_for_update(of=("self",) if related else ())
    if related:
        qs = qs.select_related(*related)
    fresh = qs.get(pk=obj.pk)
    check_version(fresh, expected_version, message)
    return fresh


def parse_version(value: Any) -> int | None:
    """The `version` a form or API body sent: absent/blank = no check, an integer, anything else a 400."""
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = -1
    if number < 0 or isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise ValidationError({"version": _("Phiên bản (version) phải là số nguyên không âm.")}, code="invalid")
    return number


def save_versioned(instance: models.Model, *, expected_version: int | None, update_fields: list[str]) -> None:
    """Save `update_fields` only if the row still has `expected_version`; bump the version.

    `expected_version=None` skips the check (system writes). Raises StaleRecordError otherwise.
    """
    model = type(instance)
    values = {f: getattr(instance, model._meta.get_field(f).attname) for f in update_fields}
    if "updated_at" in {f.name for f in model._meta.concrete_fields}:
        from django.utils import timezone

        values["updated_at"] = timezone.now()
        instance.updated_at = values["updated_at"]
    query = model.objects.filter(pk=instance.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    fields = {model._meta.get_field(f).attname: v for f, v in values.items()}
    updated = query.update(version=F("version") + 1, **fields)
    if not updated:
        raise StaleRecordError(
            _(
                "Bản ghi này vừa được người khác sửa sau khi bạn mở. Hãy tải lại trang để xem "
                "thay đổi mới nhất rồi nhập lại; thay đổi của bạn chưa được lưu."
            ),
            code="stale",
        )
    instance.version = model.objects.values_list("version", flat=True).get(pk=instance.pk)
