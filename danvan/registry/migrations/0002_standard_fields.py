from django.db import migrations

STANDARD_FIELDS = [
    ("kinh_te", "Kinh tế", 1),
    ("van_hoa_xa_hoi", "Văn hóa – xã hội", 2),
    ("quoc_phong_an_ninh", "Quốc phòng – an ninh", 3),
    ("xay_dung_dang_he_thong_chinh_tri", "Xây dựng Đảng và hệ thống chính trị", 4),
]


def load(apps, schema_editor):
    Field = apps.get_model("registry", "Field")
    for code, name, order in STANDARD_FIELDS:
        Field.objects.update_or_create(code=code, defaults={"name": name, "order": order, "province": None})


def unload(apps, schema_editor):
    apps.get_model("registry", "Field").objects.filter(code__in=[c for c, _n, _o in STANDARD_FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
