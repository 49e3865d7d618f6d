"""Demo work programmes for 2026 (idempotent): the central Ban Tuyên giáo và Dân vận, drafted from Part Two of
its 2025 annual report, and Cần Thơ with its commune Phường Ninh Kiều, each approved with a few key tasks and
projects and their monthly statuses. Themes, titles and statuses are illustrative, not taken from a source."""

from __future__ import annotations

import datetime

from danvan.accounts.models import User
from danvan.core.clock import today
from danvan.core.demo import DEMO_PROVINCE, demo_commune
from danvan.orgunits.models import OrgUnit

from . import services
from .models import Programme, ProgrammeItem

YEAR = 2026
D = datetime.date
K, A, S = ProgrammeItem.Kind, ProgrammeItem.AssignedBy, ProgrammeItem.Status

PART_TWO_TW = """PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026
1. Tham mưu Bộ Chính trị, Ban Bí thư tổng kết 10 năm thực hiện Kết luận số 114-KL/TW về nâng cao chất lượng, \
hiệu quả công tác dân vận của Đảng, Nhà nước.
2. Hướng dẫn các cấp ủy triển khai phong trào thi đua “Dân vận khéo” giai đoạn 2026 – 2030.
3. Theo dõi, nắm tình hình Nhân dân, kịp thời tham mưu giải quyết những vấn đề bức xúc, nổi lên.
4. Phối hợp kiểm tra, giám sát việc thực hiện Quy chế dân chủ ở cơ sở.
- Tổ chức hội nghị toàn quốc tổng kết công tác dân vận năm 2026."""


def _month(year: int, month: int) -> D:
    """A status month that is never in the future (the demo may run early in a year)."""
    return min(D(year, month, 1), today().replace(day=1))


def _item(actor, programme, title, kind=K.TASK, **fields) -> ProgrammeItem:
    return services.item_create(actor=actor, programme=programme, title=title, kind=kind, **fields)


def _central(admin) -> int:
    unit = OrgUnit.objects.get(key="TW-BTGDV")
    if Programme.objects.filter(unit=unit, year=YEAR).exists():
        return 0
    from danvan.annual import outline
    from danvan.annual import services as annual
    from danvan.annual.selectors import current_texts

    report = annual.get_or_create_report(actor=admin, unit=unit, year=YEAR - 1)
    if not current_texts(report).get(outline.PART_TWO):
        annual.save_section(actor=admin, report=report, section=outline.PART_TWO, text=PART_TWO_TW)
    programme = services.programme_create(actor=admin, unit=unit, year=YEAR, theme="Năm Dân vận chính quyền",
                                          symbol="01-CTr/BTGDVTW")
    tasks = services.draft_from_part_two(actor=admin, programme=programme)
    _item(admin, programme, "Đề án tổng kết 10 năm thực hiện Kết luận số 114-KL/TW", K.PROJECT, assigned_by=A.POLITBURO,
          deadline=D(YEAR, 9, 30), expected_output="Tờ trình, báo cáo tổng kết và dự thảo kết luận của Ban Bí thư")
    _item(admin, programme, "Đề án đổi mới phương thức công tác dân vận trong tình hình mới", K.PROJECT,
          assigned_by=A.POLITBURO, deadline=D(YEAR, 12, 15), expected_output="Đề án trình Bộ Chính trị")
    _item(admin, programme, "Đề án xây dựng cơ sở dữ liệu công tác dân vận toàn quốc", K.PROJECT, assigned_by=A.UNIT,
          deadline=D(YEAR, 12, 31), expected_output="Hệ thống thông tin vận hành thử")
    services.programme_approve(actor=admin, programme=programme, note="Phê duyệt tại phiên họp Ban")
    projects = list(programme.items.filter(kind=K.PROJECT).order_by("number"))
    services.item_record_status(actor=admin, item=projects[0], status=S.DONE, month=_month(YEAR, 10),
                                done_on=min(D(YEAR, 9, 28), today()), note="Đã trình Ban Bí thư")
    services.item_record_status(actor=admin, item=projects[1], status=S.IN_PROGRESS, month=_month(YEAR, 11),
                                note="Đang lấy ý kiến các ban, bộ, ngành")
    services.item_record_status(actor=admin, item=tasks[2], status=S.IN_PROGRESS, month=_month(YEAR, 11))
    return 1


def _cantho() -> int:
    unit = OrgUnit.objects.get(key=DEMO_PROVINCE)
    if Programme.objects.filter(unit=unit, year=YEAR).exists():
        return 0
    officer = User.objects.get(username="cantho.canbo")
    leader = User.objects.get(username="cantho.lanhdao")
    commune = demo_commune()
    day = today()
    soon = day + datetime.timedelta(days=5)
    programme = services.programme_create(actor=officer, unit=unit, year=YEAR, theme="Năm dân vận khéo",
                                          summary="Nâng cao chất lượng công tác dân vận của hệ thống chính trị thành "
                                                  "phố sau sắp xếp đơn vị hành chính.")
    one = _item(officer, programme, "Sơ kết 5 năm thực hiện Quy chế công tác dân vận của hệ thống chính trị",
                assigned_by=A.PARTY_COMMITTEE, deadline=D(YEAR, 6, 30), expected_output="Báo cáo sơ kết")
    two = _item(officer, programme, "Nhân rộng mô hình “Dân vận khéo” trong xây dựng đô thị văn minh",
                owner_unit=commune, cooperating_units=[unit], deadline=D(YEAR, 10, 31),
                expected_output="Ít nhất 05 mô hình được công nhận ở các phường")
    three = _item(officer, programme, "Tổ chức đối thoại giữa người đứng đầu cấp ủy với Nhân dân về sắp xếp đơn vị "
                  "hành chính", owner_unit=commune, deadline=soon, expected_output="Biên bản đối thoại, kết luận")
    _item(officer, programme, "Giao ban công tác dân vận hằng quý với các phường, xã", deadline=D(YEAR, 12, 20))
    plan = _item(officer, programme, "Đề án nâng cao hiệu quả công tác dân vận chính quyền giai đoạn 2026 – 2030",
                 K.PROJECT, assigned_by=A.PARTY_COMMITTEE, deadline=D(YEAR, 8, 31),
                 expected_output="Đề án trình Ban Thường vụ Thành ủy")
    _item(officer, programme, "Đề án xây dựng đội ngũ cộng tác viên dư luận xã hội", K.PROJECT,
          deadline=D(YEAR, 11, 15))
    services.programme_approve(actor=leader, programme=programme)
    services.item_record_status(actor=officer, item=one, status=S.DONE, month=_month(YEAR, 7),
                                done_on=min(D(YEAR, 6, 25), day), note="Đã tổ chức hội nghị sơ kết")
    services.item_record_status(actor=officer, item=plan, status=S.DONE, month=_month(YEAR, 9),
                                done_on=min(D(YEAR, 8, 29), day), evidence="/hoat-dong/")
    ward = User.objects.get(username="ninhkieu.canbo")
    services.item_record_status(actor=ward, item=two, status=S.IN_PROGRESS, month=_month(YEAR, 9),
                                note="Đã đăng ký 03 mô hình")
    services.item_record_status(actor=ward, item=three, status=S.NOT_STARTED, month=_month(YEAR, 11))
    # the commune's own programme, so the province's figures roll up from two levels
    own = services.programme_create(actor=ward, unit=commune, year=YEAR, theme="Năm dân vận khéo")
    first = _item(ward, own, "Vận động Nhân dân tham gia chỉnh trang đô thị, giữ gìn vệ sinh môi trường",
                  deadline=D(YEAR, 9, 30))
    _item(ward, own, "Nắm tình hình Nhân dân sau sắp xếp đơn vị hành chính", deadline=D(YEAR, 12, 15))
    services.programme_approve(actor=leader, programme=own)
    services.item_record_status(actor=ward, item=first, status=S.DONE, month=_month(YEAR, 10),
                                done_on=min(D(YEAR, 9, 30), day))
    return 2


def load_demo_data() -> str:
    admin = User.objects.get(username="admin")
    created = _central(admin) + _cantho()
    return (f"Chương trình công tác: {created} chương trình mới (năm {YEAR}: Ban Tuyên giáo và Dân vận Trung ương, "
            "TP Cần Thơ, Phường Ninh Kiều) — /chuong-trinh/")
