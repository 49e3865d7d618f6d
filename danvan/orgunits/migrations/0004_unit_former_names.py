"""Former names of units that continued under another name (the 2025 renaming of seven provinces)."""

import datetime

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """On a database that already has the unit tree: the seven provinces' former names (load_units does the
    same on a fresh one)."""
    OrgUnit = apps.get_model("orgunits", "OrgUnit")
    UnitName = apps.get_model("orgunits", "UnitName")
    if not OrgUnit.objects.filter(key="VN-91").exists():
        return
    try:
        from danvan.orgunits.loaders import former_province_names
        rows = former_province_names()
    except (ImportError, OSError):  # the package's data is not available: load_units fills them later
        return
    units = dict(OrgUnit.objects.filter(key__in=[row[0] for row in rows]).values_list("key", "pk"))
    for key, name, short_name, type_name in rows:
        if key in units:
            UnitName.objects.get_or_create(unit_id=units[key], valid_to=datetime.date(2025, 6, 30), defaults={
                "name": name, "short_name": short_name, "type_name": type_name, "note": "NQ 202/2025/QH15"})


class Migration(migrations.Migration):

    dependencies = [
        ("orgunits", "0003_issuing_body_document_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitName",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="tên")),
                ("short_name", models.CharField(blank=True, max_length=120, verbose_name="tên ngắn")),
                ("type_name", models.CharField(blank=True, max_length=40, verbose_name="loại hình")),
                ("valid_to", models.DateField(verbose_name="dùng đến ngày")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="ghi chú")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="former_names",
                                           to="orgunits.orgunit", verbose_name="đơn vị")),
            ],
            options={
                "verbose_name": "tên cũ của đơn vị",
                "verbose_name_plural": "tên cũ của đơn vị",
                "ordering": ["unit", "valid_to"],
                "constraints": [models.UniqueConstraint(fields=("unit", "valid_to"), name="unique_unit_name_until")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
