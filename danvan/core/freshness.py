"""A number that changes whenever a record changes, for caches of per-user views (the home page's work queue).

Every save or delete of a model outside IGNORED_APPS bumps it at once and again when its transaction commits (a
reader between the two may cache the old state under the first number; the second makes that entry stale).
Writers that bypass model signals (bulk imports, COPY) call `audit_bulk` or `audit`, which bump it too. Kept
in the cache (Redis in production), never in the database: a shared row updated by every writer would
serialise them.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)
KEY = "core:records-version"
# Rows written on every request or sign-in, not records: sessions, the cache table, one-time-password devices.
IGNORED_APPS = frozenset({"sessions", "contenttypes", "otp_totp", "otp_static", "django_otp", "admin"})


def version() -> int:
    found = cache.get(KEY)
    if found is None:
        found = int(timezone.now().timestamp() * 1000)  # a fresh cache must not resurrect old entries
        cache.add(KEY, found, None)
        found = cache.get(KEY, found)
    return found


def bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not set yet: a new number
        version()
    except Exception:  # noqa: BLE001 - the cache is down: a write must not fail for it
        # Entries keyed on the version then live out their own short timeout (home page: 60 s).
        logger.warning("records version not bumped: the cache is unavailable", exc_info=True)


def _bump_after_commit() -> None:
    bump()


def records_changed() -> None:
    """Bump now and once more when the current transaction commits (once per transaction)."""
    bump()
    if connection.in_atomic_block:
        if any(func is _bump_after_commit for _sids, func, *_rest in connection.run_on_commit):
            return
        transaction.on_commit(_bump_after_commit)


def _on_change(sender, **kwargs) -> None:
    if sender._meta.app_label not in IGNORED_APPS:
        records_changed()


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"freshness-{signal}")
