"""Safe uploads, shared by every app that accepts files.

A file is accepted only when its size is within settings.ATTACHMENT_MAX_BYTES, its extension is allowed
for the purpose, and its first bytes match the extension (Office files must also be the right kind of
zip container). Files are stored under random names and never served by URL: views that have already
checked the caller's scope send them with `attachment_response` (attachment, fixed content type, nosniff).
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

from .formatting import format_number

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
_JPEG = (b"\xff\xd8\xff",)
# extension -> (content type, accepted leading bytes, required member prefix inside an Office zip)
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...], str | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",), None),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP, "word/"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP, "xl/"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP, "ppt/"),
    "odt": ("application/vnd.oasis.opendocument.text", _ZIP, None),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP, None),
    "doc": ("application/msword", _OLE, None),
    "xls": ("application/vnd.ms-excel", _OLE, None),
    "jpg": ("image/jpeg", _JPEG, None),
    "jpeg": ("image/jpeg", _JPEG, None),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",), None),
}
DOCUMENTS = frozenset(FILE_TYPES)
IMAGES = frozenset({"jpg", "jpeg", "png"})


@dataclass(frozen=True)
class UploadInfo:
    name: str  # the cleaned original name, kept in the database for display
    extension: str
    content_type: str


def clean_name(original: str, default: str = "tep") -> str:
    """The base name, NFC, without control characters, quotes or slashes (safe in headers and pages)."""
    base = unicodedata.normalize("NFC", os.path.basename(str(original or ""))).strip()
    return re.sub(r"[\x00-\x1f\"\\/]", "_", base)[:200] or default


def stored_name(extension: str) -> str:
    """A random storage name; the original name lives only in the database."""
    return f"{uuid.uuid4().hex}.{extension}"


def _office_container_ok(data: bytes, member_prefix: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith(member_prefix) for n in names)


def check_upload(upload, *, allowed: Iterable[str] = DOCUMENTS, field: str = "file") -> UploadInfo:
    """Accept or refuse an uploaded file; a refusal is a Vietnamese ValidationError on `field`."""
    if upload is None:
        raise ValidationError({field: _("Hãy chọn tệp.")})
    allowed = sorted(set(allowed))
    limit = settings.ATTACHMENT_MAX_BYTES
    name = clean_name(getattr(upload, "name", ""))
    if upload.size > limit:
        raise ValidationError({field: _(
            "Tệp quá lớn: “%(name)s” có %(size)s byte, vượt giới hạn %(limit)s byte (dung lượng tối đa cho phép)."
        ) % {"name": name, "size": format_number(upload.size), "limit": format_number(limit)}})
    if upload.size == 0:
        raise ValidationError({field: _("Tệp “%(name)s” rỗng.") % {"name": name}})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationError({field: _("Tệp “%(name)s”: loại tệp không được phép. Chỉ nhận tệp %(types)s.") % {
            "name": name, "types": ", ".join(allowed)}})
    content_type, magics, member_prefix = FILE_TYPES[extension]
    upload.seek(0)
    data = upload.read() if member_prefix else upload.read(16)
    upload.seek(0)
    matches = any(data.startswith(magic) for magic in magics)
    if matches and member_prefix:
        matches = _office_container_ok(data, member_prefix)
    if not matches:
        raise ValidationError({field: _("Tệp “%(name)s”: nội dung tệp không đúng với đuôi .%(ext)s.") % {
            "name": name, "ext": extension}})
    return UploadInfo(name=name, extension=extension, content_type=content_type)


def attachment_response(field_file, filename: str, content_type: str | None = None) -> FileResponse:
    """Send a stored file as a download that browsers will neither render nor sniff."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    content_type = content_type or FILE_TYPES.get(extension, ("application/octet-stream",))[0]
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=clean_name(filename),
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
