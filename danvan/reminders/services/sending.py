"""E-mailing the computed reminders: claim, re-check, send one message per user, mark sent or failed."""

from __future__ import annotations

import contextlib
import datetime
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone, translation

from danvan.accounts import permissions
from danvan.core import clock
from danvan.orgunits.models import OrgUnit

from .. import sources
from ..models import (
    DEFAULT_DELIVERY,
    Delivery,
    ReminderMessage,
    SentReminder,
)
from ..sources import DueItem
from .compute import MAIL_ERRORS, RETRY_DAYS, STALE_CLAIM, Status, _record, item_key, logger

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
    from ..mail import build_email

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
