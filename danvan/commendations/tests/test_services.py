import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.commendations import award_forms, rules, services
from danvan.commendations.models import AwardForm, Commendation
from danvan.core.concurrency import StaleRecordError
from danvan.core.models import AuditEvent
from danvan.core.text import fold
from danvan.reports.models import RecordFact

pytestmark = pytest.mark.django_db
TODAY = rules.today()


def audit_actions(obj):
    return list(AuditEvent.objects.filter(target_type="commendations.commendation", target_id=str(obj.pk))
                .order_by("at", "id").values_list("action", flat=True))


def test_award_forms_are_seeded_as_data():
    codes = set(AwardForm.objects.values_list("code", flat=True))
    assert set(award_forms.SEED_CODES) <= codes
    medal = AwardForm.objects.get(code="huan_chuong_lao_dong")
    assert medal.has_classes and medal.level == "central"
    assert AwardForm.objects.get(code="bang_khen_tinh").level == "province"
    AwardForm.objects.create(code="bang_khen_mttq_tinh", name="Bằng khen của Ủy ban MTTQ tỉnh", kind="bang_khen",
                             level="province")
    assert AwardForm.objects.filter(code="bang_khen_mttq_tinh").exists()


def test_create_draft_audited_no_facts(make_user, draft):
    officer = make_user("VN-92", "officer")
    obj = draft(officer, reason="Có thành tích trong công tác dân vận", recipient_position="Chủ tịch Hội Nông dân")
    assert obj.status == Commendation.Status.DRAFT
    assert obj.proposing_unit.key == "VN-92"
    assert obj.issuing_authority == "Chủ tịch Ủy ban nhân dân tỉnh, thành phố"  # the form's default
    assert audit_actions(obj) == ["commendations.commendation.created"]
    assert not RecordFact.objects.filter(source=rules.FACT_SOURCE, source_id=obj.pk).exists()
    assert fold("Nguyễn Văn An") in obj.search_text


def test_full_flow_produces_one_fact(make_user, draft, commune_cantho, award):
    commune_officer = make_user(commune_cantho.key, "officer")
    approver = make_user("VN-92", "approver")
    obj = draft(commune_officer, unit=commune_cantho, recipient_type="collective", recipient_unit=commune_cantho,
                recipient_name="", form=award("co_thi_dua_tinh"))
    assert obj.recipient_name == "Phường Ninh Kiều"
    obj = services.commendation_propose(actor=commune_officer, commendation=obj)
    assert obj.status == "proposed" and obj.proposed_at
    obj = services.commendation_approve(actor=approver, commendation=obj)
    assert obj.status == "approved" and obj.approved_by == approver
    assert not RecordFact.objects.filter(source=rules.FACT_SOURCE, source_id=obj.pk).exists()
    obj = services.commendation_decide(actor=approver, commendation=obj, decision_number="215/QĐ-UBND",
                                       decision_date=datetime.date(2025, 12, 20))
    assert obj.status == "decided"
    facts = list(RecordFact.objects.filter(source=rules.FACT_SOURCE, source_id=obj.pk))
    assert [(f.indicator, f.unit_id, f.day, f.category, int(f.value)) for f in facts] == [
        ("commendation.collective", commune_cantho.pk, datetime.date(2025, 12, 20), "co_thi_dua_tinh", 1)]
    assert audit_actions(obj) == ["commendations.commendation.created", "commendations.commendation.proposed",
                                  "commendations.commendation.approved", "commendations.commendation.decided"]
    decided_event = AuditEvent.objects.get(target_id=str(obj.pk), action="commendations.commendation.decided")
    assert decided_event.changes["decision_number"] == ["", "215/QĐ-UBND"]
    assert decided_event.changes["status"] == ["approved", "decided"]
    assert fold("215/QĐ-UBND") in Commendation.objects.get(pk=obj.pk).search_text


def test_return_with_note_then_resubmit(make_user, draft, commune_cantho):
    officer = make_user(commune_cantho.key, "officer")
    approver = make_user("VN-92", "approver")
    obj = draft(officer, unit=commune_cantho)
    services.commendation_propose(actor=officer, commendation=obj)
    with pytest.raises(ValidationError) as error:
        services.commendation_return(actor=approver, commendation=obj, note="  ")
    assert "Lý do trả lại" in str(error.value)
    assert Commendation.objects.get(pk=obj.pk).status == "proposed"
    obj = services.commendation_return(actor=approver, commendation=obj, note="Bổ sung báo cáo thành tích")
    assert obj.status == "returned" and obj.return_note == "Bổ sung báo cáo thành tích"
    event = AuditEvent.objects.get(target_id=str(obj.pk), action="commendations.commendation.returned")
    assert event.note == "Bổ sung báo cáo thành tích"
    obj = services.commendation_update(actor=officer, commendation=obj, expected_version=obj.version,
                                       reason="Đã bổ sung")
    obj = services.commendation_propose(actor=officer, commendation=obj)
    assert obj.status == "proposed" and obj.return_note == ""


def test_approval_needs_approver_strictly_above(make_user, draft, commune_cantho):
    officer = make_user("VN-92", "officer")
    same_level_approver = make_user("VN-92", "approver")
    other_province_approver = make_user("VN-01", "approver")
    national_approver = make_user("VN", "approver")
    obj = draft(officer)
    services.commendation_propose(actor=officer, commendation=obj)
    for actor in (officer, same_level_approver, other_province_approver):
        with pytest.raises(PermissionDenied) as error:
            services.commendation_approve(actor=actor, commendation=obj)
        assert "cấp trên" in str(error.value)
    assert Commendation.objects.get(pk=obj.pk).status == "proposed"
    assert services.commendation_approve(actor=national_approver, commendation=obj).status == "approved"
    # a commune's proposal is approved by the province
    commune_officer = make_user(commune_cantho.key, "officer")
    other = draft(commune_officer, unit=commune_cantho, recipient_name="Trần Thị Bình")
    services.commendation_propose(actor=commune_officer, commendation=other)
    assert services.commendation_approve(actor=same_level_approver, commendation=other).status == "approved"


def test_invalid_transitions_refused(make_user, draft):
    officer = make_user("VN-92", "officer")
    approver = make_user("VN", "approver")
    obj = draft(officer)
    with pytest.raises(ValidationError):
        services.commendation_approve(actor=approver, commendation=obj)  # not proposed yet
    with pytest.raises(ValidationError):
        services.commendation_decide(actor=approver, commendation=obj, decision_number="1/QĐ",
                                     decision_date=datetime.date(2025, 5, 1))
    assert Commendation.objects.get(pk=obj.pk).status == "draft"


@pytest.mark.parametrize("number,day,field,needle", [
    ("", datetime.date(2025, 5, 1), "decision_number", "Số quyết định"),
    ("12/QĐ", None, "decision_date", "Ngày quyết định"),
    ("12/QĐ", TODAY + datetime.timedelta(days=3), "decision_date", "tương lai"),
    ("12/QĐ", datetime.date(2019, 5, 1), "decision_date", "trước giai đoạn"),
])
def test_decision_bad_input(make_user, draft, number, day, field, needle):
    officer = make_user("VN-92", "officer")
    approver = make_user("VN", "approver")
    obj = draft(officer)
    services.commendation_propose(actor=officer, commendation=obj)
    services.commendation_approve(actor=approver, commendation=obj)
    with pytest.raises(ValidationError) as error:
        services.commendation_decide(actor=approver, commendation=obj, decision_number=number, decision_date=day)
    assert field in error.value.message_dict
    assert needle in " ".join(error.value.message_dict[field])
    fresh = Commendation.objects.get(pk=obj.pk)
    assert fresh.status == "approved" and fresh.decision_number == ""
    assert not RecordFact.objects.filter(source=rules.FACT_SOURCE, source_id=obj.pk).exists()


@pytest.mark.parametrize("fields,field,needle", [
    ({"recipient_name": ""}, "recipient_name", "Họ và tên"),
    ({"recipient_type": "collective", "recipient_name": ""}, "recipient_name", "Tên tập thể"),
    ({"period_start_year": 2022, "period_end_year": 2020}, "period_end_year", "Đến năm"),
    ({"period_start_year": None}, "period_start_year", "Từ năm"),
    ({"period_start_year": 1800}, "period_start_year", "Từ năm"),
    ({"period_start_year": TODAY.year + 1}, "period_start_year", "Từ năm"),
    ({"award_class": "ba"}, "award_class", "không có hạng"),
    ({"link_kind": "dvk_model"}, "link_label", "mô hình"),
])
def test_create_bad_input(make_user, draft, count_rows, fields, field, needle):
    officer = make_user("VN-92", "officer")
    before = count_rows()
    with pytest.raises(ValidationError) as error:
        draft(officer, **fields)
    assert field in error.value.message_dict
    assert needle in " ".join(error.value.message_dict[field])
    assert count_rows() == before
    assert not AuditEvent.objects.filter(action="commendations.commendation.created").exists()


def test_medal_needs_class(make_user, draft, award):
    officer = make_user("VN-92", "officer")
    with pytest.raises(ValidationError) as error:
        draft(officer, form=award("huan_chuong_lao_dong"))
    assert "Hạng" in error.value.message_dict["award_class"][0]
    obj = draft(officer, form=award("huan_chuong_lao_dong"), award_class="ba")
    assert obj.award_display == "Huân chương Lao động hạng Ba"


def test_units_user_cannot_write(make_user, draft, unit, count_rows, commune_cantho):
    hanoi = make_user("VN-01", "officer")
    viewer = make_user("VN-92", "viewer")
    province = make_user("VN-92", "officer")
    before = count_rows()
    for actor in (hanoi, viewer):
        with pytest.raises(ValidationError) as error:
            draft(actor, "VN-92")
        assert "Đơn vị đề nghị" in error.value.message_dict["proposing_unit"][0]
    # a descendant only with explicit on-behalf entry
    with pytest.raises(ValidationError) as error:
        draft(province, unit=commune_cantho)
    assert "Nhập thay" in error.value.message_dict["proposing_unit"][0]
    assert count_rows() == before
    obj = draft(province, unit=commune_cantho, on_behalf=True)
    event = AuditEvent.objects.get(target_id=str(obj.pk), action="commendations.commendation.created")
    assert event.on_behalf is True
    # the province proposes for its commune itself (proposing unit above the commended unit)
    own = draft(province, unit=commune_cantho, proposing_unit=unit("VN-92"), recipient_name="Lê Thị C")
    assert own.proposing_unit.key == "VN-92" and own.unit == commune_cantho
    # proposing unit must be the unit or above it
    with pytest.raises(ValidationError) as error:
        draft(make_user(commune_cantho.key, "officer"), unit=unit("VN-92"), proposing_unit=commune_cantho)
    assert "proposing_unit" in error.value.message_dict


def test_unit_must_exist_in_period(make_user, draft, unit, award):
    admin = make_user(superuser=True)
    with pytest.raises(ValidationError) as error:
        draft(admin, "VN-93", period_start_year=2026)  # Hậu Giang ended on 30/6/2025
    assert "Đơn vị được khen" in error.value.message_dict["unit"][0]
    assert draft(admin, "VN-93", period_start_year=2023).unit.key == "VN-93"


def test_duplicate_warning_needs_confirmation(make_user, draft, decided, unit, award, count_rows):
    officer = make_user("VN-92", "officer")
    first = decided("VN-92", datetime.date(2024, 12, 1), recipient_name="Phạm Văn Dũng", period_start_year=2020,
                    period_end_year=2024)
    before = count_rows()
    with pytest.raises(ValidationError) as error:
        draft(officer, recipient_name="Pham Van Dung", period_start_year=2023)  # same person (folded), overlap
    message = error.value.message_dict["confirm_duplicate"][0]
    assert "Phạm Văn Dũng" in message or "Pham Van Dung" in message
    assert first.decision_number in message and "một lần" in message
    assert count_rows() == before
    # another form, or a period that does not overlap, is no duplicate
    draft(officer, recipient_name="Phạm Văn Dũng", period_start_year=2023, form=award("giay_khen"))
    draft(officer, recipient_name="Phạm Văn Dũng", period_start_year=2025)
    confirmed = draft(officer, recipient_name="Phạm Văn Dũng", period_start_year=2021, confirm_duplicate=True)
    assert confirmed.duplicate_confirmed is True


def test_duplicate_by_linked_achievement(make_user, draft):
    officer = make_user("VN-92", "officer")
    draft(officer, recipient_name="Tổ dân vận khu vực 1", recipient_type="collective", link_kind="dvk_model",
          link_id=41, link_label="Mô hình A", period_start_year=2024)
    with pytest.raises(ValidationError):
        draft(officer, recipient_name="Tổ dân vận khu vực 1", recipient_type="collective", link_kind="dvk_model",
              link_id=41, link_label="Mô hình A", period_start_year=2025)
    other_model = draft(officer, recipient_name="Tổ dân vận khu vực 1", recipient_type="collective",
                        link_kind="dvk_model", link_id=42, link_label="Mô hình B", period_start_year=2024)
    assert other_model.pk


def test_concurrent_edit_refused(make_user, draft):
    officer = make_user("VN-92", "officer")
    obj = draft(officer)
    loaded_version = obj.version
    services.commendation_update(actor=officer, commendation=obj, expected_version=loaded_version,
                                 reason="Lần sửa thứ nhất")
    with pytest.raises(StaleRecordError):
        services.commendation_update(actor=officer, commendation=obj, expected_version=loaded_version,
                                     reason="Lần sửa thứ hai")
    assert Commendation.objects.get(pk=obj.pk).reason == "Lần sửa thứ nhất"
    with pytest.raises(StaleRecordError):
        services.commendation_propose(actor=officer, commendation=obj, expected_version=loaded_version)


def test_update_audited_and_only_when_editable(make_user, draft):
    officer = make_user("VN-92", "officer")
    obj = draft(officer)
    obj = services.commendation_update(actor=officer, commendation=obj, expected_version=obj.version,
                                       recipient_position="Bí thư chi bộ")
    event = AuditEvent.objects.get(target_id=str(obj.pk), action="commendations.commendation.updated")
    assert event.changes["recipient_position"] == ["", "Bí thư chi bộ"]
    services.commendation_propose(actor=officer, commendation=obj)
    with pytest.raises(ValidationError):
        services.commendation_update(actor=officer, commendation=obj, expected_version=None, reason="x")
    with pytest.raises(PermissionDenied):
        services.commendation_update(actor=make_user("VN-01", "officer"), commendation=obj, expected_version=None,
                                     reason="x")


def test_cancel_and_delete(make_user, draft):
    officer = make_user("VN-92", "officer")
    obj = draft(officer)
    services.commendation_propose(actor=officer, commendation=obj)
    with pytest.raises(ValidationError):
        services.commendation_delete(actor=officer, commendation=obj)
    other = draft(officer, recipient_name="Người khác")
    with pytest.raises(PermissionDenied):
        services.commendation_delete(actor=make_user("VN-92", "viewer"), commendation=other)
    services.commendation_cancel(actor=officer, commendation=other)
    assert Commendation.objects.get(pk=other.pk).status == "cancelled"
    pk = other.pk
    services.commendation_delete(actor=officer, commendation=other)
    assert not Commendation.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(target_id=str(pk), action="commendations.commendation.deleted").exists()


def test_submission_key_makes_double_post_one_record(make_user, draft, count_rows):
    officer = make_user("VN-92", "officer")
    first = draft(officer, submission_key="abc123")
    second = draft(officer, submission_key="abc123")
    assert first.pk == second.pk
    assert count_rows() == 1


def test_external_ref_unique_with_message(make_user, draft):
    officer = make_user("VN-92", "officer")
    draft(officer, external_ref="QĐ-2025-1")
    with pytest.raises(ValidationError) as error:
        draft(officer, external_ref="QĐ-2025-1", recipient_name="Người khác")
    assert "Mã tham chiếu" in error.value.message_dict["external_ref"][0]


def test_indicators_and_menu_registered():
    from danvan.core import navigation
    from danvan.reports.catalogue import registered_indicators

    specs = registered_indicators()
    for code in ("commendation.collective", "commendation.individual"):
        assert specs[code].source == "commendations"
        assert set(award_forms.SEED_CODES) == set(specs[code].categories)
    assert "commendations:list" in {item.url_name for item in navigation.items()}


def test_seed_list_matches_migration():
    import importlib

    migration = importlib.import_module("danvan.commendations.migrations.0002_seed_award_forms")
    assert migration.SEED_FORMS == award_forms.SEED_FORMS
