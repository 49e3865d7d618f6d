"""Reads of the reminders app: the bell, the notifications page, preferences, rules, the work queue."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from danvan.accounts import permissions
from danvan.core import clock
from danvan.orgunits.models import OrgUnit

from . import sources
from .models import DEFAULT_DELIVERY, ReminderPreference, ReminderRule, SentReminder
from .sources import DueItem


def notifications_for(user, *, unread_only: bool = False, kind: str = "") -> QuerySet:
    """The user's own reminders, newest first (nobody else's, whatever their rights)."""
    qs = SentReminder.objects.filter(user=user).select_related("unit")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_on", "read_at", "due", "-pk")


BELL_LIMIT = 99  # the bell shows "99+" beyond this


def unread_count(user, *, exact: bool = False) -> int:
    """Unread reminders of the user, read without COUNT(*) (issue 16: no page counts a table): at most
    BELL_LIMIT + 1 ids are fetched off the (user, read_at) index; `exact` counts them all."""
    if not getattr(user, "is_authenticated", False):
        return 0
    unread = SentReminder.objects.filter(user=user, read_at__isnull=True)
    if exact:
        return unread.count()
    return len(unread.values_list("pk", flat=True)[:BELL_LIMIT + 1])


def bell_text(count: int) -> str:
    return f"{BELL_LIMIT}+" if count > BELL_LIMIT else str(count)


BELL_CACHE_SECONDS = 600


def unread_count_for_request(request) -> int:
    """The bell's count (at most BELL_LIMIT + 1), read once per request (the work queue and the header share
    it) and kept in the cache per user under the records version (`core.freshness`): every page shows the bell,
    and the count changes only with a write (a new reminder, a read mark), which bumps that version (issue 16)."""
    cached = getattr(request, "_reminders_unread", None)
    if cached is None:
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return 0
        from django.core.cache import cache

        from danvan.core import freshness

        # The version is read before the count: a write committed in between bumps it after, so a count read
        # before that write is never stored under the newer version.
        key = f"reminders:bell:{user.pk}:{freshness.version()}"
        cached = cache.get(key)
        if cached is None:
            cached = unread_count(user)
            cache.set(key, cached, BELL_CACHE_SECONDS)
        request._reminders_unread = cached
    return cached


def preference_of(user) -> ReminderPreference:
    """The user's saved choice, or the default (daily digest, nothing muted) unsaved."""
    found = ReminderPreference.objects.filter(user=user).first()
    return found or ReminderPreference(user=user, delivery=DEFAULT_DELIVERY, muted_kinds=[])


def kind_choices() -> list[tuple[str, str]]:
    return sources.kind_choices(ReminderRule.objects.values_list("kind", flat=True))


def rules() -> QuerySet:
    return ReminderRule.objects.all().order_by("kind", "pk")


WORK_QUEUE_DAYS = 7  # items of plugged-in sources shown from a week before their due date
WORK_QUEUE_LIMIT = 5  # per source


def work_queue_items(user, *, day: datetime.date | None = None) -> list[tuple[str, DueItem]]:
    """Items of the sources that asked to appear in the home work queue (the other apps list their own), for
    the units the user writes for, due within WORK_QUEUE_DAYS or overdue: [(source label, item)]."""
    day = day or clock.today()
    wanted = [source for source in sources.all_sources() if source.work_queue]
    if not wanted:
        return []
    unit_ids = [g.unit_id for g in permissions.grants(user) if permissions.WRITE in g.actions]
    if not unit_ids:
        return []
    units = OrgUnit.objects.filter(pk__in=unit_ids)
    found: list[tuple[str, DueItem]] = []
    for source in wanted:
        items = sources.due_items(source.kind, day=day, start=day - datetime.timedelta(days=366),
                                  end=day + datetime.timedelta(days=WORK_QUEUE_DAYS), units=units)
        visible = [item for item in sorted(items, key=lambda i: i.due)
                   if permissions.can_receive_reminder(user, item.record if item.record is not None else item.unit)]
        found += [(str(source.label), item) for item in visible[:WORK_QUEUE_LIMIT]]
    return found
