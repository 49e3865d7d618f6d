from django.conf import settings
from django.db import migrations


def create_state(apps, schema_editor):
    RollupState = apps.get_model("reports", "RollupState")
    RecordFact = apps.get_model("reports", "RecordFact")
    DataValue = apps.get_model("reports", "DataValue")
    if not RollupState.objects.exists():
        # Empty roll-up tables are right only while there is no data; otherwise run rebuild_rollups.
        valid = not RecordFact.objects.exists() and not DataValue.objects.exists()
        RollupState.objects.create(year_start=getattr(settings, "REPORTING_YEAR_START", "01-01") or "01-01",
                                   valid=valid)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_engine")]

    operations = [migrations.RunPython(create_state, migrations.RunPython.noop)]
