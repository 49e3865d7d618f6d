"""Attachments: size limit, allowed types checked by extension AND content, random storage names.

Files are never served by URL; the download view checks scope and sends them as attachments with
the content type decided here and `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import io
import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import WRITE, ensure_can
from danvan.core.audit import audit, audit_create
from danvan.core.formatting import format_number

from .models import Attachment, DvkModel

ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def _zip_has(data: bytes, prefix: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(prefix) for n in names)


def sniff(extension: str, data: bytes) -> bool:
    """Do the file's first bytes match what its extension claims?"""
    if extension == ".pdf":
        return data.startswith(b"%PDF-")
    if extension in (".jpg", ".jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if extension == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension == ".docx":
        return data.startswith(b"PK\x03\x04") and _zip_has(data, "word/")
    if extension == ".xlsx":
        return data.startswith(b"PK\x03\x04") and _zip_has(data, "xl/")
    return False


def validate_upload(uploaded) -> tuple[str, str]:
    """Return (clean original name, content type) or raise a ValidationError on the `file` field."""
    limit = settings.ATTACHMENT_MAX_BYTES
    name = os.path.basename(str(uploaded.name or "")).strip()[:255] or "tep"
    extension = os.path.splitext(name)[1].lower()
    if uploaded.size > limit:
        raise ValidationError({"file": _("Tệp đính kèm “%(name)s” dung lượng %(size)s byte, vượt giới hạn %(limit)s "
                                         "byte.") % {"name": name, "size": format_number(uploaded.size),
                                                     "limit": format_number(limit)}})
    if extension not in ALLOWED_TYPES:
        raise ValidationError({"file": _("Tệp đính kèm “%(name)s”: loại tệp không được phép (chỉ nhận PDF, DOCX, "
                                         "XLSX, JPG, PNG).") % {"name": name}})
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if not sniff(extension, data):
        raise ValidationError({"file": _("Tệp đính kèm “%(name)s”: nội dung tệp không đúng với đuôi %(ext)s.")
                               % {"name": name, "ext": extension}})
    return name, ALLOWED_TYPES[extension]


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
