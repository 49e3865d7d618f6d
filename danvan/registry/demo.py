"""Demo data: a dozen models in Cần Thơ (the province and its communes) in every state. Idempotent."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from danvan.core.demo import DEMO_PROVINCE, demo_commune
from danvan.orgunits.models import OrgUnit, Sector

from . import services
from .models import Criterion, DvkModel, Field

D = datetime.date
CONTENT = {
    "situation": "Địa bàn đông dân, nhiều hộ khó khăn; cần phát huy vai trò của Nhân dân.",
    "goals": "Huy động Nhân dân tham gia; tiêu chí: số hộ tham gia, kết quả đo đếm được.",
    "content_method": "Họp dân, phân công tổ tự quản, kiểm tra hằng tháng.",
    "scope_target": "Toàn phường; hộ gia đình, người lao động.",
    "forces": "Chi bộ, MTTQ, các đoàn thể, tổ tự quản.",
    "resources": "Nhân dân đóng góp ngày công, kinh phí xã hội hóa.",
    "timeline": "Từ tháng 3 đến tháng 12.",
    "outputs": "Biên bản họp dân, sổ theo dõi, hình ảnh trước và sau.",
    "sustainability": "Duy trì qua quy ước của khu vực, có thể nhân rộng.",
}
# (ref, where, name, subject, person, field, sector, year, registered_on, outcome)
MODELS = [
    ("demo-dvk-01", "commune", "Tuyến đường hoa “Sáng – Xanh – Sạch – Đẹp”", "tap_the", "", "van_hoa_xa_hoi",
     "mttq", 2025, D(2025, 7, 15), ("recognise", "commune", D(2025, 11, 20))),
    ("demo-dvk-02", "commune", "Tổ tự quản an ninh trật tự khu vực 3", "tap_the", "", "quoc_phong_an_ninh",
     "chinh_quyen", 2025, D(2025, 8, 1), ("recognise", "province", D(2025, 12, 10))),
    ("demo-dvk-03", "commune", "Gương cựu chiến binh làm kinh tế giỏi", "ca_nhan", "Nguyễn Văn Bảy", "kinh_te",
     "cuu_chien_binh", 2025, D(2025, 9, 5), ("recognise", "province", D(2025, 12, 10))),
    ("demo-dvk-04", "commune", "Phụ nữ tiết kiệm giúp nhau thoát nghèo", "tap_the", "", "kinh_te", "phu_nu",
     2026, D(2026, 3, 2), ("assess", None, None)),
    ("demo-dvk-05", "commune", "Thanh niên tình nguyện giữ gìn vệ sinh bến Ninh Kiều", "tap_the", "",
     "van_hoa_xa_hoi", "thanh_nien", 2026, D(2026, 3, 20), ("return", None, None)),
    ("demo-dvk-06", "commune", "Dân vận khéo trong vận động hiến đất mở hẻm", "tap_the", "",
     "xay_dung_dang_he_thong_chinh_tri", "cap_uy", 2026, D(2026, 4, 1), ("register", None, None)),
    ("demo-dvk-07", "commune", "Điển hình tổ trưởng tổ dân phố gần dân", "ca_nhan", "Trần Thị Mười",
     "xay_dung_dang_he_thong_chinh_tri", "cap_uy", 2026, None, ("draft", None, None)),
    ("demo-dvk-08", "province", "Chuyển đổi số trong tiếp nhận phản ánh của Nhân dân", "tap_the", "",
     "xay_dung_dang_he_thong_chinh_tri", "chinh_quyen", 2025, D(2025, 7, 20), ("recognise", "province",
                                                                              D(2025, 12, 10))),
    ("demo-dvk-09", "province", "Nông dân liên kết sản xuất lúa chất lượng cao", "tap_the", "", "kinh_te",
     "nong_dan", 2025, D(2025, 8, 12), ("not_recognise", None, None)),
    ("demo-dvk-10", "province", "Công đoàn chăm lo nhà ở cho công nhân", "tap_the", "", "van_hoa_xa_hoi",
     "cong_doan", 2026, D(2026, 2, 10), ("honour", "province", D(2026, 6, 15))),
    ("demo-dvk-11", "province", "Điển hình cán bộ dân vận bám cơ sở", "ca_nhan", "Lê Thị Hoa", "van_hoa_xa_hoi",
     "cap_uy", 2026, D(2026, 3, 3), ("assess", None, None)),
    ("demo-dvk-12", "province", "Mô hình “Dân vận khéo” trong xây dựng nông thôn mới", "tap_the", "", "kinh_te",
     "mttq", 2026, D(2026, 5, 5), ("register", None, None)),
]
CRITERIA = [("Hiệu quả thiết thực, đo đếm được", 40), ("Được Nhân dân đồng tình, tham gia", 30),
            ("Có khả năng nhân rộng", 20), ("Có hồ sơ minh chứng đầy đủ", None)]


def load_demo_data() -> str:
    users = get_user_model().objects.in_bulk(
        ["cantho.canbo", "ninhkieu.canbo", "cantho.lanhdao", "admin"], field_name="username")
    if len(users) < 4:
        return "Mô hình “Dân vận khéo”: thiếu tài khoản thử nghiệm, bỏ qua."
    province = OrgUnit.objects.get(key=DEMO_PROVINCE)
    commune = demo_commune()
    if not Criterion.objects.filter(unit=province).exists():
        for order, (name, max_score) in enumerate(CRITERIA, start=1):
            services.add_criterion(actor=users["cantho.canbo"], province=province, name=name, max_score=max_score,
                                   order=order)
    created = 0
    today = timezone.localdate()
    for ref, where, name, subject, person, field, sector, year, registered_on, outcome in MODELS:
        if DvkModel.objects.filter(external_ref=ref).exists():
            continue
        if (registered_on and registered_on > today) or year > today.year:
            continue
        unit, actor = (commune, users["ninhkieu.canbo"]) if where == "commune" else (province, users["cantho.canbo"])
        data = {"name": name, "subject": subject, "person_name": person, "kind": "dien_hinh" if person else "mo_hinh",
                "person_position": "Tổ trưởng" if person else "", "field": Field.objects.get(code=field),
                "sector": Sector.objects.filter(code=sector).first(), **CONTENT}
        step, level, day = outcome
        model = services.create_model(actor=actor, unit=unit, year=year, data=data, external_ref=ref,
                                      register=step != "draft", registered_on=registered_on)
        created += 1
        if step in ("draft", "register"):
            continue
        dvk_year = model.years.get(year=year)
        approver = users["cantho.lanhdao"]
        if step == "return":
            services.return_for_changes(actor=approver, dvk_year=dvk_year,
                                        note="Bổ sung số liệu kết quả và hình ảnh minh chứng.")
            continue
        services.start_assessment(actor=approver, dvk_year=dvk_year)
        if step == "assess":
            continue
        if step == "not_recognise":
            services.not_recognise(actor=approver, dvk_year=dvk_year, reason="Chưa có kết quả đo đếm được.")
            continue
        recogniser = users["admin"] if level == "commune" else approver
        body = "Ban Chỉ đạo phường Ninh Kiều" if level == "commune" else "Ban Thường vụ Thành ủy Cần Thơ"
        number = "15-QĐ/ĐU" if level == "commune" else "1250-QĐ/TU"
        services.recognise(actor=recogniser, dvk_year=dvk_year, level=level, recognising_body=body,
                           decision_number=number, decision_date=day)
        if step == "honour":
            services.honour(actor=approver, dvk_year=dvk_year, level="province",
                            event="Hội nghị biểu dương điển hình “Dân vận khéo” TP Cần Thơ", honoured_on=day)
    return f"Mô hình “Dân vận khéo”: {created} mô hình mới."
