"""Documents filed on a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped

from .cases import Case


def _document_path(instance: CaseDocument, filename: str) -> str:
    import uuid

    # The stored name never carries the uploaded name (it may contain a denouncer's name).
    return f"petitions/{instance.case_id}/{uuid.uuid4().hex}"


class CaseDocument(UnitScoped, TimeStampedModel):
    SCOPE_UNIT_FIELD = "case__unit"
    AUDIT_REDACTED_FIELDS = ("original_name", "file")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("tệp"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    extension = models.CharField(_("định dạng"), max_length=8)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")

    def __str__(self) -> str:
        return _("Tài liệu #%(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("petitions:document_download", args=[self.pk])
