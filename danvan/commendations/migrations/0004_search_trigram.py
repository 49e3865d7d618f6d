"""PostgreSQL only: trigram indexes for diacritic-free search at national size."""

from django.db import migrations

from danvan.core.db import trigram_index


class Migration(migrations.Migration):
    dependencies = [("commendations", "0003_list_and_counting_indexes")]
    operations = [
        trigram_index("commendations_commendation", "commendation_search_trgm"),
    ]
