"""Demo people of prestige in Xã Lịch Hội Thượng (Cần Thơ), a Khmer commune of the former Sóc Trăng province.

Since 1/7/2025 Cần Thơ holds the former Sóc Trăng, where many Khmer people of prestige (Achar of the pagodas,
heads of hamlets, good producers) are recognised. The people, numbers and decisions below are invented for the
demonstration; the rules they follow are real: recognitions before 1/7/2025 by the chairman of Huyện Trần Đề,
after it by the commune chairman. A demo officer of the commune (`lichhoithuong.canbo`) sees the phone numbers,
as does Cần Thơ's province; national accounts see counts only. Idempotent on the records' external_ref.
"""

from __future__ import annotations

import datetime

from danvan.core.demo import DEMO_PASSWORD
from danvan.orgunits.models import OrgUnit, UnitSuccession

from . import services
from .models import EthnicGroup, Person

D = datetime.date
COMMUNE_NAME = "Xã Lịch Hội Thượng"
DEMO_USER = ("lichhoithuong.canbo", "Thạch Thị Mỹ", "cán bộ nhập liệu, Xã Lịch Hội Thượng (Cần Thơ)")

PEOPLE = [
    # ref, name, birth year, sex, ethnic code, hamlet, role, role detail, phone, decision (number, date), status
    ("demo-nut-01", "Thạch Văn Sô", 1958, "nam", "05", "Ấp Lịch Hội", "chuc_sac", "Achar chùa Khmer", "0912345671",
     ("215/QĐ-UBND", D(2023, 3, 15)), None),
    ("demo-nut-02", "Lâm Thị Sa Rươne", 1965, "nu", "05", "Ấp Nước Mặn", "truong_thon", "Trưởng ấp", "0912345672",
     ("215/QĐ-UBND", D(2023, 3, 15)), None),
    ("demo-nut-03", "Trần Văn Lợi", 1950, "nam", "04", "Ấp Bưng Sa", "nhan_si", "", "",
     ("215/QĐ-UBND", D(2023, 3, 15)), ("deceased", D(2024, 8, 12), "", "")),
    ("demo-nut-04", "Kim Thị Huệ", 1962, "nu", "05", "Ấp Tố Mỹ", "huu_tri", "Cựu chiến binh", "0912345674",
     ("215/QĐ-UBND", D(2023, 3, 15)),
     ("replaced", D(2025, 9, 10), "Chuyển nơi cư trú; ấp bình chọn người thay thế.", "58/QĐ-UBND")),
    ("demo-nut-05", "Sơn Văn Hùng", 1972, "nam", "05", "Ấp Tố Mỹ", "san_xuat_gioi", "Tổ trưởng tổ hợp tác",
     "0912345675", ("58/QĐ-UBND", D(2025, 9, 10)), None),
]
SUPPORT = [
    # ref, person ref, day, kind, amount, provider
    ("demo-nut-ht-01", "demo-nut-01", D(2024, 2, 5), "gift", 500_000, "Ủy ban nhân dân tỉnh Sóc Trăng"),
    ("demo-nut-ht-02", "demo-nut-02", D(2024, 2, 5), "gift", 500_000, "Ủy ban nhân dân tỉnh Sóc Trăng"),
    ("demo-nut-ht-03", "demo-nut-03", D(2024, 2, 5), "gift", 500_000, "Ủy ban nhân dân tỉnh Sóc Trăng"),
    ("demo-nut-ht-04", "demo-nut-04", D(2024, 2, 5), "gift", 500_000, "Ủy ban nhân dân tỉnh Sóc Trăng"),
    ("demo-nut-ht-05", "demo-nut-03", D(2024, 8, 13), "funeral", 2_000_000, "Ủy ban nhân dân huyện Trần Đề"),
    ("demo-nut-ht-06", "demo-nut-01", D(2025, 1, 20), "gift", 500_000, "Ủy ban nhân dân tỉnh Sóc Trăng"),
    ("demo-nut-ht-07", "demo-nut-01", D(2025, 10, 20), "training", 1_200_000, "Ban Dân tộc và Tôn giáo thành phố"),
    ("demo-nut-ht-08", "demo-nut-05", D(2025, 10, 20), "training", 1_200_000, "Ban Dân tộc và Tôn giáo thành phố"),
    ("demo-nut-ht-09", "demo-nut-05", D(2026, 1, 15), "health_insurance", 1_263_600, "Bảo hiểm xã hội thành phố"),
    ("demo-nut-ht-10", "demo-nut-01", D(2026, 2, 10), "gift", 500_000, "Ủy ban nhân dân thành phố Cần Thơ"),
    ("demo-nut-ht-11", "demo-nut-02", D(2026, 2, 10), "gift", 500_000, "Ủy ban nhân dân thành phố Cần Thơ"),
    ("demo-nut-ht-12", "demo-nut-05", D(2026, 2, 10), "visit", 0, "Ban Tuyên giáo và Dân vận Thành ủy"),
]


def demo_commune() -> OrgUnit | None:
    return OrgUnit.objects.filter(parent__key="VN-92", name=COMMUNE_NAME, valid_to__isnull=True).first()


def former_commune(commune: OrgUnit) -> OrgUnit | None:
    """The former commune of the same name that the reform merged into the demo commune."""
    links = UnitSuccession.objects.filter(successor=commune).select_related("predecessor")
    same_name = [link.predecessor for link in links if link.predecessor.name == COMMUNE_NAME]
    return (same_name or [link.predecessor for link in links.order_by("predecessor__key")] or [None])[0]


def _demo_user(commune: OrgUnit):
    from danvan.accounts.models import Membership, User

    username, full_name, _description = DEMO_USER
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(user=user, unit=commune, role="officer")
    return user


def load_demo_data() -> str:
    from danvan.accounts.models import User

    commune = demo_commune()
    province_officer = User.objects.filter(username="cantho.canbo").first()
    if commune is None or province_officer is None:
        return ""
    _demo_user(commune)
    former = former_commune(commune)
    groups = {g.code: g for g in EthnicGroup.objects.all()}
    created = 0
    people = {}
    for ref, name, born, sex, ethnic, hamlet, role, detail, phone, (number, day), end in PEOPLE:
        person = Person.objects.filter(external_ref=ref).first()
        if person is None:
            person = services.person_create(
                actor=province_officer, unit=commune, on_behalf=True, former_unit=former if day < D(2025, 7, 1)
                else None, full_name=name, birth_year=born, sex=sex, ethnic_group=groups[ethnic], village=hamlet,
                role=role, role_detail=detail, phone=phone, decision_number=number, decision_date=day,
                external_ref=ref)
            if end is not None:
                status, end_day, reason, end_number = end
                services.person_set_status(actor=province_officer, person=person, status=status, day=end_day,
                                           reason=reason, decision_number=end_number, on_behalf=True)
            created += 1
        people[ref] = person
    from .models import SupportEntry

    entries = 0
    for ref, person_ref, day, kind, amount, provider in SUPPORT:
        if SupportEntry.objects.filter(external_ref=ref).exists():
            continue
        entry = services.support_add(actor=province_officer, person=people[person_ref], day=day, kind=kind,
                                     amount=amount, provider=provider, on_behalf=True)
        SupportEntry.objects.filter(pk=entry.pk).update(external_ref=ref)
        entries += 1
    return f"Người có uy tín: {created} người mới, {entries} khoản hỗ trợ mới."
