"""Fast bulk inserts for the pre-aggregated tables and imports (COPY on PostgreSQL, executemany elsewhere).

Django's bulk_create spends most of its time building model instances and per-value adaptation;
at 100.000 rows that is the difference between ~3 s and ~30 s. Rows here are plain tuples of
already-clean values, in the order of `columns`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection


def _sqlite_converter():
    adapted: dict = {}

    def convert(value):
        kind = type(value)
        if kind is int or kind is str or value is None:
            return value
        if kind is Decimal:
            return str(value)
        if kind is datetime.datetime:
            if value not in adapted:
                adapted[value] = connection.ops.adapt_datetimefield_value(value)
            return adapted[value]
        if kind is datetime.date:
            return value.isoformat()
        return value

    return convert


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence], *, batch: int = 20000) -> int:
    """Insert `rows` into `table`; returns the number of rows."""
    count = 0
    column_list = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(columns))})"
        pending: list = []
        convert = _sqlite_converter()
        for row in rows:
            pending.append(tuple(map(convert, row)))
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                count += len(pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)
            count += len(pending)
    return count


def delete_ids(table: str, ids: Sequence[int], *, batch: int = 900) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(ids), batch):
            chunk = list(ids[start:start + batch])
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)


def upsert_add(table: str, key_columns: Sequence[str], value_column: str, rows: Iterable[Sequence],
               *, batch: int = 5000, bump: str | None = None) -> None:
    """Add each row's value to the stored one (inserting when absent), atomically per row.

    `bump`: a counter column incremented on every update of a row (its default applies on insert).

    INSERT … ON CONFLICT … DO UPDATE SET v = v + excluded.v works the same on PostgreSQL and SQLite;
    callers pass rows sorted by key so concurrent writers lock rows in the same order (no deadlocks).
    """
    columns = [*key_columns, value_column]
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
           f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {value_column} = "
           f"{table}.{value_column} + excluded.{value_column}" + (f", {bump} = {table}.{bump} + 1" if bump else ""))
    convert = _sqlite_converter() if connection.vendor != "postgresql" else None
    with connection.cursor() as cursor:
        pending: list = []
        for row in rows:
            pending.append(tuple(map(convert, row)) if convert else tuple(row))
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)
