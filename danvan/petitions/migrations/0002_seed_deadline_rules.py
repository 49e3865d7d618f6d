"""Seed the legal time limits (Luật Khiếu nại 2011, Luật Tố cáo 2018) as data."""

import datetime

from django.db import migrations

RULES = [
    # kind, stage, days, complex, remote, remote complex, max_count, legal source, valid from
    ("khieu_nai_1", "accept", 10, 10, 10, 10, 1, "Luật Khiếu nại 2011, Điều 27", datetime.date(2012, 7, 1)),
    ("khieu_nai_1", "resolve", 30, 45, 45, 60, 1, "Luật Khiếu nại 2011, Điều 28", datetime.date(2012, 7, 1)),
    ("khieu_nai_2", "accept", 10, 10, 10, 10, 1, "Luật Khiếu nại 2011, Điều 36", datetime.date(2012, 7, 1)),
    ("khieu_nai_2", "resolve", 45, 60, 60, 70, 1, "Luật Khiếu nại 2011, Điều 37", datetime.date(2012, 7, 1)),
    ("to_cao", "resolve", 30, 30, 30, 30, 1, "Luật Tố cáo 2018, Điều 30 khoản 1", datetime.date(2019, 1, 1)),
    ("to_cao", "extension", 30, 30, 30, 30, 2, "Luật Tố cáo 2018, Điều 30 khoản 1", datetime.date(2019, 1, 1)),
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("petitions", "DeadlineRule")
    for kind, stage, days, cdays, rdays, rcdays, max_count, source, valid_from in RULES:
        DeadlineRule.objects.update_or_create(
            kind=kind, stage=stage, valid_from=valid_from,
            defaults={"days": days, "complex_days": cdays, "remote_days": rdays, "remote_complex_days": rcdays,
                      "max_count": max_count, "legal_source": source},
        )


def unseed(apps, schema_editor):
    DeadlineRule = apps.get_model("petitions", "DeadlineRule")
    for kind, stage, *_rest, valid_from in RULES:
        DeadlineRule.objects.filter(kind=kind, stage=stage, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
