"""Safe uploads: a size limit, an allowed extension whose magic bytes match, a random stored name."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core import uploads
from danvan.core.audit import audit, snapshot
from danvan.core.text import nfc

from ..models import Case, CaseDocument

ALLOWED = frozenset({"pdf", "png", "jpg", "jpeg", "docx", "xlsx", "doc", "xls"})


def check_upload(upload) -> str:
    """Return the normalised extension, or raise a Vietnamese ValidationError on the `file` field."""
    return uploads.check_upload(upload, allowed=ALLOWED).extension


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
