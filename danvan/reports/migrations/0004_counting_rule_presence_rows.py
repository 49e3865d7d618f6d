from django.db import migrations


def invalidate(apps, schema_editor):
    # The roll-ups now apply the per-period counting rule and carry "has data" rows (level "#"): rows
    # built before cannot be used. Readers compute live (always correct) until `rebuild_rollups`.
    RollupState = apps.get_model("reports", "RollupState")
    RecordFact = apps.get_model("reports", "RecordFact")
    DataValue = apps.get_model("reports", "DataValue")
    if RecordFact.objects.exists() or DataValue.objects.exists():
        RollupState.objects.update(valid=False)


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_rollup_state")]

    operations = [migrations.RunPython(invalidate, migrations.RunPython.noop)]
