"""Activity and document files go through the shared safe-upload rules in `danvan.core.uploads`."""

from __future__ import annotations

from danvan.core import uploads

ALLOWED = uploads.DOCUMENTS


def validate_upload(upload, *, field: str = "file") -> str:
    """Check size, extension and content; return the extension. Raises ValidationError on `field`."""
    return uploads.check_upload(upload, allowed=ALLOWED, field=field).extension


def safe_name(original: str, extension: str) -> str:
    return uploads.stored_name(extension)


display_name = uploads.clean_name


def file_response(field_file, filename: str):
    return uploads.attachment_response(field_file, filename)
