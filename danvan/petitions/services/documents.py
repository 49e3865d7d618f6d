"""Safe uploads: a size limit, an allowed extension whose magic bytes match, a random stored name."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core.audit import audit, snapshot
from danvan.core.text import nfc

from ..models import Case, CaseDocument

# extension -> accepted leading bytes
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword", "xls": "application/vnd.ms-excel",
}


def check_upload(upload) -> str:
    """Return the normalised extension, or raise a Vietnamese ValidationError on the `file` field."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload is None:
        raise ValidationError({"file": _("Hãy chọn tệp.")})
    if upload.size > limit:
        raise ValidationError({"file": _("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": round(limit / 1048576, 1)}})
    if upload.size == 0:
        raise ValidationError({"file": _("Tệp rỗng.")})
    extension = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    if extension not in MAGIC:
        raise ValidationError({"file": _("Chỉ nhận tệp %(types)s.") % {"types": ", ".join(sorted(MAGIC))}})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in MAGIC[extension]):
        raise ValidationError({"file": _("Nội dung tệp không đúng định dạng .%(ext)s.") % {"ext": extension}})
    return extension


@transaction.atomic
def document_add(*, actor, case: Case, upload, description: str = "", on_behalf: bool = False) -> CaseDocument:
    ensure_can(actor, "write", case, on_behalf=on_behalf)
    if case.is_final:
        raise ValidationError(_("Vụ việc đã kết thúc nên không thể thêm tài liệu."))
    extension = check_upload(upload)
    document = CaseDocument(case=case, original_name=nfc(os.path.basename(upload.name))[:200], extension=extension,
                            size=upload.size, description=nfc(description),
                            uploaded_by=actor if getattr(actor, "pk", None) else None)
    document.file.save("upload", upload, save=False)
    document.save()
    audit(actor=actor, action="petitions.document.added", target=case, on_behalf=on_behalf, note=str(document),
          changes={k: [None, v] for k, v in snapshot(document).items()})
    return document


@transaction.atomic
def document_delete(*, actor, document: CaseDocument, on_behalf: bool = False) -> None:
    case = document.case
    ensure_can(actor, "write", case, on_behalf=on_behalf)
    if case.is_final:
        raise ValidationError(_("Vụ việc đã kết thúc nên không thể xóa tài liệu."))
    label = str(document)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
    audit(actor=actor, action="petitions.document.deleted", target=case, on_behalf=on_behalf, note=label)
