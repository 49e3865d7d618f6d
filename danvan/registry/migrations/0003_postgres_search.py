"""PostgreSQL only: trigram GIN index so `search_text LIKE '%term%'` stays fast at millions of rows."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS dvk_model_search_trgm ON registry_dvkmodel USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS dvk_model_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_standard_fields")]
    operations = [migrations.RunPython(forwards, backwards)]
