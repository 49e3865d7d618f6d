"""Computing what is due: rules × items → recipients → one `SentReminder` per (user, item, occasion).
The constants every stage shares are here."""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from danvan.accounts import permissions
from danvan.accounts.models import Membership, User
from danvan.core import clock
from danvan.core.freshness import records_changed
from danvan.orgunits.models import OrgUnit

from .. import schedule, sources
from ..models import (
    ReminderPreference,
    ReminderRule,
    SentReminder,
)
from ..sources import DueItem

logger = logging.getLogger("danvan.reminders.services")

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
        records_changed()  # bulk_create sends no signal: the bells' cached counts (selectors) must move
    result.created = len(rows)
    return result
