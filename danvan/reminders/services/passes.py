"""The scheduled passes (tasks.py, manage.py send_reminders)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from danvan.core import clock

from ..models import (
    Delivery,
)
from .compute import ComputeResult, compute_reminders
from .sending import SendResult, send_reminders

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
