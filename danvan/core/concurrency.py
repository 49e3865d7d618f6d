"""Optimistic locking and duplicate-submission guards shared by every service."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _


class StaleRecordError(ValidationError):
    """Somebody else saved the record after this user loaded it."""


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
