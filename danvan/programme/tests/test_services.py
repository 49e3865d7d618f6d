import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core.concurrency import StaleRecordError
from danvan.core.models import AuditEvent
from danvan.programme import selectors, services
from danvan.programme.models import Programme, ProgrammeItem, StatusUpdate

pytestmark = pytest.mark.django_db
D = datetime.date
K, A, S = ProgrammeItem.Kind, ProgrammeItem.AssignedBy, ProgrammeItem.Status


def test_a_unit_drafts_its_programme_and_an_approver_of_the_unit_or_above_approves(make_user, unit, commune_cantho):
    officer = make_user(commune_cantho.key, "officer")
    programme = services.programme_create(actor=officer, unit=commune_cantho, year=2026, theme="Năm dân vận khéo")
    assert programme.status == Programme.Status.DRAFT and programme.theme == "Năm dân vận khéo"
    item = services.item_create(actor=officer, programme=programme, title="Vận động Nhân dân giữ gìn vệ sinh",
                                deadline=D(2026, 9, 30))
    assert item.owner_unit == commune_cantho and item.number == 1 and item.assigned_by == A.UNIT
    # one programme per unit and year
    with pytest.raises(ValidationError, match="đã có chương trình"):
        services.programme_create(actor=officer, unit=commune_cantho, year=2026)
    # an officer does not approve; an approver of another province neither
    with pytest.raises(PermissionDenied):
        services.programme_approve(actor=officer, programme=programme)
    with pytest.raises(PermissionDenied):
        services.programme_approve(actor=make_user("VN-01", "approver"), programme=programme)
    # the province's approver (the level above) does
    approved = services.programme_approve(actor=make_user("VN-92", "approver"), programme=programme)
    assert approved.status == Programme.Status.APPROVED and approved.approved_by is not None
    # the commune's own approver may approve too (after a reopen)
    own_leader = make_user(commune_cantho.key, "approver")
    with pytest.raises(ValidationError, match="Lý do mở lại"):
        services.programme_reopen(actor=own_leader, programme=approved, reason="  ")
    services.item_record_status(actor=officer, item=item, status="in_progress")
    services.programme_reopen(actor=own_leader, programme=approved, reason="Bổ sung nhiệm vụ")
    # a programme or an item with a status history is never deleted (the history stays)
    with pytest.raises(ValidationError, match="không xóa"):
        services.item_delete(actor=officer, item=item)
    with pytest.raises(ValidationError, match="không xóa"):
        services.programme_delete(actor=officer, programme=approved)
    assert services.programme_approve(actor=own_leader, programme=approved).status == "approved"
    actions = list(AuditEvent.objects.filter(target_type="programme.programme", target_id=str(programme.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["programme.programme.created", "programme.programme.approved", "programme.programme.reopened",
                       "programme.programme.approved"]


def test_writing_needs_the_unit_or_explicit_on_behalf_entry(make_user, unit, commune_cantho):
    province_officer = make_user("VN-92", "officer")
    with pytest.raises(PermissionDenied):  # a unit below, and the caller said "not on behalf"
        services.programme_create(actor=province_officer, unit=commune_cantho, year=2026, on_behalf=False)
    programme = services.programme_create(actor=province_officer, unit=commune_cantho, year=2026)
    assert AuditEvent.objects.get(action="programme.programme.created", target_id=str(programme.pk)).on_behalf
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=make_user("VN-01", "officer"), unit=unit("VN-92"), year=2026)
    with pytest.raises(PermissionDenied):
        services.item_create(actor=make_user(commune_cantho.key, "viewer"), programme=programme, title="X")
    with pytest.raises(ValidationError, match="Năm"):
        services.programme_create(actor=province_officer, unit=unit("VN-92"), year=1990)
    # a unit that did not exist in the year (Hậu Giang ended on 30/6/2025)
    with pytest.raises(ValidationError, match="không tồn tại"):
        services.programme_create(actor=make_user("VN-93", "officer"), unit=unit("VN-93"), year=2026)


def test_items_are_frozen_once_approved_and_edits_are_locked_optimistically(programme_with, root, unit,
                                                                          commune_cantho):
    programme = programme_with("VN-92", 2025, [("Nhiệm vụ một", K.TASK)], approve=False)
    item = programme.items.get()
    services.item_update(actor=root, item=item, expected_version=item.version, title="Nhiệm vụ một (sửa)",
                         cooperating_units=[unit("TW-MTTQ"), commune_cantho])
    item.refresh_from_db()
    assert item.title == "Nhiệm vụ một (sửa)"
    assert {u.key for u in item.cooperating_units.all()} == {"TW-MTTQ", commune_cantho.key}
    with pytest.raises(StaleRecordError):
        services.item_update(actor=root, item=item, expected_version=item.version - 1, title="Cũ")
    with pytest.raises(ValidationError, match="trước năm"):
        services.item_update(actor=root, item=item, expected_version=None, deadline=D(2024, 12, 31))
    services.programme_approve(actor=root, programme=programme)
    with pytest.raises(ValidationError, match="đã được phê duyệt"):
        services.item_update(actor=root, item=item, expected_version=None, title="Sau phê duyệt")
    with pytest.raises(ValidationError, match="đã được phê duyệt"):
        services.item_delete(actor=root, item=item)
    with pytest.raises(ValidationError, match="đã được phê duyệt"):
        services.programme_delete(actor=root, programme=programme)
    changes = AuditEvent.objects.get(action="programme.item.updated", target_id=str(item.pk)).changes
    assert changes["title"] == ["Nhiệm vụ một", "Nhiệm vụ một (sửa)"]
    assert changes["cooperating_units"] == [[], [unit("TW-MTTQ").name, commune_cantho.name]]


def test_the_owner_unit_records_monthly_statuses_with_history(make_user, unit, commune_cantho, fixed_today, root):
    fixed_today(D(2026, 11, 25))
    officer = make_user("VN-92", "officer")
    programme = services.programme_create(actor=officer, unit=unit("VN-92"), year=2026)
    item = services.item_create(actor=officer, programme=programme, title="Đối thoại với Nhân dân",
                                owner_unit=commune_cantho, deadline=D(2026, 10, 31))
    ward = make_user(commune_cantho.key, "officer")
    with pytest.raises(ValidationError, match="chưa được phê duyệt"):
        services.item_record_status(actor=ward, item=item, status=S.IN_PROGRESS)
    services.programme_approve(actor=root, programme=programme)
    # an officer of another commune does not report on it
    other = make_user("VN-01", "officer")
    with pytest.raises(PermissionDenied):
        services.item_record_status(actor=other, item=item, status=S.IN_PROGRESS)
    first = services.item_record_status(actor=ward, item=item, status=S.IN_PROGRESS, month=D(2026, 9, 1),
                                        note="Đã xây dựng kế hoạch", evidence="https://example.vn/ke-hoach\n/hoat-dong/")
    assert first.evidence_links() == ["https://example.vn/ke-hoach", "/hoat-dong/"] and not first.on_behalf
    item.refresh_from_db()
    assert item.status == S.IN_PROGRESS and item.status_month == D(2026, 9, 1)
    assert item.is_overdue() and item.effective_status() == S.OVERDUE  # past 31/10 and still open
    # an earlier month only adds to the history; the newest month stays the item's status
    services.item_record_status(actor=ward, item=item, status=S.NOT_STARTED, month=D(2026, 8, 1))
    item.refresh_from_db()
    assert item.status == S.IN_PROGRESS
    with pytest.raises(ValidationError, match="Ghi chú"):
        services.item_record_status(actor=ward, item=item, status=S.DROPPED)
    with pytest.raises(ValidationError, match="tương lai"):
        services.item_record_status(actor=ward, item=item, status=S.DONE, done_on=D(2026, 12, 1))
    with pytest.raises(ValidationError, match="chưa đến tháng"):
        services.item_record_status(actor=ward, item=item, status=S.DONE, month=D(2026, 12, 1))
    with pytest.raises(ValidationError, match="đường dẫn"):
        services.item_record_status(actor=ward, item=item, status=S.DONE, evidence="javascript:alert(1)")
    with pytest.raises(ValidationError, match="đường dẫn"):
        services.item_record_status(actor=ward, item=item, status=S.DONE, evidence="//evil.example/x")
    services.item_record_status(actor=ward, item=item, status=S.DONE, note="Đã đối thoại")
    item.refresh_from_db()
    assert item.status == S.DONE and item.done_on == D(2026, 11, 25) and not item.is_overdue()
    assert list(StatusUpdate.objects.filter(item=item).values_list("status", flat=True)) == [
        S.DONE, S.IN_PROGRESS, S.NOT_STARTED]
    assert AuditEvent.objects.filter(action="programme.item.recorded", target_id=str(item.pk)).count() == 3
    # the province records on behalf of nobody: it is the programme's own unit
    update = services.item_record_status(actor=officer, item=item, status=S.DONE)
    assert not update.on_behalf


def test_queue_and_tasks_due_between_follow_the_deadline_and_the_owner(make_user, unit, commune_cantho, fixed_today,
                                                                      root):
    fixed_today(D(2026, 11, 25))
    programme = services.programme_create(actor=root, unit=unit("VN-92"), year=2026)
    late = services.item_create(actor=root, programme=programme, title="Quá hạn", owner_unit=commune_cantho,
                                deadline=D(2026, 11, 20))
    soon = services.item_create(actor=root, programme=programme, title="Sắp hạn", owner_unit=commune_cantho,
                                deadline=D(2026, 11, 30))
    services.item_create(actor=root, programme=programme, title="Còn xa", owner_unit=commune_cantho,
                         deadline=D(2026, 12, 31))
    province_item = services.item_create(actor=root, programme=programme, title="Của tỉnh", deadline=D(2026, 11, 1))
    ward = make_user(commune_cantho.key, "officer")
    assert selectors.queue_counts(ward) == {"overdue": 0, "due_soon": 0}  # a draft is not tracked yet
    services.programme_approve(actor=root, programme=programme)
    assert selectors.queue_counts(ward) == {"overdue": 1, "due_soon": 1}
    assert selectors.queue_counts(make_user("VN-92", "officer")) == {"overdue": 1, "due_soon": 0}
    due = list(selectors.tasks_due_between(D(2026, 11, 1), D(2026, 11, 30)))
    assert due == [province_item, late, soon] and due[1].owner_unit == commune_cantho
    services.item_record_status(actor=ward, item=late, status=S.DONE)
    assert selectors.queue_counts(ward) == {"overdue": 0, "due_soon": 1}
    assert late not in selectors.tasks_due_between(D(2026, 11, 1), D(2026, 11, 30))
    # the owner unit reads the province's item it leads, not the others
    visible = selectors.visible_items(ward)
    assert set(visible.values_list("pk", flat=True)) == {late.pk, soon.pk, *programme.items.filter(
        owner_unit=commune_cantho).values_list("pk", flat=True)} - {province_item.pk}


def test_links_only_to_records_the_actor_may_read(make_user, unit, programme_with, root):
    from danvan.activities.models import Document

    programme = programme_with("VN-92", 2025, [("Quán triệt nghị quyết", K.TASK)])
    item = programme.items.get()
    officer = make_user("VN-92", "officer")
    mine = Document.objects.create(unit=unit("VN-92"), family="party", symbol="12-KH/TU", number=12, doc_type="KH",
                                   issuer_code="TU", issuing_body="Thành ủy Cần Thơ", issued_on=D(2025, 3, 1),
                                   title="Kế hoạch thực hiện")
    theirs = Document.objects.create(unit=unit("VN-01"), family="party", symbol="13-KH/TU", number=13, doc_type="KH",
                                     issuer_code="TU", issuing_body="Thành ủy Hà Nội", issued_on=D(2025, 3, 1),
                                     title="Kế hoạch của Hà Nội")
    with pytest.raises(ValidationError, match="không có quyền xem"):
        services.item_links_change(actor=officer, item=item, field="documents", add=[theirs])
    services.item_links_change(actor=officer, item=item, field="documents", add=[mine])
    assert list(item.documents.all()) == [mine]
    event = AuditEvent.objects.filter(action="programme.item.updated", target_id=str(item.pk)).latest("id")
    # counts only: the history never names a record its reader may not be allowed to see
    assert event.changes == {} and event.note == "Số văn bản liên kết: 0 → 1"
    services.item_links_change(actor=officer, item=item, field="documents", remove=[mine.pk])
    assert not item.documents.exists()
    with pytest.raises(PermissionDenied):
        services.item_links_change(actor=make_user("VN-01", "officer"), item=item, field="documents", add=[theirs])
