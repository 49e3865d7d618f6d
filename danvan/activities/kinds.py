"""The standard activity kinds, seeded by a data migration (administrators may add more)."""

STANDARD_KINDS = [
    {"code": "hoi_nghi", "name": "Hội nghị", "order": 10, "is_conference": True},
    {"code": "toa_dam", "name": "Tọa đàm", "order": 20},
    {"code": "hoi_thao", "name": "Hội thảo", "order": 30},
    {"code": "tap_huan", "name": "Tập huấn", "order": 40},
    {"code": "giao_ban", "name": "Giao ban", "order": 50},
    {"code": "doi_thoai", "name": "Hội nghị tiếp xúc, đối thoại giữa lãnh đạo và Nhân dân", "order": 60,
     "is_dialogue": True},
    {"code": "cuoc_thi", "name": "Cuộc thi, hội thi", "order": 70, "is_competition": True},
    {"code": "tin_bai", "name": "Tin, bài, phóng sự", "order": 80, "is_media": True},
    # Inspections and supervision held by a dân vận commission (section III of the annual report).
    {"code": "kiem_tra_giam_sat", "name": "Kiểm tra, giám sát", "order": 90},
]
