"""Demo data (idempotent): the 150-house campaign of Đảng ủy Khối các cơ quan Trung ương (2022, 17,6 tỷ đồng
raised) and a house campaign of Cần Thơ with houses at every stage."""

from __future__ import annotations

import datetime
from decimal import Decimal

D = datetime.date
DUK_NAME = "Vận động xây dựng 150 nhà tình nghĩa kỷ niệm 15 năm thành lập Đảng bộ Khối các cơ quan Trung ương"
CANTHO_NAME = "Chương trình “Mái ấm nghĩa tình” thành phố Cần Thơ năm 2025–2026"


def _admin():
    from danvan.accounts.models import User

    return User.objects.get(username="admin")


def _duk_campaign(actor) -> str:
    from danvan.orgunits.models import OrgUnit

    from . import services
    from .models import Campaign

    if Campaign.objects.filter(name=DUK_NAME, unit__key="TW-DUK").exists():
        return ""
    units = {k: OrgUnit.objects.get(key=k) for k in ("TW-DUK", "VN-02", "VN-42", "VN-94")}
    campaign = services.campaign_create(
        actor=actor, unit=units["TW-DUK"], name=DUK_NAME, kind=Campaign.Kind.CAMPAIGN, start_date=D(2022, 1, 1),
        end_date=D(2022, 12, 31), participant_units=list(units.values()),
        description="Vận động cán bộ, đảng viên, doanh nghiệp, nhà hảo tâm ủng hộ kinh phí xây dựng 150 nhà tình "
                    "nghĩa (50 triệu đồng/căn) tặng các gia đình có công với cách mạng là hộ nghèo ở các địa "
                    "phương thuộc 3 miền Bắc, Trung, Nam.")
    services.target_set(actor=actor, campaign=campaign, metric="houses", value=150)
    services.target_set(actor=actor, campaign=campaign, metric="money", value=150 * 50_000_000)
    donors = ["Ngân hàng TMCP Ngoại thương Việt Nam", "Tập đoàn Điện lực Việt Nam", "Tập đoàn Dầu khí Việt Nam",
              "Ngân hàng Nông nghiệp và Phát triển Nông thôn", "Tổng công ty Viễn thông Viettel",
              "Công đoàn các cơ quan Trung ương", "Đảng bộ Bộ Tài chính", "Đảng bộ Ngân hàng Nhà nước",
              "Tập đoàn Công nghiệp Than – Khoáng sản Việt Nam", "Tổng công ty Bảo hiểm Việt Nam",
              "Đảng bộ Bộ Giao thông vận tải"]
    for i, donor in enumerate(donors):
        services.ledger_record(actor=actor, campaign=campaign, unit=units["TW-DUK"], kind="receipt",
                               amount=Decimal(1_500_000_000), day=D(2022, 3, 1 + i), donor_name=donor,
                               external_ref=f"DUK-PT-{i + 1:03d}")
    services.ledger_record(actor=actor, campaign=campaign, unit=units["TW-DUK"], kind="receipt", form="in_kind",
                           in_kind_description="Xi măng, thép xây dựng (quy ra tiền)", donor_kind="anonymous",
                           amount=Decimal(1_100_000_000), day=D(2022, 3, 20), external_ref="DUK-PT-012")
    wrong = services.ledger_record(actor=actor, campaign=campaign, unit=units["TW-DUK"], kind="receipt",
                                   amount=Decimal(110_000_000), day=D(2022, 3, 21), donor_name="Cá nhân ủng hộ",
                                   donor_kind="person", external_ref="DUK-PT-013")
    services.ledger_reverse(actor=actor, entry=wrong, reason="Ghi nhầm: khoản ủng hộ thuộc quỹ khác",
                            day=D(2022, 3, 22))
    number = 0
    for key in ("VN-02", "VN-42", "VN-94"):
        communes = OrgUnit.objects.filter(path__startswith=units[key].path, kind="commune").valid_on(
            D(2022, 6, 1)).order_by("path")[:50]
        for commune in communes:
            number += 1
            services.house_create(
                actor=actor, campaign=campaign, unit=commune, beneficiary_name=f"Gia đình có công số {number}",
                beneficiary_category="co_cong", kind="tinh_nghia", unit_cost=Decimal(50_000_000),
                funding_sources="Đảng bộ Khối vận động 50 triệu đồng", status="handed_over",
                started_on=D(2022, 4, 1), completed_on=D(2022, 6, 30), handed_over_on=D(2022, 7, 27),
                external_ref=f"DUK-NHA-{number:03d}", on_behalf=True)
    return f"Vận động: {campaign.name} — 17,6 tỷ đồng, {number} nhà."


def _cantho_campaign(actor) -> str:
    from danvan.core.demo import demo_commune
    from danvan.orgunits.models import OrgUnit

    from . import services
    from .models import Campaign

    if Campaign.objects.filter(name=CANTHO_NAME, unit__key="VN-92").exists():
        return ""
    province = OrgUnit.objects.get(key="VN-92")
    ninh_kieu = demo_commune()
    campaign = services.campaign_create(
        actor=actor, unit=province, name=CANTHO_NAME, kind=Campaign.Kind.CAMPAIGN, start_date=D(2025, 7, 1),
        end_date=D(2026, 12, 31), participant_root=province,
        description="Xây dựng, sửa chữa nhà đại đoàn kết cho hộ nghèo, hộ cận nghèo và gia đình chính sách.")
    services.target_set(actor=actor, campaign=campaign, metric="houses", value=20)
    services.target_set(actor=actor, campaign=campaign, metric="money", value=1_200_000_000)
    services.target_set(actor=actor, campaign=campaign, metric="houses", value=6, unit=ninh_kieu)
    services.target_set(actor=actor, campaign=campaign, metric="participants", value=5000)
    for i, (donor, amount, day) in enumerate([
        ("Ủy ban MTTQ Việt Nam thành phố Cần Thơ", 300_000_000, D(2025, 7, 15)),
        ("Công ty Cổ phần Thủy sản Cần Thơ", 250_000_000, D(2025, 8, 2)),
        ("Hội Doanh nhân trẻ Cần Thơ", 180_000_000, D(2025, 9, 10)),
    ], start=1):
        services.ledger_record(actor=actor, campaign=campaign, unit=province, kind="receipt", amount=Decimal(amount),
                               day=day, donor_name=donor, external_ref=f"CT-PT-{i:03d}")
    services.ledger_record(actor=actor, campaign=campaign, unit=province, kind="pledge", amount=Decimal(400_000_000),
                           day=D(2025, 7, 15), donor_name="Các doanh nghiệp trên địa bàn", external_ref="CT-CK-001")
    services.progress_record(actor=actor, campaign=campaign, unit=province, metric="participants", value=3200,
                             day=D(2025, 10, 1), note="Ngày công lao động của đoàn viên, hội viên")
    communes = [ninh_kieu] + list(OrgUnit.objects.filter(parent=province, kind="commune", valid_to__isnull=True)
                                  .exclude(pk=ninh_kieu.pk).order_by("name")[:4])
    stages = [("handed_over", D(2025, 8, 1), D(2025, 9, 15), D(2025, 9, 20)),
              ("completed", D(2025, 9, 1), D(2025, 10, 20), None),
              ("started", D(2025, 10, 5), None, None), ("planned", None, None, None)]
    number = 0
    for commune in communes:
        for status, started, completed, handed in stages[: 4 if commune == ninh_kieu else 3]:
            number += 1
            services.house_create(
                actor=actor, campaign=campaign, unit=commune, beneficiary_name=f"Hộ nghèo số {number}",
                beneficiary_address=f"Khu vực {number}", beneficiary_category="ho_ngheo", kind="dai_doan_ket",
                unit_cost=Decimal(60_000_000), funding_sources="MTTQ thành phố 50 triệu, gia đình đối ứng 10 triệu",
                status=status, started_on=started, completed_on=completed, handed_over_on=handed,
                external_ref=f"CT-NHA-{number:03d}", on_behalf=True)
    return f"Vận động: {campaign.name} — {number} nhà."


def load_demo_data() -> str:
    actor = _admin()
    messages = [m for m in (_duk_campaign(actor), _cantho_campaign(actor)) if m]
    return "\n".join(messages) or "Vận động: dữ liệu thử nghiệm đã có."
