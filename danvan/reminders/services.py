"""Writes of the reminders app: compute what is due, e-mail it, preferences and rules.

The order that makes a re-run harmless:
1. `compute_reminders(day)` writes one `SentReminder` per (user, item, occasion) — unique, so a second run
   of the same day (or a concurrent one) adds nothing; an item already reminded to a user that day is not
   reminded again under another occasion or rule.
2. `send_reminders(channel, day)` claims a user's rows (a conditional UPDATE: two senders never claim the
   same row), re-checks that each item is still due and still visible to the user, sends one message, and
   only then marks the rows sent. A failing mail server (SMTPException, a refused connection, a timeout)
   marks them failed with the error: the next run sends them again. A sender that died between claim and
   mark leaves "sending" rows, taken again after an hour (at worst one duplicate after a crash, never a
   lost reminder).
Nothing here runs inside a web request: the Huey jobs (tasks.py) and `manage.py send_reminders` call it.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.accounts import permissions
from danvan.accounts.models import Membership, User
from danvan.core import clock
from danvan.core.audit import audit, diff, snapshot
from danvan.orgunits.models import OrgUnit

from . import schedule, sources
from .models import (
    DEFAULT_DELIVERY,
    ROLE_CHOICES,
    Delivery,
    ReminderMessage,
    ReminderPreference,
    ReminderRule,
    SentReminder,
)
from .sources import DueItem

logger = logging.getLogger(__name__)

RETRY_DAYS = 7  # a reminder not e-mailed within a week stays in the bell only
STALE_CLAIM = datetime.timedelta(hours=1)
MAIL_ERRORS = (smtplib.SMTPException, OSError)  # OSError: refused connection, DNS failure, timeout
CHUNK = 500

Status = SentReminder.EmailStatus


# --- computing what is due ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Planned:
    user: Any
    item: DueItem
    rule: ReminderRule
    occasion: schedule.Occasion
    escalated: bool

    @property
    def occasion_key(self) -> str:
        return self.occasion.key(self.item.due)


@dataclass
class ComputeResult:
    day: datetime.date
    planned: list[Planned] = field(default_factory=list)
    created: int = 0


def _ancestor_paths(unit: OrgUnit) -> list[str]:
    """The paths above `unit`, nearest first."""
    return list(reversed(permissions.path_prefixes(unit.path)[:-1]))


def item_key(item: DueItem) -> str:
    """The item's key as stored (SentReminder.item_key holds 120 characters)."""
    return item.key[:120]


def _record(item: DueItem):
    return item.record if item.record is not None else item.unit


def plan_reminders(*, day: datetime.date) -> list[Planned]:
    """Who is to be reminded of what on `day` by the active rules, before removing what was already sent.

    Recipients: the responsible unit's members in the rule's roles; when an overdue occasion escalates, also
    the approvers of the nearest unit above that has any. Each must be active, not have muted the kind, and
    be allowed by the gatekeeper to read the item. One reminder per user and item: a user who is both is
    reminded as the unit's member; the first rule (by kind, id) wins over later ones.
    """
    rules: dict[str, list[ReminderRule]] = defaultdict(list)
    for rule in ReminderRule.objects.filter(active=True).order_by("kind", "pk"):
        rules[rule.kind].append(rule)
    candidates: list[tuple[DueItem, ReminderRule, schedule.Occasion]] = []
    for kind, kind_rules in rules.items():
        if sources.get(kind) is None:
            logger.info("reminder rules name %r, but no source of that kind is registered", kind)
            continue
        back = max(schedule.lookback_days(rule) for rule in kind_rules)
        ahead = max(schedule.lookahead_days(rule) for rule in kind_rules)
        for item in sources.due_items(kind, day=day, start=day - datetime.timedelta(days=back),
                                      end=day + datetime.timedelta(days=ahead)):
            for rule in kind_rules:
                occasion = schedule.occasion_on(rule, item.due, day)
                if occasion is not None:
                    candidates.append((item, rule, occasion))
    if not candidates:
        return []

    roles = {role for _item, rule, _occasion in candidates for role in rule.role_list}
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    unit_ids = {item.unit.pk for item, _rule, _occasion in candidates}
    for unit_id, user_id, role in Membership.objects.filter(
            unit_id__in=unit_ids, role__in=roles, user__is_active=True).values_list("unit_id", "user_id", "role"):
        members[unit_id].append((user_id, role))
    above_paths = {path for item, _rule, occasion in candidates if occasion.escalate
                   for path in _ancestor_paths(item.unit)}
    approvers: dict[str, list[int]] = defaultdict(list)
    for path, user_id in Membership.objects.filter(
            unit__path__in=above_paths, role=Membership.Role.APPROVER, user__is_active=True).values_list(
            "unit__path", "user_id").order_by("user_id"):
        approvers[path].append(user_id)
    user_ids = {uid for pairs in members.values() for uid, _role in pairs} | {
        uid for ids in approvers.values() for uid in ids}
    users = {user.pk: user for user in User.objects.filter(pk__in=user_ids, is_active=True)}
    muted = {user_id: set(kinds or ()) for user_id, kinds in ReminderPreference.objects.filter(
        user_id__in=user_ids).values_list("user_id", "muted_kinds")}

    planned: dict[tuple[int, str, str], Planned] = {}
    for item, rule, occasion in candidates:
        recipients = [(uid, False) for uid, role in members[item.unit.pk] if role in rule.role_list]
        if occasion.escalate:
            for path in _ancestor_paths(item.unit):
                if approvers.get(path):
                    recipients += [(uid, True) for uid in approvers[path]]
                    break
        for user_id, escalated in recipients:
            user = users.get(user_id)
            if user is None or item.kind in muted.get(user_id, ()):
                continue
            key = (user_id, item.kind, item_key(item))
            existing = planned.get(key)
            if existing is not None and (escalated or not existing.escalated):
                continue
            if not permissions.can_receive_reminder(user, _record(item)):
                continue
            planned[key] = Planned(user=user, item=item, rule=rule, occasion=occasion, escalated=escalated)
    return list(planned.values())


def _chunks(values: Iterable, size: int = CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _already_sent(planned: list[Planned], day: datetime.date) -> tuple[set, set]:
    """(user, kind, key, occasion) already recorded, and (user, kind, key) already reminded on `day`."""
    occasions: set[tuple[int, str, str, str]] = set()
    today: set[tuple[int, str, str]] = set()
    by_kind: dict[str, set[str]] = defaultdict(set)
    for p in planned:
        by_kind[p.item.kind].add(item_key(p.item))
    user_ids = {p.user.pk for p in planned}
    for kind, keys in by_kind.items():
        for chunk in _chunks(keys):
            for user_id, key, occasion, created_on in SentReminder.objects.filter(
                    kind=kind, item_key__in=chunk).values_list("user_id", "item_key", "occasion", "created_on"):
                if user_id not in user_ids:
                    continue
                occasions.add((user_id, kind, key, occasion))
                if created_on == day:
                    today.add((user_id, kind, key))
    return occasions, today


def compute_reminders(*, day: datetime.date | None = None, dry_run: bool = False) -> ComputeResult:
    """Record today's reminders (the bell shows them at once; e-mail follows each user's choice)."""
    day = day or clock.today()
    with translation.override(settings.LANGUAGE_CODE):
        planned = plan_reminders(day=day)
    occasions, today = _already_sent(planned, day)
    fresh = [p for p in planned if (p.user.pk, p.item.kind, item_key(p.item), p.occasion_key) not in occasions
             and (p.user.pk, p.item.kind, item_key(p.item)) not in today]
    result = ComputeResult(day=day, planned=fresh)
    if dry_run or not fresh:
        return result
    now = timezone.now()
    rows = [SentReminder(user=p.user, rule=p.rule, kind=p.item.kind, item_key=item_key(p.item),
                         occasion=p.occasion_key, unit=p.item.unit, due=p.item.due, title=p.item.title[:300],
                         detail=p.item.detail[:300], url=p.item.url[:500], escalated=p.escalated, created_on=day,
                         created_at=now) for p in fresh]
    with transaction.atomic():
        SentReminder.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
    result.created = len(rows)
    return result


# --- e-mail -------------------------------------------------------------------------------------------

@dataclass
class SendResult:
    channel: str
    messages: int = 0
    reminders: int = 0
    failed: int = 0
    skipped: int = 0
    obsolete: int = 0
    duplicates: int = 0
    error: str = ""
    users: int = 0  # dry run: users a message would go to


def _delivery_q(channel: str) -> Q:
    condition = Q(user__reminder_preference__delivery=channel)
    if channel == DEFAULT_DELIVERY:
        condition |= Q(user__reminder_preference__isnull=True)
    return condition


def _claimable_q(now: datetime.datetime, *, retry_only: bool) -> Q:
    condition = Q(email_status=Status.FAILED) | Q(email_status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    if not retry_only:
        condition |= Q(email_status=Status.PENDING)
    return condition


def skip_unmailable(*, day: datetime.date) -> int:
    """Reminders of users without an e-mail address, or who chose the bell only, are never e-mailed."""
    waiting = SentReminder.objects.filter(email_status__in=(Status.PENDING, Status.FAILED))
    nobody = Q(user__email="") | Q(user__reminder_preference__delivery=Delivery.NONE) | Q(user__is_active=False)
    return waiting.filter(pk__in=SentReminder.objects.filter(nobody).values("pk")).update(
        email_status=Status.SKIPPED, claim="")


def _live_items(rows: list[SentReminder], day: datetime.date) -> dict[tuple[str, str, datetime.date], DueItem]:
    """The items of `rows` that their source still reports as due (kinds without a source: not checked)."""
    found: dict[tuple[str, str, datetime.date], DueItem] = {}
    by_kind: dict[str, list[SentReminder]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    for kind, kind_rows in by_kind.items():
        if sources.get(kind) is None:
            continue
        units = OrgUnit.objects.filter(pk__in={row.unit_id for row in kind_rows if row.unit_id})
        start, end = min(row.due for row in kind_rows), max(row.due for row in kind_rows)
        with translation.override(settings.LANGUAGE_CODE):
            for item in sources.due_items(kind, day=day, start=start, end=end, units=units):
                found[(kind, item_key(item), item.due)] = item
    return found


def _still_wanted(row: SentReminder, user, live: dict) -> bool:
    if sources.get(row.kind) is None:
        return row.unit is not None and permissions.can_receive_reminder(user, row.unit)
    item = live.get((row.kind, row.item_key, row.due))
    return item is not None and permissions.can_receive_reminder(user, _record(item))


def _mark(ids: Iterable[int], status: str, **fields) -> int:
    return SentReminder.objects.filter(pk__in=list(ids)).update(email_status=status, claim="", **fields)


def send_reminders(*, channel: str, day: datetime.date | None = None, retry_only: bool = False,
                   dry_run: bool = False) -> SendResult:
    """E-mail the waiting reminders of the users who chose `channel` (one message per user).

    `retry_only`: only reminders whose earlier e-mail failed (digest users between their digests)."""
    day = day or clock.today()
    now = timezone.now()
    result = SendResult(channel=channel)
    if not dry_run:
        result.skipped = skip_unmailable(day=day)
    waiting = (SentReminder.objects.filter(_claimable_q(now, retry_only=retry_only), _delivery_q(channel),
                                           created_on__range=(day - datetime.timedelta(days=RETRY_DAYS), day),
                                           user__is_active=True)
               .exclude(user__email=""))
    if dry_run:
        waiting = waiting.exclude(user__reminder_preference__delivery=Delivery.NONE)
        result.users = waiting.values("user_id").distinct().count()
        result.reminders = waiting.count()
        return result
    rows = list(waiting.select_related("user", "unit").order_by("user_id", "created_at", "pk"))
    if not rows:
        return result
    live = _live_items(rows, day)
    by_user: dict[int, list[SentReminder]] = defaultdict(list)
    for row in rows:
        by_user[row.user_id].append(row)
    connection = get_connection(fail_silently=False)
    try:
        for user_rows in by_user.values():
            if result.error:  # the server is down: record the rest as failed without waiting on it again
                result.failed += SentReminder.objects.filter(
                    pk__in=[row.pk for row in user_rows], email_status__in=(Status.PENDING, Status.FAILED)).update(
                    email_status=Status.FAILED, email_attempts=F("email_attempts") + 1, email_error=result.error)
                continue
            _send_to_user(user_rows, channel=channel, day=day, now=now, live=live, connection=connection,
                          result=result, retry_only=retry_only)
    finally:
        with contextlib.suppress(*MAIL_ERRORS):  # closing a broken connection
            connection.close()
    if result.error:
        logger.warning("reminder e-mail failed (%s): %s reminders will be sent again by the next run",
                       result.error, result.failed)
    return result


def _send_to_user(rows: list[SentReminder], *, channel: str, day: datetime.date, now: datetime.datetime,
                  live: dict, connection, result: SendResult, retry_only: bool) -> None:
    from .mail import build_email

    token = uuid.uuid4().hex
    SentReminder.objects.filter(_claimable_q(now, retry_only=retry_only), pk__in=[row.pk for row in rows]).update(
        email_status=Status.SENDING, claim=token, claimed_at=now)
    claimed = {row.pk for row in SentReminder.objects.filter(claim=token).only("pk")}
    rows = [row for row in rows if row.pk in claimed]
    if not rows:
        return
    user = rows[0].user
    permissions.forget_grants(user)
    obsolete = [row.pk for row in rows if not _still_wanted(row, user, live)]
    result.obsolete += _mark(obsolete, Status.OBSOLETE)
    rows = [row for row in rows if row.pk not in set(obsolete)]
    # One message never repeats an item already e-mailed to this user today (in another message).
    mailed_today = set(SentReminder.objects.filter(user=user, emailed_on=day, email_status=Status.SENT)
                       .values_list("kind", "item_key"))
    duplicates = [row.pk for row in rows if (row.kind, row.item_key) in mailed_today]
    result.duplicates += _mark(duplicates, Status.DUPLICATE)
    rows = [row for row in rows if row.pk not in set(duplicates)]
    if not rows:
        return
    latest: dict[tuple[str, str], SentReminder] = {}
    for row in sorted(rows, key=lambda r: (r.created_at, r.pk)):  # an item once, as last reminded
        latest[(row.kind, row.item_key)] = row
    email = build_email(user=user, channel=channel, rows=list(latest.values()), day=day, connection=connection)
    message = ReminderMessage.objects.create(user=user, channel=channel, to_address=user.email,
                                             subject=email.subject[:300], item_count=len(latest))
    try:
        email.send()
    except MAIL_ERRORS as error:
        text = f"{type(error).__name__}: {error}"[:300]
        message.status, message.error = ReminderMessage.Status.FAILED, text
        message.save(update_fields=["status", "error"])
        result.failed += SentReminder.objects.filter(claim=token, email_status=Status.SENDING).update(
            email_status=Status.FAILED, email_attempts=F("email_attempts") + 1, email_error=text, claim="",
            message=message)
        if not isinstance(error, smtplib.SMTPRecipientsRefused):  # one bad address does not stop the others
            result.error = text
        return
    message.status, message.sent_at = ReminderMessage.Status.SENT, timezone.now()
    message.save(update_fields=["status", "sent_at"])
    result.messages += 1
    result.reminders += SentReminder.objects.filter(claim=token, email_status=Status.SENDING).update(
        email_status=Status.SENT, email_attempts=F("email_attempts") + 1, email_error="", emailed_at=message.sent_at,
        emailed_on=day, claim="", message=message)


# --- the scheduled passes (tasks.py, manage.py send_reminders) -------------------------------------------

@dataclass
class RunResult:
    computed: ComputeResult
    sent: list[SendResult]


def run_hourly(*, day: datetime.date | None = None) -> RunResult:
    """Compute, e-mail the users who chose "immediately", and retry the digests' failed e-mails."""
    day = day or clock.today()
    computed = compute_reminders(day=day)
    sent = [send_reminders(channel=Delivery.IMMEDIATE, day=day)]
    sent += [send_reminders(channel=channel, day=day, retry_only=True)
             for channel in (Delivery.DAILY, Delivery.WEEKLY)]
    return RunResult(computed=computed, sent=sent)


def run_digest(*, channel: str, day: datetime.date | None = None) -> RunResult:
    """The daily (or weekly) digest: compute first, so the digest carries this morning's reminders too."""
    day = day or clock.today()
    computed = compute_reminders(day=day)
    return RunResult(computed=computed, sent=[send_reminders(channel=channel, day=day)])


def run_all(*, day: datetime.date | None = None, dry_run: bool = False) -> RunResult:
    """The operator's pass (`send_reminders`): compute, then immediate e-mail, the daily digest and, on a
    Monday, the weekly digest."""
    day = day or clock.today()
    computed = compute_reminders(day=day, dry_run=dry_run)
    channels = [Delivery.IMMEDIATE, Delivery.DAILY] + ([Delivery.WEEKLY] if day.weekday() == 0 else [])
    return RunResult(computed=computed, sent=[send_reminders(channel=channel, day=day, dry_run=dry_run)
                                              for channel in channels])


# --- in the application: read marks, preferences, rules -------------------------------------------------

def mark_read(*, user, reminder_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own reminders read (all unread ones when no ids are given). Not audited: it changes
    only what the user's bell shows."""
    qs = SentReminder.objects.filter(user=user, read_at__isnull=True)
    if reminder_ids is not None:
        qs = qs.filter(pk__in=list(reminder_ids))
    return qs.update(read_at=timezone.now())


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
