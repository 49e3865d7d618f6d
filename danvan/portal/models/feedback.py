"""Reader feedback ("Ý kiến bạn đọc"), held for moderation; senders a moderator has blocked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã đăng")
        REJECTED = "rejected", _("Không đăng")

    page = models.ForeignKey("portal.ArticlePage", verbose_name=_("bài viết"), on_delete=models.CASCADE,
                             related_name="feedback")
    name = models.CharField(_("họ và tên"), max_length=100)
    # Never shown on the site nor exported: only moderators see it, to block a sender.
    email = models.EmailField(_("thư điện tử"), max_length=200)
    text = models.TextField(_("nội dung"), max_length=3000)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    client_hash = models.CharField(max_length=32, editable=False, db_index=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ý kiến bạn đọc")
        verbose_name_plural = _("ý kiến bạn đọc")
        indexes = [models.Index(fields=["status", "created_at"], name="portal_feedback_status_idx"),
                   models.Index(fields=["page", "status"], name="portal_feedback_page_idx")]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"


class BlockedSender(models.Model):
    """Feedback from this e-mail address or client is refused."""

    email = models.EmailField(_("thư điện tử"), max_length=200, blank=True, db_index=True)
    client_hash = models.CharField(max_length=32, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("người gửi bị chặn")
        verbose_name_plural = _("người gửi bị chặn")

    def __str__(self) -> str:
        return self.email or self.client_hash
