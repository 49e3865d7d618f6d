"""Reminders (issue 18): rules as data, each user's preferences, and the record of every reminder sent.

A `SentReminder` is one reminder of one item to one user on one occasion (unique): it is the bell's
notification, and its e-mail state says whether, when and in which message it was e-mailed. It is written
before any e-mail is sent, so a re-run never reminds twice; a failed e-mail leaves it "failed", to be
retried by the next run.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel

from . import schedule

ROLE_CHOICES = (("officer", _("Cán bộ nhập liệu")), ("approver", _("Lãnh đạo duyệt")))


class ReminderRule(TimeStampedModel):
    """What falls due and when to remind whom: one row per kind (or several, e.g. a stricter one)."""

    kind = models.CharField(_("loại việc"), max_length=40, db_index=True,
                            help_text=_("Nguồn việc đến hạn: báo cáo định kỳ, đơn thư, cam kết, văn bản, …"))
    name = models.CharField(_("tên quy tắc"), max_length=200)
    days_before = models.CharField(
        _("nhắc trước hạn (ngày)"), max_length=60, default="7,1", blank=True,
        help_text=_("Các số ngày trước hạn, cách nhau bởi dấu phẩy; 0 = đúng ngày đến hạn. Ví dụ: 7,1"))
    overdue_every_days = models.PositiveSmallIntegerField(
        _("nhắc khi quá hạn, mỗi (ngày)"), default=7,
        help_text=_("Lần đầu vào ngày sau hạn, rồi cứ mỗi chừng ấy ngày; 0 = không nhắc khi quá hạn."))
    overdue_for_days = models.PositiveSmallIntegerField(
        _("ngừng nhắc sau khi quá hạn (ngày)"), default=90,
        help_text=_("0 = còn mở thì còn nhắc (tối đa một năm)."))
    recipient_roles = models.CharField(
        _("người nhận ở đơn vị chịu trách nhiệm"), max_length=60, default="officer,approver",
        help_text=_("Vai trò, cách nhau bởi dấu phẩy: officer (cán bộ nhập liệu), approver (lãnh đạo duyệt)."))
    escalate_after_days = models.PositiveSmallIntegerField(
        _("báo lãnh đạo cấp trên khi quá hạn từ (ngày)"), null=True, blank=True, default=7,
        help_text=_("Lãnh đạo duyệt của đơn vị cấp trên gần nhất cũng nhận nhắc việc khi quá hạn từ chừng ấy "
                    "ngày; để trống = không báo cấp trên."))
    active = models.BooleanField(_("đang dùng"), default=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("quy tắc nhắc việc")
        verbose_name_plural = _("quy tắc nhắc việc")

    def __str__(self) -> str:
        return self.name

    @property
    def scope_unit(self):
        return None

    @property
    def days_before_list(self) -> list[int]:
        try:
            return schedule.parse_days(self.days_before)
        except ValueError:
            return []

    @property
    def role_list(self) -> list[str]:
        return [role.strip() for role in self.recipient_roles.split(",") if role.strip()]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        try:
            schedule.parse_days(self.days_before)
        except ValueError as error:
            errors["days_before"] = [_("“%(v)s” không phải số ngày (0–366).") % {"v": error.args[0]}]
        roles = self.role_list
        allowed = {value for value, _label in ROLE_CHOICES}
        if not roles or any(role not in allowed for role in roles):
            errors["recipient_roles"] = [_("Chọn officer, approver hoặc cả hai (cách nhau bởi dấu phẩy).")]
        else:
            self.recipient_roles = ",".join(value for value, _label in ROLE_CHOICES if value in roles)
        if not self.days_before_list and not self.overdue_every_days:
            errors["days_before"] = [_("Quy tắc phải nhắc trước hạn hoặc khi quá hạn.")]
        if errors:
            raise ValidationError(errors)


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi thư ngay khi có việc")
    DAILY = "daily", _("Thư tổng hợp hằng ngày (7 giờ sáng)")
    WEEKLY = "weekly", _("Thư tổng hợp hằng tuần (7 giờ sáng thứ Hai)")
    NONE = "none", _("Không gửi thư, chỉ xem trong hệ thống")


DEFAULT_DELIVERY = Delivery.DAILY


class ReminderPreference(models.Model):
    """How one user wants reminders: by e-mail at once, in a daily or weekly digest, or only in the bell."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="reminder_preference", verbose_name=_("người dùng"))
    delivery = models.CharField(_("cách nhận thư nhắc việc"), max_length=10, choices=Delivery.choices,
                                default=DEFAULT_DELIVERY)
    muted_kinds = models.JSONField(_("loại việc không nhận nhắc"), default=list, blank=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cài đặt nhắc việc")
        verbose_name_plural = _("cài đặt nhắc việc")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_delivery_display()}"

    @property
    def scope_unit(self):
        return None


class ReminderMessage(models.Model):
    """One e-mail: immediate, or a daily/weekly digest; the reminders it carried point to it."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("người nhận"))
    channel = models.CharField(_("loại thư"), max_length=10, choices=Delivery.choices)
    to_address = models.CharField(_("địa chỉ nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    item_count = models.PositiveSmallIntegerField(_("số việc"), default=0)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.SENDING)
    error = models.CharField(_("lỗi"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thư nhắc việc")
        verbose_name_plural = _("thư nhắc việc")

    def __str__(self) -> str:
        return self.subject


class SentReminder(models.Model):
    """One reminder of one item to one user on one occasion: the bell's notification and its e-mail state."""

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Chờ gửi thư")
        SENDING = "sending", _("Đang gửi thư")
        SENT = "sent", _("Đã gửi thư")
        FAILED = "failed", _("Gửi thư lỗi, sẽ gửi lại")
        SKIPPED = "skipped", _("Không gửi thư (không có địa chỉ hoặc chỉ xem trong hệ thống)")
        DUPLICATE = "duplicate", _("Không gửi lại (việc đã có trong thư khác cùng ngày)")
        OBSOLETE = "obsolete", _("Không gửi (việc đã xong hoặc không còn thuộc phạm vi trước khi gửi)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders",
                             verbose_name=_("người nhận"))
    rule = models.ForeignKey(ReminderRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("quy tắc"))
    kind = models.CharField(_("loại việc"), max_length=40)
    item_key = models.CharField(_("mã việc"), max_length=120)
    occasion = models.CharField(_("lần nhắc"), max_length=40, help_text=_("Hạn và mốc nhắc, ví dụ 2026-12-01@-7"))
    unit = models.ForeignKey("orgunits.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("đơn vị chịu trách nhiệm"))
    due = models.DateField(_("hạn"))
    title = models.CharField(_("việc"), max_length=300)
    detail = models.CharField(_("chi tiết"), max_length=300, blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500)
    escalated = models.BooleanField(_("báo lãnh đạo cấp trên"), default=False)
    created_on = models.DateField(_("ngày nhắc"), db_index=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    email_status = models.CharField(_("thư điện tử"), max_length=10, choices=EmailStatus.choices,
                                    default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField(_("số lần gửi thư"), default=0)
    email_error = models.CharField(_("lỗi gửi thư"), max_length=300, blank=True)
    emailed_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)
    emailed_on = models.DateField(_("ngày gửi thư"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    message = models.ForeignKey(ReminderMessage, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="reminders", verbose_name=_("thư"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "item_key", "occasion"],
                                               name="reminders_once_per_occasion")]
        indexes = [models.Index(fields=["user", "read_at"], name="reminders_unread_idx"),
                   models.Index(fields=["email_status", "created_on"], name="reminders_email_idx"),
                   models.Index(fields=["user", "kind", "item_key"], name="reminders_item_idx")]

    def __str__(self) -> str:
        return f"{self.title} → {self.user}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
