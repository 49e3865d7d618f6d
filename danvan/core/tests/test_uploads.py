"""The shared safe-upload rules every app relies on."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core import uploads

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_accepts_matching_content_and_reports_type():
    info = uploads.check_upload(SimpleUploadedFile("Báo cáo.PDF", PDF))
    assert (info.extension, info.content_type, info.name) == ("pdf", "application/pdf", "Báo cáo.PDF")
    assert uploads.check_upload(SimpleUploadedFile("a.docx", _docx())).extension == "docx"


@pytest.mark.parametrize("name, data, fragment", [
    ("x.exe", b"MZ\x90\x00", "loại tệp không được phép"),
    ("x.pdf", b"<html>", "không đúng với đuôi .pdf"),
    ("x.docx", b"PK\x03\x04not a zip", "không đúng với đuôi .docx"),
    ("x.xlsx", _docx(), "không đúng với đuôi .xlsx"),  # a Word file renamed to .xlsx
    ("x.pdf", b"", "rỗng"),
])
def test_refuses_with_a_message_on_the_field(name, data, fragment):
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(SimpleUploadedFile(name, data), field="tep")
    assert fragment in caught.value.message_dict["tep"][0]


def test_size_limit_and_purpose_specific_types(settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="vượt giới hạn 10 byte"):
        uploads.check_upload(SimpleUploadedFile("a.pdf", PDF))
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="Chỉ nhận tệp jpeg, jpg, png"):
        uploads.check_upload(SimpleUploadedFile("a.pdf", PDF), allowed=uploads.IMAGES)


def test_names_are_cleaned_and_stored_names_random():
    assert uploads.clean_name('../../etc/"pass"\nwd') == "_pass__wd"
    assert uploads.stored_name("pdf") != uploads.stored_name("pdf")
    assert uploads.stored_name("pdf").endswith(".pdf")
