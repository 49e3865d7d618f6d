"""When a rule reminds: the occasions around a due date (pure functions, no database).

A rule says "7 and 1 days before" (`days_before`, 0 = on the due day), "then every 7 days while overdue"
(`overdue_every_days`, the first overdue reminder the day after the due date: 1, 8, 15 … days late), "for at
most 90 days" (`overdue_for_days`, 0 = as long as the item is open, within a year) and "tell the approvers
above from 7 days late on" (`escalate_after_days`, empty = never).

On a given day an item has at most one occasion: the latest of its points that has come. A job that did not
run for a few days therefore catches up with one reminder (not one per missed point), and an item recorded
3 days before its due date still gets its "7 days before" reminder, once, on the day it is first seen.
The occasion's label is part of the unique key of what was sent, with the due date: a moved deadline
(an extension) starts its own occasions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

MAX_DAYS = 366


def parse_days(text: str) -> list[int]:
    """"7, 1" -> [7, 1] (distinct, largest first). Raises ValueError for anything but whole days 0–366."""
    days: set[int] = set()
    for part in str(text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) > MAX_DAYS:
            raise ValueError(part)
        days.add(int(part))
    return sorted(days, reverse=True)


@dataclass(frozen=True)
class Occasion:
    label: str  # "-7" (7 days before), "0" (the due day), "+8" (8 days late)
    days_left: int  # due date minus the day (negative: late)
    escalate: bool

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def key(self, due: datetime.date) -> str:
        return f"{due.isoformat()}@{self.label}"


def occasion_on(rule, due: datetime.date, day: datetime.date) -> Occasion | None:
    """The occasion of `rule` for an item due on `due`, as seen on `day` (None: nothing to say)."""
    left = (due - day).days
    if left >= 0:
        eligible = [d for d in parse_days(rule.days_before) if d >= left]
        if not eligible:
            return None
        point = min(eligible)
        return Occasion(label=f"-{point}" if point else "0", days_left=left, escalate=False)
    late = -left
    every = rule.overdue_every_days or 0
    if every <= 0:
        return None
    limit = rule.overdue_for_days or MAX_DAYS
    if late > limit:
        return None
    point = 1 + ((late - 1) // every) * every
    escalate = rule.escalate_after_days is not None and point >= rule.escalate_after_days
    return Occasion(label=f"+{point}", days_left=left, escalate=escalate)


def lookback_days(rule) -> int:
    """How far back a rule looks for overdue items."""
    if not rule.overdue_every_days:
        return 0
    return min(rule.overdue_for_days or MAX_DAYS, MAX_DAYS)


def lookahead_days(rule) -> int:
    days = parse_days(rule.days_before)
    return days[0] if days else 0
