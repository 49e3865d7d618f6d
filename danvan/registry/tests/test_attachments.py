import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.models import AuditEvent
from danvan.registry import attachments
from danvan.registry.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes():
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return handle.getvalue()


@pytest.fixture
def model(new_model, commune_officer, commune_cantho):
    return new_model(commune_officer, commune_cantho, name="Có tệp")


def test_upload_and_download_with_safe_headers(client_for, model, commune_officer, province_approver, settings):
    client = client_for(commune_officer)
    response = client.post(f"/mo-hinh/{model.pk}/tep/", {"file": SimpleUploadedFile("Báo cáo.pdf", PDF),
                                                         "description": "Báo cáo kết quả"})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "Báo cáo.pdf" and attachment.content_type == "application/pdf"
    assert "Báo cáo" not in attachment.file.name and not attachment.file.name.endswith(".pdf")
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    assert AuditEvent.objects.filter(action="registry.attachment.added", target_id=str(attachment.pk)).exists()
    response = client_for(province_approver).get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_docx_and_png_accepted(model, commune_officer):
    attachments.add_attachment(actor=commune_officer, model=model, uploaded=SimpleUploadedFile("a.docx", docx_bytes()))
    attachments.add_attachment(actor=commune_officer, model=model, uploaded=SimpleUploadedFile("b.PNG", PNG))
    assert Attachment.objects.count() == 2


@pytest.mark.parametrize("name,content,message", [
    ("trang.html", b"<html><script>alert(1)</script></html>", "loại tệp không được phép"),
    ("chay.exe", b"MZ\x90\x00", "loại tệp không được phép"),
    ("gia.pdf", b"<html>not a pdf</html>", "nội dung tệp không đúng với đuôi .pdf"),
    ("gia.png", PDF, "nội dung tệp không đúng với đuôi .png"),
    ("gia.docx", b"PK\x03\x04garbage", "nội dung tệp không đúng với đuôi .docx"),
])
def test_forbidden_types_rejected(model, commune_officer, name, content, message):
    with pytest.raises(ValidationError) as error:
        attachments.add_attachment(actor=commune_officer, model=model, uploaded=SimpleUploadedFile(name, content))
    assert message in error.value.message_dict["file"][0] and name in error.value.message_dict["file"][0]
    assert Attachment.objects.count() == 0


def test_file_over_limit_rejected(client_for, model, commune_officer, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = client_for(commune_officer).post(
        f"/mo-hinh/{model.pk}/tep/", {"file": SimpleUploadedFile("lon.pdf", PDF + b"x" * 200)}, follow=True)
    assert "vượt giới hạn 100 byte" in response.content.decode()
    assert Attachment.objects.count() == 0


def test_download_scoped(client_for, model, commune_officer, hanoi_officer):
    attachment = attachments.add_attachment(actor=commune_officer, model=model,
                                            uploaded=SimpleUploadedFile("a.pdf", PDF))
    assert client_for(hanoi_officer).get(attachment.get_absolute_url()).status_code == 404
    # Wrong model id in the URL: not found either.
    assert client_for(commune_officer).get(f"/mo-hinh/{model.pk + 999}/tep/{attachment.pk}/").status_code == 404


def test_upload_needs_write(client_for, model, make_user, commune_cantho):
    viewer = make_user(commune_cantho.key, "viewer")
    with pytest.raises(Exception) as error:
        attachments.add_attachment(actor=viewer, model=model, uploaded=SimpleUploadedFile("a.pdf", PDF))
    assert error.type.__name__ == "PermissionDenied"
    assert client_for(viewer).post(f"/mo-hinh/{model.pk}/tep/",
                                   {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403


def test_delete_attachment(client_for, model, commune_officer):
    attachment = attachments.add_attachment(actor=commune_officer, model=model,
                                            uploaded=SimpleUploadedFile("a.pdf", PDF))
    response = client_for(commune_officer).post(f"/mo-hinh/{model.pk}/tep/{attachment.pk}/xoa/")
    assert response.status_code == 302 and Attachment.objects.count() == 0
    assert AuditEvent.objects.filter(action="registry.attachment.deleted").exists()
