"""Seed the award forms (hình thức khen thưởng). Idempotent; administrators may add more later."""

from django.db import migrations

# A frozen copy: a migration must not import the app's current modules.
SEED_FORMS = [
    ("huan_chuong_lao_dong", "Huân chương Lao động", "huan_chuong", "central", True, "Chủ tịch nước"),
    ("huan_chuong_dai_doan_ket", "Huân chương Đại đoàn kết dân tộc", "huan_chuong", "central", False,
     "Chủ tịch nước"),
    ("huan_chuong_bao_ve_to_quoc", "Huân chương Bảo vệ Tổ quốc", "huan_chuong", "central", True, "Chủ tịch nước"),
    ("bang_khen_ttcp", "Bằng khen của Thủ tướng Chính phủ", "bang_khen", "central", False, "Thủ tướng Chính phủ"),
    ("bang_khen_tw", "Bằng khen của ban, bộ, ngành, đoàn thể Trung ương", "bang_khen", "central", False, ""),
    ("bang_khen_tinh", "Bằng khen của Ủy ban nhân dân tỉnh, thành phố", "bang_khen", "province", False,
     "Chủ tịch Ủy ban nhân dân tỉnh, thành phố"),
    ("giay_khen", "Giấy khen", "giay_khen", "commune", False, ""),
    ("co_thi_dua_cp", "Cờ thi đua của Chính phủ", "co_thi_dua", "central", False, "Thủ tướng Chính phủ"),
    ("co_thi_dua_tw", "Cờ thi đua của ban, bộ, ngành, đoàn thể Trung ương", "co_thi_dua", "central", False, ""),
    ("co_thi_dua_tinh", "Cờ thi đua của Ủy ban nhân dân tỉnh, thành phố", "co_thi_dua", "province", False,
     "Chủ tịch Ủy ban nhân dân tỉnh, thành phố"),
    ("knc_dan_van", "Kỷ niệm chương “Vì sự nghiệp Dân vận”", "ky_niem_chuong", "central", False,
     "Trưởng Ban Tuyên giáo và Dân vận Trung ương"),
    ("bieu_duong", "Biểu dương", "khac", "commune", False, ""),
]


def seed(apps, schema_editor):
    AwardForm = apps.get_model("commendations", "AwardForm")
    for order, (code, name, kind, level, has_classes, authority) in enumerate(SEED_FORMS, start=1):
        AwardForm.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "level": level, "has_classes": has_classes,
            "default_authority": authority, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("commendations", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
