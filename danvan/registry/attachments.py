"""Attachments: size limit, allowed types checked by extension AND content, random storage names.

Files are never served by URL; the download view checks scope and sends them as attachments with
the content type decided here and `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

from django.db import transaction

from danvan.accounts.permissions import WRITE, ensure_can
from danvan.core import uploads
from danvan.core.audit import audit, audit_create

from .models import Attachment, DvkModel

ALLOWED_TYPES = frozenset({"pdf", "docx", "xlsx", "jpg", "jpeg", "png"})


def validate_upload(uploaded) -> tuple[str, str]:
    """Return (clean original name, content type) or raise a ValidationError on the `file` field."""
    info = uploads.check_upload(uploaded, allowed=ALLOWED_TYPES)
    return info.name, info.content_type


@transaction.atomic
def add_attachment(*, actor, model: DvkModel, uploaded, description: str = "", on_behalf: bool = False) -> Attachment:
    ensure_can(actor, WRITE, model.unit, on_behalf=on_behalf)
    name, content_type = validate_upload(uploaded)
    attachment = Attachment(model=model, original_name=name, content_type=content_type, size=uploaded.size,
                            description=(description or "").strip()[:300],
                            uploaded_by=actor if getattr(actor, "pk", None) else None)
    attachment.file.save("upload", uploaded, save=False)
    attachment.save()
    audit_create(actor=actor, action="registry.attachment.added", target=attachment, unit=model.unit,
                 on_behalf=on_behalf)
    return attachment


@transaction.atomic
def delete_attachment(*, actor, attachment: Attachment, on_behalf: bool = False) -> None:
    ensure_can(actor, WRITE, attachment.model.unit, on_behalf=on_behalf)
    storage, path = attachment.file.storage, attachment.file.name
    audit(actor=actor, action="registry.attachment.deleted", target=attachment, unit=attachment.model.unit,
          on_behalf=on_behalf, changes={"original_name": [attachment.original_name, None]})
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
