"""Database helpers: shared by migrations, and race-safe creates for services."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, migrations, models, transaction


def trigram_index(table: str, name: str, column: str = "search_text") -> migrations.RunPython:
    """A PostgreSQL-only GIN trigram index so `column LIKE '%term%'` stays fast at millions of rows.

    SQLite has no equivalent; there the search scans, which is acceptable at development sizes.
    `CREATE EXTENSION pg_trgm` needs a superuser the first time (see README, Production).
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)


# --- race-safe creates (issue 13, finding 7) ---------------------------------------------------------------
# Services that create a row with a unique key check first ("is there one already?") and then insert. Two
# parallel requests can both pass the check; the database's unique constraint then refuses the second insert.
# `insert_or_existing` makes that second request answer like the first would have: the existing record, or
# a conflict (409) when the row that won is not "the same thing". Nothing else may turn an IntegrityError into
# a 500: `UniqueConflictMiddleware` (pages) and the API's exception handler answer 409 for any unique violation.

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def is_unique_violation(error: BaseException) -> bool:
    """A unique constraint refused the row (PostgreSQL or SQLite), as opposed to other integrity errors."""
    cause = getattr(error, "__cause__", None)
    if getattr(cause, "sqlstate", None) == UNIQUE_VIOLATION or getattr(cause, "pgcode", None) == UNIQUE_VIOLATION:
        return True
    text = str(error)
    return "UNIQUE constraint failed" in text or "duplicate key value violates unique constraint" in text


class UniqueConflict(ValidationError):
    """A parallel request created the same record first (the API answers 409, pages show the message)."""


def conflict_message() -> str:
    from django.utils.translation import gettext as _

    return _("Bản ghi này vừa được tạo bởi một yêu cầu khác cùng lúc. Hãy tải lại trang để xem bản ghi đó.")


def insert_or_existing(save: Callable[[], T], find: Callable[[], T | None]) -> tuple[T, bool]:
    """Run `save()` (the INSERT) in a savepoint. When a unique constraint refuses it because a parallel request
    inserted the same key first, return `(find(), False)` — the row that won, read after it committed — or raise
    `UniqueConflict` when `find` finds nothing that this request may treat as its own. `(saved, True)` otherwise."""
    try:
        with transaction.atomic():
            return save(), True
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        existing = find()
        if existing is None:
            raise UniqueConflict(conflict_message(), code="conflict") from error
        return existing, False


def insert_unique(obj: M) -> M:
    """Save the new model instance `obj` in a savepoint; a unique key taken by a parallel request meanwhile is a
    `UniqueConflict` (409) — the answer the service's own "already exists" check gives when the requests come one
    after another."""
    def save() -> M:
        obj.save()
        return obj

    return insert_or_existing(save, lambda: None)[0]
