from django.db import migrations

from danvan.activities.kinds import STANDARD_KINDS


def seed(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for spec in STANDARD_KINDS:
        defaults = {k: v for k, v in spec.items() if k != "code"}
        ActivityKind.objects.get_or_create(code=spec["code"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
