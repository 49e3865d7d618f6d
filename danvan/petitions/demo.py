"""Demo cases for Cần Thơ and the nation. Idempotent: every case has a fixed submission key, so a
second load returns the existing case and skips its workflow steps."""

from __future__ import annotations

import datetime

from django.utils import timezone

from danvan.accounts.models import User
from danvan.core.demo import DEMO_PROVINCE, demo_commune
from danvan.orgunits.models import OrgUnit

from . import services
from .models import Case, Hotspot, SentimentReport


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _case(actor, key: str, **kwargs) -> tuple[Case, bool]:
    existed = Case.objects.filter(submission_key=key).exists()
    return services.case_create(actor=actor, submission_key=key, **kwargs), not existed


def load_demo_data() -> str:
    officer = User.objects.get(username="cantho.canbo")
    commune_officer = User.objects.get(username="ninhkieu.canbo")
    central = User.objects.get(username="tw.canbo")
    province = OrgUnit.objects.get(key=DEMO_PROVINCE)
    commune = demo_commune()
    created = 0

    # 1. A first-instance complaint past its 30-day resolution deadline (overdue).
    case, new = _case(officer, "demo-petitions-overdue", unit=province, location_unit=commune,
                      kind="khieu_nai_1", channel="letter", field="dat_dai", received_on=_ago(70),
                      subject="Khiếu nại quyết định thu hồi đất làm đường Nguyễn Văn Cừ nối dài",
                      content="Hộ dân không đồng ý mức bồi thường, hỗ trợ khi thu hồi 120 m² đất ở.",
                      petitioners=[{"name": "Trần Văn Bình", "address": "Khu vực 3, Phường Ninh Kiều",
                                    "phone": "0909000111", "is_representative": True}])
    if new:
        created += 1
        services.case_accept(actor=officer, case=case, accepted_on=_ago(64))
        services.case_start_verification(actor=officer, case=case, on=_ago(50))

    # 2. A denunciation: the identity is protected (only the receiving officer holds the right).
    case, new = _case(officer, "demo-petitions-denunciation", unit=province, location_unit=commune,
                      kind="to_cao", channel="walk_in", field="can_bo", received_on=_ago(12),
                      subject="Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục cấp giấy chứng nhận",
                      content="Người tố cáo cung cấp biên nhận và ghi âm.",
                      petitioners=[{"name": "Lê Thị Tố Cáo", "address": "Khu vực 5, Phường Ninh Kiều",
                                    "phone": "0912345678", "id_number": "092190001234"}])
    if new:
        created += 1
        services.case_accept(actor=officer, case=case, accepted_on=_ago(10))

    # 3. A hotspot: a mass complaint (đông người) of several households at the commune.
    group = []
    for i, (key, days) in enumerate((("demo-petitions-mass-1", 20), ("demo-petitions-mass-2", 18))):
        case, new = _case(commune_officer, key, unit=commune, kind="khieu_nai_1", channel="walk_in",
                          field="dat_dai", received_on=_ago(days), petitioner_type="mass", headcount=25 + 10 * i,
                          subject="Đoàn đông người khiếu nại bồi thường dự án khu tái định cư Cồn Khương",
                          petitioners=[{"name": f"Nguyễn Văn Đại Diện {i + 1}", "is_representative": True}])
        created += new
        if new:
            services.case_accept(actor=commune_officer, case=case, accepted_on=_ago(days - 3))
        group.append(case)
    if not Hotspot.objects.filter(unit=province, title__startswith="Khiếu kiện đông người dự án Cồn Khương").exists():
        services.hotspot_flag(actor=officer, unit=province, title="Khiếu kiện đông người dự án Cồn Khương",
                              kind="dong_nguoi", risk_level=Hotspot.Risk.HIGH, flagged_on=_ago(15), headcount=60,
                              note="Tổ công tác của phường đối thoại hằng tuần với các hộ dân.", cases=group)

    # 4. A petition handled from intake to closure.
    case, new = _case(commune_officer, "demo-petitions-closed", unit=commune, kind="kien_nghi", channel="dialogue",
                      field="moi_truong", received_on=_ago(45),
                      subject="Kiến nghị nạo vét cống thoát nước hẻm 51 đường 3 Tháng 2",
                      petitioners=[{"name": "Phạm Thị Hồng", "is_representative": True}])
    if new:
        created += 1
        services.case_accept(actor=commune_officer, case=case, accepted_on=_ago(44))
        services.case_start_verification(actor=commune_officer, case=case, on=_ago(40))
        services.case_decide(actor=commune_officer, case=case, on=_ago(30), decision_number="45/TB-UBND",
                             outcome="answered", outcome_note="Phường đã nạo vét 300 m cống.")
        services.case_close(actor=commune_officer, case=case, on=_ago(28))

    # 5. The nation: a petition received by the central commission.
    _c, new = _case(central, "demo-petitions-central", unit=OrgUnit.objects.get(key="VN"), kind="kien_nghi",
                    channel="portal", field="chinh_sach", received_on=_ago(5),
                    subject="Kiến nghị sớm ban hành hướng dẫn chế độ cho người hoạt động không chuyên trách",
                    petitioners=[{"name": "Hội Cựu chiến binh xã", "is_representative": True}])
    created += new

    # 6. Public sentiment report of the previous month, submitted.
    first = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    code = first.strftime("%Y%m")
    if not SentimentReport.objects.filter(unit=province, period_type="month", period_code=code).exists():
        report = services.sentiment_create(
            actor=officer, unit=province, period_type="month", period_code=code,
            title=f"Báo cáo tình hình Nhân dân tháng {first.month}/{first.year}", mood="mostly_stable",
            mood_note="Nhân dân cơ bản phấn khởi, tin tưởng; một bộ phận lo lắng về giá cả và việc làm.",
            hot_issues="Bồi thường, tái định cư dự án Cồn Khương.",
            proposals="Đẩy nhanh chi trả bồi thường; tăng cường đối thoại với Nhân dân.",
            issues=[{"field": "dat_dai", "description": "Bồi thường, tái định cư", "mentions": 14, "is_hot": True},
                    {"field": "kinh_te", "description": "Giá cả sinh hoạt tăng", "mentions": 9},
                    {"field": "moi_truong", "description": "Ngập nước khi triều cường", "mentions": 6}],
            cases=group)
        services.sentiment_submit(actor=officer, report=report)
    return f"Đơn thư: {created} vụ việc mới."
