"""A case's petitioners (the only place a denouncer's identity lives) and the right to see them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped

from .cases import Case


class Petitioner(UnitScoped, TimeStampedModel):
    """Người gửi đơn. For tố cáo every field is protected (IdentityGrant); the audit never sees a value."""

    SCOPE_UNIT_FIELD = "case__unit"
    AUDIT_REDACTED_FIELDS = ("name", "address", "phone", "id_number", "email")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="petitioners")
    name = models.CharField(_("họ và tên"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    id_number = models.CharField(_("số CCCD/CMND"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)

    class Meta:
        ordering = ["case", "-is_representative", "id"]
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")

    def __str__(self) -> str:
        return _("Người gửi #%(id)s") % {"id": self.pk}


class IdentityGrant(UnitScoped, TimeStampedModel):
    """An explicit right of `user` to see the identity of the petitioners of `case` (needed for tố cáo)."""

    SCOPE_UNIT_FIELD = "case__unit"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người được xem"), on_delete=models.CASCADE,
                             related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cấp quyền"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    # The second approver who confirmed the request (issue 13); empty for the receiving officer's own right.
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["case", "created_at"]
        verbose_name = _("quyền xem danh tính người tố cáo")
        verbose_name_plural = _("quyền xem danh tính người tố cáo")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="petitions_identity_grant_unique")]

    def __str__(self) -> str:
        return f"{self.case.tracking_code} → {self.user}"


class IdentityGrantRequest(UnitScoped, TimeStampedModel):
    """A request that `user` may see the identity of the petitioners of `case`. It gives no right by itself:
    a second approver (of the case's unit or above, neither the requester nor `user`) confirms it, and only then
    an `IdentityGrant` exists (rules in `accounts.separation`)."""

    SCOPE_UNIT_FIELD = "case__unit"

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        REFUSED = "refused", _("Bị từ chối")
        WITHDRAWN = "withdrawn", _("Đã rút")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="identity_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người được đề nghị cấp quyền"),
                             on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("lý do"), max_length=300)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_note = models.CharField(_("ghi chú của người quyết định"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("đề nghị cấp quyền xem danh tính")
        verbose_name_plural = _("đề nghị cấp quyền xem danh tính")
        constraints = [models.UniqueConstraint(fields=["case", "user"], condition=Q(status="pending"),
                                               name="petitions_identity_request_one_pending")]

    def __str__(self) -> str:
        return f"{self.case.tracking_code} → {self.user}"
