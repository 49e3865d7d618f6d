"""PostgreSQL only: trigram indexes for diacritic-free search at national size."""

from django.db import migrations

from danvan.core.db import trigram_index


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]
    operations = [
        trigram_index("campaigns_ledgerentry", "ledgerentry_search_trgm"),
        trigram_index("campaigns_house", "house_search_trgm"),
    ]
