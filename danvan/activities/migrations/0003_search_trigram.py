"""PostgreSQL only: trigram indexes for diacritic-free search at national size."""

from django.db import migrations

from danvan.core.db import trigram_index


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_seed_kinds")]
    operations = [
        trigram_index("activities_activity", "activity_search_trgm"),
        trigram_index("activities_document", "document_search_trgm"),
    ]
