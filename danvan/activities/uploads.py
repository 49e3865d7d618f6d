"""Safe uploads: size limit, type by extension *and* magic bytes, random stored names, scoped download.

Files are never served by URL (settings.MEDIA_URL is None); `file_response` is used by views that have
already checked the caller may see the record, and always sends the file as an attachment with nosniff.
"""

from __future__ import annotations

import os
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

# extension -> accepted leading bytes (OOXML/ODF are zip containers; .doc/.xls are OLE2)
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED = {
    "pdf": (b"%PDF-",),
    "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP, "odt": _ZIP, "ods": _ZIP,
    "doc": _OLE, "xls": _OLE,
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
}


def validate_upload(upload, *, field: str = "file") -> str:
    """Check size, extension and magic bytes; return the extension. Raises ValidationError on `field`."""
    limit = settings.ATTACHMENT_MAX_BYTES
    name = os.path.basename(getattr(upload, "name", "") or "")
    if upload.size > limit:
        raise ValidationError({field: _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(mb)s MB).") % {
            "name": name, "mb": limit // (1024 * 1024) or 1}})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError({field: _("Tệp “%(name)s”: chỉ nhận tệp %(allowed)s.") % {
            "name": name, "allowed": ", ".join(sorted(ALLOWED))}})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED[extension]):
        raise ValidationError({field: _("Tệp “%(name)s”: nội dung không đúng loại tệp .%(ext)s.") % {
            "name": name, "ext": extension}})
    return extension


def safe_name(original: str, extension: str) -> str:
    """A random stored name (the original name is kept in the database only)."""
    return f"{uuid.uuid4().hex}.{extension}"


def display_name(original: str) -> str:
    base = os.path.basename(original or "tep")
    return re.sub(r"[\x00-\x1f\"\\/]", "_", base)[:200]


def file_response(field_file, filename: str) -> FileResponse:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=display_name(filename),
                            content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    return response
