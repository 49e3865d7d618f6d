"""In the application: read marks, preferences, rules."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.audit import audit, diff, snapshot
from danvan.core.freshness import records_changed

from .. import sources
from ..models import (
    ROLE_CHOICES,
    Delivery,
    ReminderPreference,
    ReminderRule,
    SentReminder,
)

# --- in the application: read marks, preferences, rules -------------------------------------------------

def mark_read(*, user, reminder_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own reminders read (all unread ones when no ids are given). Not audited: it changes
    only what the user's bell shows."""
    qs = SentReminder.objects.filter(user=user, read_at__isnull=True)
    if reminder_ids is not None:
        qs = qs.filter(pk__in=list(reminder_ids))
    marked = qs.update(read_at=timezone.now())
    if marked:
        records_changed()  # an UPDATE sends no signal: the bell's cached count (selectors) must move
    return marked


def _readable(changes: dict) -> dict:
    """Audit changes with kinds and roles by their names (the trail is read by people, not by code)."""
    roles = dict(ROLE_CHOICES)

    def read(name: str, value):
        if value in (None, "", []):
            return value
        if name == "kind":
            return sources.label_of(value)
        if name == "muted_kinds":
            return ", ".join(sources.label_of(kind) for kind in value)
        if name == "recipient_roles":
            return ", ".join(str(roles.get(role, role)) for role in str(value).split(","))
        return value

    return {name: [read(name, value) for value in pair] for name, pair in changes.items()}


@transaction.atomic
def preference_save(*, actor, user, delivery: str, muted_kinds: Iterable[str]) -> ReminderPreference:
    """A user's own choice: how reminders are e-mailed and which kinds are muted."""
    if actor is None or actor.pk != user.pk:
        raise ValidationError(_("Mỗi người chỉ chọn cách nhận nhắc việc của chính mình."))
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": [_("Cách nhận thư không hợp lệ.")]})
    known = {kind for kind, _label in sources.kind_choices(
        ReminderRule.objects.values_list("kind", flat=True))}
    muted = sorted({kind for kind in muted_kinds if kind in known})
    preference = ReminderPreference.objects.filter(user=user).first()
    before = snapshot(preference) if preference else {}
    if preference is None:
        preference = ReminderPreference(user=user)
    preference.delivery, preference.muted_kinds = delivery, muted
    preference.save()
    changes = diff(before, snapshot(preference))
    if changes:
        audit(actor=actor, action="reminders.preference.updated", target=preference, changes=_readable(changes))
    return preference


@transaction.atomic
def rule_save(*, actor, rule: ReminderRule, created: bool) -> ReminderRule:
    """Administrators change the rules (the admin calls this); every change is in the audit trail."""
    if not getattr(actor, "is_superuser", False):
        raise ValidationError(_("Chỉ quản trị hệ thống được sửa quy tắc nhắc việc."))
    before = {} if created else snapshot(ReminderRule.objects.get(pk=rule.pk))
    rule.full_clean()
    rule.save()
    after = snapshot(rule)
    action = "reminders.rule.created" if created else "reminders.rule.updated"
    audit(actor=actor, action=action, target=rule, changes=_readable(diff(before, after)))
    return rule


@transaction.atomic
def rule_delete(*, actor, rule: ReminderRule) -> None:
    if not getattr(actor, "is_superuser", False):
        raise ValidationError(_("Chỉ quản trị hệ thống được sửa quy tắc nhắc việc."))
    audit(actor=actor, action="reminders.rule.deleted", target=rule,
          changes=_readable({k: [v, None] for k, v in snapshot(rule).items()}))
    rule.delete()
