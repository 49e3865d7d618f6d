"""Shared model bases and the audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UnitScoped:
    """A record that belongs to a unit, for the gatekeeper: `SCOPE_UNIT_FIELD` (the lookup that filters querysets:
    "unit" by default, "case__unit" for a record of a case) and `scope_unit` (the unit of one record, found along
    the same path). A plain mixin: no field, no migration."""

    SCOPE_UNIT_FIELD = "unit"

    @property
    def scope_unit(self):
        obj = self
        for name in self.SCOPE_UNIT_FIELD.split("__"):
            obj = getattr(obj, name)
        return obj


class TimeStampedModel(models.Model):
    """Adds creation and last-change timestamps."""

    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, db_index=True, editable=False)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """Optimistic locking: every save through `core.concurrency.save_versioned` bumps `version`.

    A form carries the version it was loaded with; a save against a newer version is refused
    instead of silently overwriting the other person's change.
    """

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One entry of the audit trail: who did what to which record, when, for which unit."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=80, db_index=True)
    target_type = models.CharField(_("loại bản ghi"), max_length=80)
    target_id = models.CharField(_("mã bản ghi"), max_length=64)
    target_repr = models.CharField(_("bản ghi"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("đơn vị"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    on_behalf = models.BooleanField(_("nhập thay đơn vị cấp dưới"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"], name="audit_target_idx")]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class Tombstone(UnitScoped, models.Model):
    """A deleted API record, so incremental sync (`changed_since`) can tell clients to drop it."""

    model = models.CharField(max_length=80)  # app_label.modelname
    object_id = models.CharField(max_length=64)
    unit = models.ForeignKey("orgunits.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["model", "deleted_at"], name="tombstone_model_time_idx")]

    def __str__(self) -> str:
        return f"{self.model} {self.object_id}"


class IdempotencyRecord(models.Model):
    """The answer to a POST sent with an `Idempotency-Key`, replayed when the same request comes again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)  # null while the first request runs
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key")]

    def __str__(self) -> str:
        return self.key
