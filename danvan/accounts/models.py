"""Users and their memberships: (user, unit, role). Read scope is the unit's subtree."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel, UnitScoped


class User(AbstractUser):
    """A person who signs in. Rights come only from memberships (and `is_superuser`)."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class Membership(UnitScoped, TimeStampedModel):
    """The user works for `unit` in `role`; the role's rights apply to the unit's subtree."""

    class Role(models.TextChoices):
        VIEWER = "viewer", _("Xem")
        OFFICER = "officer", _("Cán bộ nhập liệu")
        APPROVER = "approver", _("Lãnh đạo duyệt")
        UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")
        EDITOR = "editor", _("Biên tập viên cổng thông tin")

    user = models.ForeignKey(User, verbose_name=_("người dùng"), on_delete=models.CASCADE,
                             related_name="memberships")
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["user", "unit__path", "role"]
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class ApiToken(models.Model):
    """A personal API token: `Authorization: Bearer <token>` acts as `user` with the user's own rights.

    Only the SHA-256 of the token is stored (a token is 256 random bits, so a slow hash adds nothing);
    the token itself is shown once, when it is created. `prefix` lets the owner recognise it in lists.
    """

    user = models.ForeignKey(User, verbose_name=_("người dùng"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("mở đầu"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_on = models.DateField(_("hết hạn sau ngày"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_unit(self):
        return None

    def is_usable(self, today) -> bool:
        return self.revoked_at is None and (self.expires_on is None or today <= self.expires_on)
