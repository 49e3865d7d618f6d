"""Seed the 54 ethnic groups of Vietnam (GSO codes 01–54). Idempotent; reversible (keeps the rows)."""

from django.db import migrations

# A frozen copy of danvan/prestige/ethnic_groups.py: a migration must not import the app's current modules.
ETHNIC_GROUPS = [
    ('01', 'Kinh', 'Việt'),
    ('02', 'Tày', ''),
    ('03', 'Thái', ''),
    ('04', 'Hoa', 'Hán'),
    ('05', 'Khmer', 'Khơ-me; Khơ Me; Khơme'),
    ('06', 'Mường', ''),
    ('07', 'Nùng', ''),
    ('08', "H'Mông", 'Mông; HMông; H Mông; Hmông'),
    ('09', 'Dao', ''),
    ('10', 'Gia Rai', 'Gia-rai; Jrai; Giarai'),
    ('11', 'Ngái', ''),
    ('12', 'Ê Đê', 'Ê-đê; Êđê; Ede'),
    ('13', 'Ba Na', 'Ba-na; Bana'),
    ('14', 'Xơ Đăng', 'Xơ-đăng; Xê Đăng'),
    ('15', 'Sán Chay', 'Sán Chay (Cao Lan - Sán Chỉ); Cao Lan'),
    ('16', 'Cơ Ho', "Cơ-ho; K'Ho"),
    ('17', 'Chăm', 'Chàm'),
    ('18', 'Sán Dìu', ''),
    ('19', 'Hrê', "H're"),
    ('20', 'Mnông', "M'Nông; Mơ Nông"),
    ('21', 'Ra Glai', 'Ra-glai; Raglai'),
    ('22', 'Xtiêng', "X'Tiêng; Stiêng; Xtiêng"),
    ('23', 'Bru - Vân Kiều', 'Bru-Vân Kiều; Vân Kiều; Bru'),
    ('24', 'Thổ', ''),
    ('25', 'Giáy', ''),
    ('26', 'Cơ Tu', 'Cơ-tu'),
    ('27', 'Giẻ Triêng', 'Gié Triêng; Gié-Triêng'),
    ('28', 'Mạ', ''),
    ('29', 'Khơ Mú', 'Khơ-mú; Khmú'),
    ('30', 'Co', ''),
    ('31', 'Tà Ôi', 'Tà-ôi'),
    ('32', 'Chơ Ro', 'Chơ-ro'),
    ('33', 'Kháng', ''),
    ('34', 'Xinh Mun', 'Xinh-mun'),
    ('35', 'Hà Nhì', ''),
    ('36', 'Chu Ru', 'Chu-ru'),
    ('37', 'Lào', ''),
    ('38', 'La Chí', ''),
    ('39', 'La Ha', ''),
    ('40', 'Phù Lá', ''),
    ('41', 'La Hủ', ''),
    ('42', 'Lự', ''),
    ('43', 'Lô Lô', ''),
    ('44', 'Chứt', ''),
    ('45', 'Mảng', ''),
    ('46', 'Pà Thẻn', ''),
    ('47', 'Cờ Lao', 'Co Lao'),
    ('48', 'Cống', ''),
    ('49', 'Bố Y', ''),
    ('50', 'Si La', ''),
    ('51', 'Pu Péo', ''),
    ('52', 'Brâu', ''),
    ('53', 'Ơ Đu', ''),
    ('54', 'Rơ Măm', 'Rơ-măm'),
]


def seed(apps, schema_editor):
    EthnicGroup = apps.get_model("prestige", "EthnicGroup")
    for code, name, other_names in ETHNIC_GROUPS:
        EthnicGroup.objects.update_or_create(code=code, defaults={
            "name": name, "other_names": other_names, "is_minority": code != "01"})


class Migration(migrations.Migration):
    dependencies = [("prestige", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
