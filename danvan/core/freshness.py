"""A number that changes whenever a record changes, for caches of per-user views (the home page's work queue).

A save of any model outside IGNORED_APPS, or a delete of a record type (models with SCOPE_UNIT_FIELD, which
leave tombstones anyway: a delete listener costs Django its fast bulk delete, so none is added elsewhere),
bumps it when the transaction commits (once per transaction), and at once when this process has read the
number since its last bump (this transaction's own later reads, and tests, see the change; a bulk write of
100.000 rows bumps once). Every change is audited, and `audit()` saves an event, so writers that bypass model
signals (`QuerySet.update`, COPY) bump it too; `audit_bulk` bumps it itself. Kept in the cache (Redis in
production), never in the database: a shared row updated by every writer would serialise them (with the
database cache of a bare `make run` it is such a row; SQLite serialises writers anyway). Not bumped while
`migrate` runs (the cache table may not exist yet) until the process next reads the number.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_migrate

from .cache_counters import CacheCounter

logger = logging.getLogger(__name__)
KEY = "core:records-version"
_COUNTER = CacheCounter(KEY)
# Rows written on every request or sign-in, not records: sessions, the cache table, one-time-password devices.
IGNORED_APPS = frozenset({"sessions", "contenttypes", "otp_totp", "otp_static", "django_otp", "admin"})


_read_since_bump = [True]
_migrating = [False]


def version() -> int:
    _read_since_bump[0] = True
    _migrating[0] = False  # the process serves again (migrate's own post_migrate handlers write records too)
    return _COUNTER.read()


def bump() -> None:
    try:
        _COUNTER.bump()
    except Exception:  # noqa: BLE001 - the cache is down: a write must not fail for it
        # Entries keyed on the version then live out their own short timeout (home page: 60 s).
        logger.warning("records version not bumped: the cache is unavailable", exc_info=True)


def _bump_after_commit() -> None:
    bump()


def _cache_shares_the_transaction() -> bool:
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    return isinstance(caches["default"], DatabaseCache)


def records_changed() -> None:
    """Bump now (if this process read the number since) and once when the current transaction commits.

    With the database cache, only at commit: its query would run inside the writer's transaction (holding the
    version row's lock until commit, and on PostgreSQL a failed cache query would abort the write)."""
    in_transaction = connection.in_atomic_block
    if _read_since_bump[0] and not (in_transaction and _cache_shares_the_transaction()):
        _read_since_bump[0] = False
        bump()
    if in_transaction:
        if any(func is _bump_after_commit for _sids, func, *_rest in connection.run_on_commit):
            return
        transaction.on_commit(_bump_after_commit)


def _on_change(sender, raw: bool = False, **kwargs) -> None:
    # Not while migrating (the cache table may not exist yet, and on PostgreSQL a failed cache query would abort
    # the migration's transaction) nor for fixtures loaded raw.
    if not (raw or _migrating[0]) and sender._meta.app_label not in IGNORED_APPS:
        records_changed()


def _migration_started(**kwargs) -> None:
    _migrating[0] = True




def connect() -> None:
    from django.apps import apps

    pre_migrate.connect(_migration_started, dispatch_uid="freshness-pre-migrate")
    post_save.connect(_on_change, dispatch_uid="freshness-save")
    m2m_changed.connect(_on_change, dispatch_uid="freshness-m2m")
    for model in apps.get_models():
        if getattr(model, "SCOPE_UNIT_FIELD", None):
            post_delete.connect(_on_change, sender=model, dispatch_uid=f"freshness-delete-{model._meta.label_lower}")
