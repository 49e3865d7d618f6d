"""A case from intake to closure: deadlines from the rules, flags, audit, facts, and every bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core.concurrency import StaleRecordError
from danvan.core.models import AuditEvent
from danvan.petitions import selectors, services
from danvan.petitions.models import Case, DeadlineRule, Extension
from danvan.petitions.services.cases import TRACKING_ALPHABET
from danvan.reports.models import RecordFact

D = datetime.date


def facts_of(case, indicators=("petition.received", "petition.resolved")):
    return sorted((f.indicator, f.unit_id, f.day, f.category) for f in
                  RecordFact.objects.filter(source="petitions.case", source_id=case.pk, indicator__in=indicators))


def actions_of(case):
    return list(AuditEvent.objects.filter(target_type="petitions.case", target_id=str(case.pk))
                .order_by("id").values_list("action", flat=True))


def test_rules_are_seeded_with_legal_source(db):
    rule = DeadlineRule.objects.get(kind="khieu_nai_1", stage="resolve")
    assert (rule.days, rule.complex_days, rule.remote_days, rule.remote_complex_days) == (30, 45, 45, 60)
    assert rule.legal_source == "Luật Khiếu nại 2011, Điều 28"
    second = DeadlineRule.objects.get(kind="khieu_nai_2", stage="resolve")
    assert (second.days, second.complex_days, second.remote_days, second.remote_complex_days) == (45, 60, 60, 70)
    assert DeadlineRule.objects.get(kind="khieu_nai_1", stage="accept").days == 10
    ext = DeadlineRule.objects.get(kind="to_cao", stage="extension")
    assert (ext.days, ext.max_count) == (30, 2)


def test_intake_to_closure(people, new_case):
    officer = people["officer"]
    case = new_case()
    assert case.status == Case.Status.RECEIVED
    assert len(case.tracking_code) == 12 and set(case.tracking_code) <= set(TRACKING_ALPHABET)
    assert case.accept_due == D(2025, 9, 11)
    assert case.accept_rule == "Luật Khiếu nại 2011, Điều 27"
    assert case.resolve_due is None
    assert case.days_left(D(2025, 9, 8)) == 3
    assert case.is_overdue(D(2025, 9, 12))
    assert facts_of(case) == [("petition.received", case.unit_id, D(2025, 9, 1), "khieu_nai_1")]

    case = services.case_accept(actor=officer, case=case, accepted_on=D(2025, 9, 5))
    assert case.status == Case.Status.ACCEPTED and case.resolve_due == D(2025, 10, 5)
    assert case.resolve_rule == "Luật Khiếu nại 2011, Điều 28"
    assert case.days_left(D(2025, 10, 1)) == 4
    assert not case.is_overdue(D(2025, 10, 5)) and case.is_overdue(D(2025, 10, 6))

    case = services.case_start_verification(actor=officer, case=case, on=D(2025, 9, 10))
    case = services.case_record_dialogue(actor=officer, case=case, on=D(2025, 9, 20), activity_ref="ACT-42",
                                         activity_label="Đối thoại với hộ dân khu vực 3")
    assert case.dialogue_ref == "ACT-42"
    case = services.case_decide(actor=officer, case=case, on=D(2025, 10, 3), decision_number="12/QĐ-UBND",
                                outcome="partly")
    assert case.status == Case.Status.DECIDED and case.resolved_on_time is True
    assert case.current_due is None and not case.is_overdue(D(2026, 1, 1))
    case = services.case_close(actor=officer, case=case, on=D(2025, 10, 10))
    assert case.status == Case.Status.CLOSED

    assert facts_of(case) == [("petition.received", case.unit_id, D(2025, 9, 1), "khieu_nai_1"),
                              ("petition.resolved", case.unit_id, D(2025, 10, 3), "on_time")]
    # The statistics page's other figures are facts too: accepted on its day, received by field.
    assert facts_of(case, ("petition.accepted", "petition.received.by_field")) == [
        ("petition.accepted", case.unit_id, D(2025, 9, 5), "khieu_nai_1"),
        ("petition.received.by_field", case.unit_id, D(2025, 9, 1), case.field)]
    assert actions_of(case) == [
        "petitions.case.created", "petitions.petitioner.added", "petitions.case.accepted",
        "petitions.case.verifying", "petitions.case.dialogue", "petitions.case.decided", "petitions.case.closed"]
    assert case.version == 6


@pytest.mark.parametrize("kind,complex_,remote,due", [
    ("khieu_nai_1", False, False, D(2025, 10, 5)),
    ("khieu_nai_1", True, False, D(2025, 10, 20)),
    ("khieu_nai_1", False, True, D(2025, 10, 20)),
    ("khieu_nai_1", True, True, D(2025, 11, 4)),
    ("khieu_nai_2", False, False, D(2025, 10, 20)),
    ("khieu_nai_2", True, False, D(2025, 11, 4)),
    ("khieu_nai_2", False, True, D(2025, 11, 4)),
    ("khieu_nai_2", True, True, D(2025, 11, 14)),
    ("to_cao", False, False, D(2025, 10, 5)),
    ("kien_nghi", False, False, None),
])
def test_resolution_deadlines(people, new_case, kind, complex_, remote, due):
    case = new_case(kind=kind, is_complex=complex_, is_remote=remote)
    case = services.case_accept(actor=people["officer"], case=case, accepted_on=D(2025, 9, 5))
    assert case.resolve_due == due


def test_late_decision_counts_late(people, new_case):
    case = new_case()
    services.case_accept(actor=people["officer"], case=case, accepted_on=D(2025, 9, 5))
    services.case_start_verification(actor=people["officer"], case=case, on=D(2025, 9, 6))
    case = services.case_decide(actor=people["officer"], case=case, on=D(2025, 10, 6), decision_number="1/QĐ",
                                outcome="rejected")
    assert case.resolved_on_time is False
    assert ("petition.resolved", case.unit_id, D(2025, 10, 6), "late") in facts_of(case)


def test_denunciation_two_extensions_then_refused(people, denunciation):
    officer = people["officer"]
    case = services.case_accept(actor=officer, case=denunciation, accepted_on=D(2025, 9, 5))
    assert case.resolve_due == D(2025, 10, 5)
    services.case_extend(actor=officer, case=case, decision_number="01/QĐ-GH", decided_on=D(2025, 10, 1))
    case.refresh_from_db()
    assert case.resolve_due == D(2025, 11, 4)
    services.case_extend(actor=officer, case=case, decision_number="02/QĐ-GH", decided_on=D(2025, 11, 1))
    case.refresh_from_db()
    assert case.resolve_due == D(2025, 12, 4)
    with pytest.raises(ValidationError, match="Đã gia hạn đủ 2 lần"):
        services.case_extend(actor=officer, case=case, decision_number="03/QĐ-GH", decided_on=D(2025, 12, 1))
    assert Extension.objects.filter(case=case).count() == 2
    assert "petitions.case.extended" in actions_of(case)


def test_extension_bad_inputs(people, new_case, denunciation):
    officer = people["officer"]
    complaint = services.case_accept(actor=officer, case=new_case(), accepted_on=D(2025, 9, 5))
    with pytest.raises(ValidationError, match="không được gia hạn"):
        services.case_extend(actor=officer, case=complaint, decision_number="1", decided_on=D(2025, 9, 6))
    with pytest.raises(ValidationError, match="đang được giải quyết"):
        services.case_extend(actor=officer, case=denunciation, decision_number="1", decided_on=D(2025, 9, 6))
    case = services.case_accept(actor=officer, case=denunciation, accepted_on=D(2025, 9, 5))
    with pytest.raises(ValidationError) as error:
        services.case_extend(actor=officer, case=case, decision_number="", decided_on=D(2025, 9, 6))
    assert "decision_number" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_extend(actor=officer, case=case, decision_number="1", decided_on=D(2025, 9, 1))
    assert "decided_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_extend(actor=officer, case=case, decision_number="1", decided_on=D(2025, 9, 6), days=31)
    assert "days" in error.value.message_dict
    assert not Extension.objects.exists()


def test_refusal_needs_reason(people, new_case):
    case = new_case()
    with pytest.raises(ValidationError) as error:
        services.case_not_accept(actor=people["officer"], case=case, on=D(2025, 9, 3), reason="  ")
    assert "lý do" in error.value.message_dict["not_accepted_reason"][0]
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED and case.version == 1
    case = services.case_not_accept(actor=people["officer"], case=case, on=D(2025, 9, 3),
                                    reason="Không thuộc thẩm quyền")
    assert case.status == Case.Status.NOT_ACCEPTED and case.current_due is None


def test_skipping_steps_refused(people, new_case):
    case = new_case()
    with pytest.raises(ValidationError, match="Không thể chuyển từ trạng thái"):
        services.case_decide(actor=people["officer"], case=case, on=D(2025, 9, 5), decision_number="1",
                             outcome="upheld")
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.case_close(actor=people["officer"], case=case, on=D(2025, 9, 5))
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.case_record_dialogue(actor=people["officer"], case=case, on=D(2025, 9, 5), activity_label="x")
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED and actions_of(case)[-1] == "petitions.petitioner.added"


def test_dates_that_make_no_sense(people, new_case):
    officer = people["officer"]
    case = new_case()
    with pytest.raises(ValidationError) as error:
        services.case_accept(actor=officer, case=case, accepted_on=D(2025, 8, 30))
    assert "trước ngày tiếp nhận" in error.value.message_dict["accepted_on"][0]
    with pytest.raises(ValidationError) as error:
        services.case_accept(actor=officer, case=case, accepted_on=datetime.date.today() + datetime.timedelta(days=2))
    assert "sau ngày hôm nay" in error.value.message_dict["accepted_on"][0]
    services.case_accept(actor=officer, case=case, accepted_on=D(2025, 9, 5))
    services.case_start_verification(actor=officer, case=case, on=D(2025, 9, 10))
    with pytest.raises(ValidationError) as error:  # decided before received
        services.case_decide(actor=officer, case=case, on=D(2025, 8, 1), decision_number="1", outcome="upheld")
    assert "decided_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # decision without number
        services.case_decide(actor=officer, case=case, on=D(2025, 9, 20), decision_number="", outcome="upheld")
    assert "số quyết định" in error.value.message_dict["decision_number"][0]
    with pytest.raises(ValidationError) as error:
        new_case(received_on=datetime.date.today() + datetime.timedelta(days=1))
    assert "received_on" in error.value.message_dict
    case.refresh_from_db()
    assert case.status == Case.Status.VERIFYING and case.decided_on is None


def test_closed_case_cannot_be_edited(people, new_case):
    officer = people["officer"]
    case = new_case(kind="kien_nghi")
    services.case_not_accept(actor=officer, case=case, on=D(2025, 9, 2), reason="Trùng nội dung đã trả lời")
    case = services.case_close(actor=officer, case=case, on=D(2025, 9, 3))
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.case_update(actor=officer, case=case, expected_version=case.version, subject="Đổi")
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.petitioner_add(actor=officer, case=case, data={"name": "Người mới"})
    case.refresh_from_db()
    assert case.subject == "Khiếu nại bồi thường đất" and case.petitioners.count() == 1


def test_double_submission_returns_same_case(people, new_case):
    first = new_case(submission_key="abc123")
    second = new_case(submission_key="abc123", subject="Khác")
    assert first.pk == second.pk and Case.objects.count() == 1
    assert second.subject == "Khiếu nại bồi thường đất"


def test_concurrent_edit_refused(people, new_case):
    case = new_case()
    services.case_update(actor=people["officer"], case=case, expected_version=1, subject="Sửa lần một")
    with pytest.raises(StaleRecordError):
        services.case_update(actor=people["officer"], case=case, expected_version=1, subject="Sửa lần hai")
    case.refresh_from_db()
    assert case.subject == "Sửa lần một"
    event = AuditEvent.objects.filter(action="petitions.case.updated").get()
    assert event.changes["subject"] == ["Khiếu nại bồi thường đất", "Sửa lần một"]


def test_update_recomputes_deadlines_and_refuses_bad_headcount(people, new_case):
    case = services.case_accept(actor=people["officer"], case=new_case(), accepted_on=D(2025, 9, 5))
    case = services.case_update(actor=people["officer"], case=case, expected_version=case.version, is_complex=True)
    assert case.resolve_due == D(2025, 10, 20)
    with pytest.raises(ValidationError) as error:
        services.case_update(actor=people["officer"], case=case, expected_version=case.version,
                             petitioner_type="mass", headcount=3)
    assert "5" in error.value.message_dict["headcount"][0]
    with pytest.raises(ValidationError) as error:
        services.case_update(actor=people["officer"], case=case, expected_version=case.version, kind="to_cao")
    assert "kind" in error.value.message_dict


def test_intake_bad_inputs(people, new_case):
    with pytest.raises(ValidationError) as error:
        new_case(subject="")
    assert "subject" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        new_case(petitioner_type="several", headcount=1)
    assert "headcount" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        new_case(petitioners=[{"name": "A", "id_number": "12ab"}])
    assert "CCCD" in error.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as error:
        new_case(petitioners=[{"name": ""}])
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # Hậu Giang ended on 30/6/2025
        new_case(unit_key="VN-93", received_on=D(2025, 9, 1), on_behalf=True)
    assert "không tồn tại" in error.value.message_dict["unit"][0]
    with pytest.raises(ValidationError):
        new_case(kind="khong_co")
    assert Case.objects.count() == 0 and not AuditEvent.objects.filter(target_type="petitions.case").exists()


def test_write_permissions(people, new_case, commune_cantho):
    with pytest.raises(PermissionDenied):
        new_case(actor=people["hanoi"])
    with pytest.raises(PermissionDenied):
        new_case(actor=people["viewer"])
    with pytest.raises(PermissionDenied):  # a descendant only on behalf
        new_case(unit_key=commune_cantho.key)
    case = new_case(unit_key=commune_cantho.key, on_behalf=True)
    assert AuditEvent.objects.get(action="petitions.case.created", target_id=str(case.pk)).on_behalf
    with pytest.raises(PermissionDenied):
        services.case_accept(actor=people["hanoi"], case=case, accepted_on=D(2025, 9, 3))
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED


def test_transfer_creates_linked_case(people, new_case, commune_cantho):
    case = new_case(unit_key=commune_cantho.key, actor=people["commune"])
    case = services.case_transfer(actor=people["commune"], case=case, on=D(2025, 9, 4),
                                  to_unit=commune_cantho.parent, reason="Thuộc thẩm quyền cấp tỉnh")
    linked = case.transferred_case
    assert case.status == Case.Status.TRANSFERRED and linked is not None
    assert linked.unit == commune_cantho.parent and linked.channel == "transfer"
    assert linked.received_on == D(2025, 9, 4) and linked.accept_due == D(2025, 9, 14)
    assert linked.tracking_code != case.tracking_code
    assert list(linked.petitioners.values_list("name", flat=True)) == ["Trần Văn Khiếu"]
    # counted once, at the receiving unit
    assert facts_of(case) == []
    assert facts_of(linked) == [("petition.received", linked.unit_id, D(2025, 9, 4), "khieu_nai_1")]
    assert selectors.public_status(case.tracking_code)["continues_as"] == linked.tracking_code
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.case_update(actor=people["commune"], case=case, expected_version=case.version, subject="x")


def test_transfer_outside_and_bad_inputs(people, new_case):
    case = new_case()
    with pytest.raises(ValidationError) as error:
        services.case_transfer(actor=people["officer"], case=case, on=D(2025, 9, 4))
    assert "transferred_to_unit" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.case_transfer(actor=people["officer"], case=case, on=D(2025, 9, 4), to_unit=case.unit)
    case = services.case_transfer(actor=people["officer"], case=case, on=D(2025, 9, 4),
                                  to_body="Tòa án nhân dân TP Cần Thơ")
    assert case.transferred_case is None and len(facts_of(case)) == 1


def test_merge_and_withdraw(people, new_case):
    officer = people["officer"]
    original, duplicate = new_case(), new_case(subject="Đơn trùng")
    with pytest.raises(ValidationError):
        services.case_merge(actor=officer, case=original, into=original, on=D(2025, 9, 2))
    duplicate = services.case_merge(actor=officer, case=duplicate, into=original, on=D(2025, 9, 2))
    assert duplicate.status == Case.Status.MERGED and duplicate.duplicate_of == original
    assert facts_of(duplicate) == []
    with pytest.raises(ValidationError, match="đơn gốc"):
        services.case_merge(actor=officer, case=new_case(), into=duplicate, on=D(2025, 9, 2))
    other_province = new_case(actor=people["hanoi"], unit_key="VN-01")
    with pytest.raises(PermissionDenied):
        services.case_merge(actor=officer, case=original, into=other_province, on=D(2025, 9, 2))
    withdrawn = services.case_withdraw(actor=officer, case=original, on=D(2025, 9, 3), reason="Đã thỏa thuận")
    assert withdrawn.status == Case.Status.WITHDRAWN and withdrawn.is_final


def test_dialogue_needs_activity(people, new_case):
    case = new_case()
    services.case_accept(actor=people["officer"], case=case, accepted_on=D(2025, 9, 2))
    services.case_start_verification(actor=people["officer"], case=case, on=D(2025, 9, 3))
    with pytest.raises(ValidationError) as error:
        services.case_record_dialogue(actor=people["officer"], case=case, on=D(2025, 9, 4))
    assert "dialogue_label" in error.value.message_dict
