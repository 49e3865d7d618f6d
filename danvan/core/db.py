"""Database helpers shared by migrations."""

from django.db import migrations


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
