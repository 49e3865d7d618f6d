"""PostgreSQL only: trigram indexes for diacritic-free search at national size."""

from django.db import migrations

from danvan.core.db import trigram_index


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_case_accepted_index")]
    operations = [
        trigram_index("petitions_case", "case_search_trgm"),
    ]
