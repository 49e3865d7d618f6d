"""The 54 ethnic groups of Vietnam with their official codes (reference data, seeded by migration 0002).

Codes and order are those of the General Statistics Office's list of ethnic groups (Danh mục các dân tộc Việt
Nam, Quyết định 121-TCTK/PPCĐ ngày 02/3/1979), used by the censuses and by the ethnic-affairs reports. Names
are written as the commission's reports write them today; `other_names` are the spellings found in older files
(accepted on import, ignoring case and diacritics).
"""

ETHNIC_GROUPS: list[tuple[str, str, str]] = [
    # code, name, other names separated by ";"
    ("01", "Kinh", "Việt"),
    ("02", "Tày", ""),
    ("03", "Thái", ""),
    ("04", "Hoa", "Hán"),
    ("05", "Khmer", "Khơ-me; Khơ Me; Khơme"),
    ("06", "Mường", ""),
    ("07", "Nùng", ""),
    ("08", "H'Mông", "Mông; HMông; H Mông; Hmông"),
    ("09", "Dao", ""),
    ("10", "Gia Rai", "Gia-rai; Jrai; Giarai"),
    ("11", "Ngái", ""),
    ("12", "Ê Đê", "Ê-đê; Êđê; Ede"),
    ("13", "Ba Na", "Ba-na; Bana"),
    ("14", "Xơ Đăng", "Xơ-đăng; Xê Đăng"),
    ("15", "Sán Chay", "Sán Chay (Cao Lan - Sán Chỉ); Cao Lan"),
    ("16", "Cơ Ho", "Cơ-ho; K'Ho"),
    ("17", "Chăm", "Chàm"),
    ("18", "Sán Dìu", ""),
    ("19", "Hrê", "H're"),
    ("20", "Mnông", "M'Nông; Mơ Nông"),
    ("21", "Ra Glai", "Ra-glai; Raglai"),
    ("22", "Xtiêng", "X'Tiêng; Stiêng; Xtiêng"),
    ("23", "Bru - Vân Kiều", "Bru-Vân Kiều; Vân Kiều; Bru"),
    ("24", "Thổ", ""),
    ("25", "Giáy", ""),
    ("26", "Cơ Tu", "Cơ-tu"),
    ("27", "Giẻ Triêng", "Gié Triêng; Gié-Triêng"),
    ("28", "Mạ", ""),
    ("29", "Khơ Mú", "Khơ-mú; Khmú"),
    ("30", "Co", ""),
    ("31", "Tà Ôi", "Tà-ôi"),
    ("32", "Chơ Ro", "Chơ-ro"),
    ("33", "Kháng", ""),
    ("34", "Xinh Mun", "Xinh-mun"),
    ("35", "Hà Nhì", ""),
    ("36", "Chu Ru", "Chu-ru"),
    ("37", "Lào", ""),
    ("38", "La Chí", ""),
    ("39", "La Ha", ""),
    ("40", "Phù Lá", ""),
    ("41", "La Hủ", ""),
    ("42", "Lự", ""),
    ("43", "Lô Lô", ""),
    ("44", "Chứt", ""),
    ("45", "Mảng", ""),
    ("46", "Pà Thẻn", ""),
    ("47", "Cờ Lao", "Co Lao"),
    ("48", "Cống", ""),
    ("49", "Bố Y", ""),
    ("50", "Si La", ""),
    ("51", "Pu Péo", ""),
    ("52", "Brâu", ""),
    ("53", "Ơ Đu", ""),
    ("54", "Rơ Măm", "Rơ-măm"),
]

KINH = "01"
NAMES = {code: name for code, name, _other in ETHNIC_GROUPS}
