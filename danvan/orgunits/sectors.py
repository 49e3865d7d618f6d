"""The standard sectors (khối). Loaded by a data migration; administrators may add more."""

STANDARD_SECTORS = [
    ("cap_uy", "Cấp ủy, tổ chức Đảng"),
    ("chinh_quyen", "Chính quyền"),
    ("mttq", "Mặt trận Tổ quốc"),
    ("cong_doan", "Công đoàn"),
    ("nong_dan", "Hội Nông dân"),
    ("phu_nu", "Hội Liên hiệp Phụ nữ"),
    ("thanh_nien", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
    ("cuu_chien_binh", "Hội Cựu chiến binh"),
    ("hoi_quan_chung", "Hội quần chúng"),
    ("luc_luong_vu_trang", "Lực lượng vũ trang"),
]
