"""Demo commendations for the nation and Cần Thơ, created through the services (idempotent on external_ref).

The central awards follow the seed article (Huân chương Lao động hạng Ba for the Standing Office of the
Ban Dân vận Trung ương in Hồ Chí Minh City; Bằng khen of the Prime Minister for 05 collectives, 2015–2020).
Decision numbers and the names of the five collectives are illustrative, not taken from the source.
"""

from __future__ import annotations

import datetime

from danvan.core.demo import demo_commune
from danvan.orgunits.models import OrgUnit

from . import services
from .models import AwardForm, Commendation

D = datetime.date


def _rec(**fields) -> dict:
    return fields


def _records(commune: OrgUnit) -> list[dict]:
    tw = OrgUnit.objects.get(key="TW-BDV")
    cantho = OrgUnit.objects.get(key="VN-92")
    haugiang = OrgUnit.objects.get(key="VN-93")
    records = [
        _rec(ref="demo-kt-tw-hcld", unit=tw, type="collective", form="huan_chuong_lao_dong", award_class="ba",
             name="Cơ quan Thường trực Ban Dân vận Trung ương tại Thành phố Hồ Chí Minh", years=(2016, 2020),
             reason="Đã có thành tích xuất sắc trong công tác từ năm 2016 đến năm 2020, góp phần vào sự nghiệp "
                    "xây dựng chủ nghĩa xã hội và bảo vệ Tổ quốc.",
             decision=("1520/QĐ-CTN", D(2020, 12, 25)), status="decided"),
    ]
    for index, name in enumerate(["Vụ Dân tộc", "Vụ Tôn giáo", "Vụ Các đoàn thể nhân dân", "Vụ Địa phương I",
                                  "Văn phòng Ban Dân vận Trung ương"], start=1):
        records.append(_rec(
            ref=f"demo-kt-tw-bkttg-{index}", unit=tw, type="collective", form="bang_khen_ttcp", name=name,
            years=(2015, 2020), reason="Đã có thành tích xuất sắc trong công tác giai đoạn 2015 – 2020.",
            decision=("2110/QĐ-TTg", D(2020, 12, 18)), status="decided"))
    records += [
        _rec(ref="demo-kt-ct-bk-ninhkieu", unit=commune, type="collective", form="bang_khen_tinh",
             recipient_unit=commune, years=(2025, 2025), link=("dvk_model", "Mô hình “Dân vận khéo” "
                                                                 "xây dựng khu phố văn minh đô thị"),
             reason="Có thành tích xuất sắc trong thực hiện phong trào thi đua “Dân vận khéo” năm 2025.",
             decision=("215/QĐ-UBND", D(2026, 1, 20)), status="decided"),
        _rec(ref="demo-kt-ct-gk-hoa", unit=commune, type="individual", form="giay_khen",
             name="Nguyễn Thị Hoa", position="Bí thư Chi bộ khu vực 3", unit_text="Phường Ninh Kiều",
             years=(2025, 2025), reason="Hoàn thành xuất sắc nhiệm vụ công tác dân vận năm 2025.",
             authority="Chủ tịch Ủy ban nhân dân Phường Ninh Kiều", decision=("12/QĐ-UBND", D(2026, 1, 10)),
             status="decided"),
        _rec(ref="demo-kt-hg-bk-2023", unit=haugiang, type="individual", form="bang_khen_tinh",
             name="Lê Văn Thành", position="Trưởng ban Dân vận Huyện ủy", unit_text="tỉnh Hậu Giang",
             years=(2023, 2023), reason="Có thành tích xuất sắc trong công tác dân vận năm 2023.",
             decision=("2345/QĐ-UBND", D(2023, 12, 15)), status="decided"),
        _rec(ref="demo-kt-ct-knc-minh", unit=cantho, type="individual", form="knc_dan_van",
             name="Trần Văn Minh", position="Phó Trưởng ban Tuyên giáo và Dân vận Thành ủy",
             unit_text="Thành ủy Cần Thơ", years=(2026, 2026),
             reason="Có nhiều đóng góp cho sự nghiệp dân vận của Đảng.", status="proposed"),
        _rec(ref="demo-kt-ct-co-ninhkieu", unit=commune, type="collective", form="co_thi_dua_tinh",
             recipient_unit=commune, years=(2026, 2026),
             reason="Dẫn đầu phong trào thi đua “Dân vận khéo” của thành phố năm 2026.", status="proposed"),
        _rec(ref="demo-kt-ct-gk-tra-lai", unit=commune, type="individual", form="bang_khen_tinh",
             name="Phạm Văn Lợi", position="Trưởng khu vực 5", years=(2026, 2026),
             reason="Vận động Nhân dân hiến đất làm đường.", status="returned",
             return_note="Bổ sung báo cáo thành tích có xác nhận của Đảng ủy phường."),
    ]
    return records


def load_demo_data() -> str:
    from danvan.accounts.models import User

    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return ""
    commune = demo_commune()
    created = 0
    for rec in _records(commune):
        if Commendation.objects.filter(external_ref=rec["ref"]).exists():
            continue
        link_kind, link_label = rec.get("link", ("", ""))
        obj = services.commendation_create(
            actor=admin, unit=rec["unit"], recipient_type=rec["type"], form=AwardForm.objects.get(code=rec["form"]),
            period_start_year=rec["years"][0], period_end_year=rec["years"][1],
            recipient_name=rec.get("name", ""), recipient_unit=rec.get("recipient_unit"),
            recipient_position=rec.get("position", ""), recipient_unit_text=rec.get("unit_text", ""),
            award_class=rec.get("award_class", ""), reason=rec["reason"], issuing_authority=rec.get("authority", ""),
            link_kind=link_kind, link_label=link_label, external_ref=rec["ref"], confirm_duplicate=True)
        if rec["status"] != "draft":
            services.commendation_propose(actor=admin, commendation=obj)
        if rec["status"] == "returned":
            services.commendation_return(actor=admin, commendation=obj, note=rec["return_note"])
        if rec["status"] == "decided":
            services.commendation_approve(actor=admin, commendation=obj)
            number, day = rec["decision"]
            services.commendation_decide(actor=admin, commendation=obj, decision_number=number, decision_date=day)
        created += 1
    return f"Khen thưởng: {created} hồ sơ mới."
