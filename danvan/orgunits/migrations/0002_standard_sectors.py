from django.db import migrations


def add_sectors(apps, schema_editor):
    from danvan.orgunits.sectors import STANDARD_SECTORS

    Sector = apps.get_model("orgunits", "Sector")
    for order, (code, name) in enumerate(STANDARD_SECTORS, start=1):
        Sector.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0001_initial")]
    operations = [migrations.RunPython(add_sectors, migrations.RunPython.noop)]
