"""Demo records for Cần Thơ and the nation: a document with its dissemination status, conferences,
a dialogue whose commitment is overdue (shown on the unit's next dialogue), a competition, media items.
Idempotent: records are found by (unit, external_ref) or (symbol, date) before anything is created."""

from __future__ import annotations

import datetime

from danvan.core.demo import DEMO_PROVINCE, demo_commune

D = datetime.date


def _actor():
    from danvan.accounts.models import User

    return User.objects.filter(is_superuser=True).order_by("pk").first()


def _document(actor, unit, symbol, issued_on, **fields):
    from . import services
    from .models import Document

    found = Document.objects.filter(symbol=symbol, issued_on=issued_on).first()
    return found or services.document_create(actor=actor, unit=unit, symbol=symbol, issued_on=issued_on, **fields)


def _activity(actor, unit, ref, kind, created: list, **fields):
    from . import services
    from .models import Activity, ActivityKind

    found = Activity.objects.filter(unit=unit, external_ref=ref).first()
    if found:
        return found, False
    activity = services.activity_create(actor=actor, unit=unit, kind=ActivityKind.objects.get(code=kind),
                                        external_ref=ref, **fields)
    created.append(activity)
    return activity, True


def load_demo_data() -> str:
    from danvan.orgunits.models import OrgUnit

    from . import services
    from .models import DisseminationRequirement, ImplementationPlan, Project

    actor = _actor()
    if actor is None:
        return ""
    nation, province, commune = OrgUnit.objects.get(key="VN"), OrgUnit.objects.get(key=DEMO_PROVINCE), demo_commune()
    nq25 = _document(actor, nation, "25-NQ/TW", D(2013, 6, 3), issuing_body="Ban Chấp hành Trung ương",
                     title="Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
                     interim_review_years=5, final_review_years=10)
    kl62 = _document(actor, nation, "62-KL/TW", D(2009, 12, 8), issuing_body="Bộ Chính trị",
                     title="Về tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc và các đoàn thể "
                           "chính trị - xã hội", final_review_years=10)
    plan_doc = _document(actor, province, "24-KH/BDVTU", D(2025, 7, 20),
                         issuing_body="Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ",
                         title="Kế hoạch học tập, quán triệt Nghị quyết 25-NQ/TW trong tình hình mới")
    if not DisseminationRequirement.objects.filter(document=nq25, unit=province).exists():
        services.requirement_set(actor=actor, document=nq25, unit=province, levels=["province", "commune"],
                                 deadline=D(2025, 10, 31), note="Theo Kế hoạch 24-KH/BDVTU", on_behalf=True)
    if not ImplementationPlan.objects.filter(document=nq25, unit=province).exists():
        services.plan_add(actor=actor, document=nq25, unit=province, symbol="24-KH/BDVTU", issued_on=D(2025, 7, 20),
                          title=plan_doc.title, on_behalf=True)
    if not Project.objects.filter(unit=nation, name__startswith="Đề án đổi mới phương thức").exists():
        services.project_create(actor=actor, unit=nation, document=nq25, assigned_by="Bộ Chính trị",
                                name="Đề án đổi mới phương thức công tác dân vận trong tình hình mới",
                                assigned_on=D(2024, 3, 1), deadline=D(2025, 12, 31))
    created: list = []
    _activity(actor, province, "DEMO-HN-01", "hoi_nghi", created, on_behalf=True,
              title="Hội nghị học tập, quán triệt Nghị quyết 25-NQ/TW cho cán bộ chủ chốt",
              purpose="quan_triet", start_date=D(2025, 8, 15), place_mode="ket_hop", connected_points=103,
              place="Hội trường Thành ủy Cần Thơ", participants=420, attendees=3850, documents=[nq25, plan_doc],
              minutes="Đã quán triệt nội dung cơ bản của Nghị quyết; 103 điểm cầu xã, phường tham dự.")
    _activity(actor, commune, "DEMO-HN-02", "hoi_nghi", created, on_behalf=True,
              title="Hội nghị quán triệt Nghị quyết 25-NQ/TW tại Phường Ninh Kiều", purpose="quan_triet",
              start_date=D(2025, 9, 5), participants=150, attendees=150, documents=[nq25])
    dialogue, new = _activity(
        actor, province, "DEMO-DT-01", "doi_thoai", created, on_behalf=True,
        title="Hội nghị đối thoại giữa Chủ tịch UBND thành phố với Nhân dân về chỉnh trang đô thị",
        start_date=D(2025, 9, 20), participants=200, attendees=200, place="Phường Ninh Kiều",
        issues_summary="Ngập nước khi triều cường; giải phóng mặt bằng chậm.")
    if new:
        issue = services.issue_add(actor=actor, activity=dialogue, content="Tuyến đường ngập sâu khi triều cường",
                                   raised_by="Cử tri khu vực 3, Phường Ninh Kiều", on_behalf=True)
        services.commitment_add(actor=actor, activity=dialogue, issue=issue, owner_unit=commune,
                                content="Nâng cấp, nâng cao cốt nền tuyến đường trước mùa triều cường",
                                deadline=D(2025, 11, 30), on_behalf=True)
        done = services.commitment_add(actor=actor, activity=dialogue, owner_unit=commune,
                                       content="Khơi thông cống thoát nước", deadline=D(2025, 10, 15), on_behalf=True)
        services.commitment_set_status(actor=actor, commitment=done, to="done", done_on=D(2025, 10, 10),
                                       result="Đã nạo vét 2,3 km cống")
    _activity(actor, province, "DEMO-DT-02", "doi_thoai", created, on_behalf=True,
              title="Hội nghị đối thoại định kỳ quý I năm 2026", start_date=D(2026, 3, 12), participants=180,
              attendees=180)
    _activity(actor, province, "DEMO-CT-01", "cuoc_thi", created, on_behalf=True,
              title="Hội thi “Dân vận khéo” thành phố Cần Thơ năm 2025", start_date=D(2025, 11, 8),
              participants=96, attendees=600)
    _activity(actor, province, "DEMO-TB-01", "tin_bai", created, on_behalf=True,
              title="Phóng sự: Cần Thơ lan tỏa mô hình “Dân vận khéo”", start_date=D(2025, 11, 10),
              outlet="Đài Phát thanh và Truyền hình Cần Thơ", link="https://canthotv.vn/")
    _activity(actor, nation, "DEMO-TW-01", "hoi_nghi", created,
              title="Hội nghị toàn quốc tổng kết 10 năm thực hiện Kết luận số 62-KL/TW", purpose="tong_ket",
              start_date=D(2020, 6, 30), place_mode="ket_hop", connected_points=63, attendees=2100,
              participants=600, documents=[kl62])
    _activity(actor, nation, "DEMO-TW-02", "giao_ban", created, title="Giao ban công tác dân vận quý IV năm 2025",
              start_date=D(2025, 12, 1), place_mode="truc_tuyen", connected_points=34, attendees=400,
              participants=150)
    return f"Hoạt động: {len(created)} mới."
