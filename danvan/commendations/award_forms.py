"""The award forms seeded by migration 0002 (Law on Emulation and Commendation 06/2022/QH15).

Administrators may add more through the admin site; these codes are stable (imports, indicator categories).
"""

SEED_FORMS = [
    # code, name, kind, level, has_classes, default authority
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

SEED_CODES = {code: name for code, name, *_rest in SEED_FORMS}
