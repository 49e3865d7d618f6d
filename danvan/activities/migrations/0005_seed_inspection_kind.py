"""The "Kiểm tra, giám sát" activity kind (a commission's inspections, counted in the annual report's III)."""

from django.db import migrations

from danvan.activities.kinds import STANDARD_KINDS


def seed(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for spec in STANDARD_KINDS:
        defaults = {k: v for k, v in spec.items() if k != "code"}
        ActivityKind.objects.get_or_create(code=spec["code"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_commitment_list_order_index")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
