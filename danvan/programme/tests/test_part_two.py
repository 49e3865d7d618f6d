""""Draft from last year's Part Two": one key task per item, line or bullet of Part Two of the unit's annual
report for the previous year; editable afterwards; a clear Vietnamese message when there is nothing to draft."""

import pytest

from danvan.annual import outline
from danvan.annual import services as annual
from danvan.core.models import AuditEvent
from danvan.programme import rules, services
from danvan.programme.models import ProgrammeItem

pytestmark = pytest.mark.django_db

PART_TWO = """PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026
I. Nhiệm vụ chung:
1. Tham mưu sơ kết 5 năm thực hiện Quy chế công tác dân vận của hệ thống chính trị;
2) Đẩy mạnh phong trào thi đua “Dân vận khéo” gắn với xây dựng đô thị văn minh.
- Nắm chắc tình hình Nhân dân, tham mưu giải quyết kịp thời những vấn đề bức xúc.
• tổ chức đối thoại giữa người đứng đầu cấp ủy với Nhân dân
a) Kiện toàn đội ngũ cán bộ làm công tác dân vận ở phường, xã.

+ Đẩy mạnh phong trào thi đua “Dân vận khéo” gắn với xây dựng đô thị văn minh.
"""


def test_lines_bullets_and_numbering_become_task_titles():
    assert rules.part_two_lines(PART_TWO) == [
        "Tham mưu sơ kết 5 năm thực hiện Quy chế công tác dân vận của hệ thống chính trị",
        "Đẩy mạnh phong trào thi đua “Dân vận khéo” gắn với xây dựng đô thị văn minh.",
        "Nắm chắc tình hình Nhân dân, tham mưu giải quyết kịp thời những vấn đề bức xúc.",
        "Tổ chức đối thoại giữa người đứng đầu cấp ủy với Nhân dân",
        "Kiện toàn đội ngũ cán bộ làm công tác dân vận ở phường, xã.",
    ]


def test_one_click_drafts_tasks_from_last_years_part_two_then_they_are_editable(make_user, unit):
    officer = make_user("VN-92", "officer")
    report = annual.get_or_create_report(actor=officer, unit=unit("VN-92"), year=2025)
    annual.save_section(actor=officer, report=report, section=outline.PART_TWO, text=PART_TWO)
    programme = services.programme_create(actor=officer, unit=unit("VN-92"), year=2026)
    created = services.draft_from_part_two(actor=officer, programme=programme)
    assert [i.number for i in created] == [1, 2, 3, 4, 5]
    items = list(programme.items.order_by("number"))
    assert items[0].title.startswith("Tham mưu sơ kết 5 năm") and items[0].kind == ProgrammeItem.Kind.TASK
    assert all(i.owner_unit_id == unit("VN-92").pk and i.source == "part_two" for i in items)
    event = AuditEvent.objects.filter(action="programme.item.created", target_id=str(items[0].pk)).get()
    assert event.note == "Tạo từ Phần thứ hai báo cáo tổng kết năm 2025"
    # a second click adds nothing
    assert services.draft_from_part_two(actor=officer, programme=programme) == []
    assert programme.items.count() == 5
    # editable afterwards, like any task
    services.item_update(actor=officer, item=items[1], expected_version=items[1].version,
                         kind=ProgrammeItem.Kind.PROJECT, assigned_by=ProgrammeItem.AssignedBy.PARTY_COMMITTEE)
    items[1].refresh_from_db()
    assert items[1].kind == "project" and items[1].assigned_by == "cap_uy"


def test_without_a_report_or_a_part_two_the_unit_is_told_in_vietnamese(make_user, unit, client_for):
    officer = make_user("VN-92", "officer")
    programme = services.programme_create(actor=officer, unit=unit("VN-92"), year=2026)
    with pytest.raises(services.NothingToDraft, match="Chưa có báo cáo tổng kết năm 2025"):
        services.draft_from_part_two(actor=officer, programme=programme)
    report = annual.get_or_create_report(actor=officer, unit=unit("VN-92"), year=2025)
    annual.save_section(actor=officer, report=report, section="situation", text="Tình hình chung.")
    with pytest.raises(services.NothingToDraft, match="chưa có nội dung"):
        services.draft_from_part_two(actor=officer, programme=programme)
    # the page shows the message and stays on the programme
    client = client_for(officer)
    response = client.post(f"/chuong-trinh/{programme.pk}/tu-phan-thu-hai/", follow=True)
    assert "Phần thứ hai (phương hướng, nhiệm vụ năm 2026) của báo cáo tổng kết năm 2025 chưa có nội dung" in \
        response.content.decode()
    assert not programme.items.exists()


def test_only_a_draft_is_drafted_into_and_only_by_its_writers(make_user, unit, programme_with):
    programme = programme_with("VN-92", 2026, [("Có sẵn", ProgrammeItem.Kind.TASK)])
    with pytest.raises(Exception, match="đã được phê duyệt"):
        services.draft_from_part_two(actor=make_user("VN-92", "officer"), programme=programme)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.draft_from_part_two(actor=make_user("VN-01", "officer"), programme=programme)
