import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core.audit import history_for
from danvan.core.concurrency import StaleRecordError
from danvan.core.models import AuditEvent
from danvan.registry import selectors, services
from danvan.registry.models import DvkModel, DvkYear
from danvan.reports.models import RecordFact

D = datetime.date


def facts_of(model):
    return sorted(RecordFact.objects.filter(source="registry.model", source_id=model.pk)
                  .values_list("indicator", "day", "category", "sector"))


def test_done_when_commune_registers_province_recognises(
        client_for, commune_officer, province_approver, commune_cantho, kinh_te, unit):
    # The commune officer registers through the UI.
    client = client_for(commune_officer)
    response = client.post("/mo-hinh/dang-ky/", {
        "unit": commune_cantho.key, "year": 2025, "kind": "mo_hinh", "subject": "tap_the",
        "name": "Tổ tự quản “Dân vận khéo” khu vực 5", "field": kinh_te.pk, "register": "on",
        "registered_on": "2025-08-01", "submission_key": str(uuid.uuid4()), "situation": "Lý do",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    model = DvkModel.objects.get(name="Tổ tự quản “Dân vận khéo” khu vực 5")
    dvk_year = model.years.get()
    assert dvk_year.status == DvkYear.Status.REGISTERED and dvk_year.registered_on == D(2025, 8, 1)
    # The provincial approver puts it to assessment and recognises it through the UI.
    client = client_for(province_approver)
    assert client.post(f"/mo-hinh/{model.pk}/nam/2025/binh-xet/", {"version": dvk_year.version}).status_code == 302
    dvk_year.refresh_from_db()
    assert dvk_year.status == DvkYear.Status.UNDER_ASSESSMENT
    response = client.post(f"/mo-hinh/{model.pk}/nam/2025/cong-nhan/", {
        "level": "province", "recognising_body": "Ban Thường vụ Thành ủy Cần Thơ", "decision_number": "1250-QĐ/TU",
        "decision_date": "2025-12-10", "version": dvk_year.version})
    assert response.status_code == 302
    dvk_year.refresh_from_db()
    assert dvk_year.status == DvkYear.Status.RECOGNISED
    assert dvk_year.recognised_on == D(2025, 12, 10) and dvk_year.recognised_year == 2025
    # Counts (commune, province, nation), honour roll and exports.
    for key in (commune_cantho.key, "VN-92", "VN"):
        figures = selectors.counts(unit=unit(key), year=2025)
        assert figures["registered"] == 1 and figures["recognised"] == 1
        assert figures["recognised_collective"] == 1 and figures["recognised_by_level"] == {"province": 1}
    assert selectors.counts(unit=unit("VN-01"), year=2025)["registered"] == 0
    page = client.get("/mo-hinh/vinh-danh/", {"don_vi": "VN-92", "nam": 2025}).content.decode()
    assert "Tổ tự quản “Dân vận khéo” khu vực 5" in page and "1250-QĐ/TU" in page
    csv = b"".join(client.get("/mo-hinh/xuat.csv", {"nam": 2025}).streaming_content).decode("utf-8-sig")
    assert "Tổ tự quản “Dân vận khéo” khu vực 5" in csv and "1250-QĐ/TU" in csv
    # Facts for the reporting engine.
    assert facts_of(model) == [("dvk.recognised.by_level", D(2025, 12, 10), "province", ""),
                               ("dvk.recognised.collective", D(2025, 12, 10), "kinh_te", ""),
                               ("dvk.registered", D(2025, 8, 1), "kinh_te", "")]
    # Audit trail.
    actions = set(AuditEvent.objects.filter(target_type="registry.dvkyear", target_id=str(dvk_year.pk))
                  .values_list("action", flat=True))
    assert {"registry.year.registered", "registry.year.assessment_started", "registry.year.recognised"} <= actions
    assert history_for(model).filter(action="registry.model.created").exists()


def test_draft_not_counted_until_registered(new_model, commune_officer, commune_cantho, unit):
    model = new_model(commune_officer, commune_cantho, register=False, year=2026)
    assert selectors.counts(unit=unit("VN-92"), year=2026)["registered"] == 0
    assert facts_of(model) == []
    services.submit(actor=commune_officer, dvk_year=model.years.get(), registered_on=D(2026, 2, 1))
    assert selectors.counts(unit=unit("VN-92"), year=2026)["registered"] == 1
    assert [f[0] for f in facts_of(model)] == ["dvk.registered"]


def test_return_goes_back_to_registrant_with_note(new_model, commune_officer, commune_cantho, province_approver):
    model = new_model(commune_officer, commune_cantho)
    dvk_year = model.years.get()
    with pytest.raises(ValidationError) as error:
        services.return_for_changes(actor=province_approver, dvk_year=dvk_year, note="  ")
    assert "Nội dung cần bổ sung" in str(error.value)
    services.return_for_changes(actor=province_approver, dvk_year=dvk_year, note="Bổ sung minh chứng")
    dvk_year.refresh_from_db()
    assert dvk_year.status == "returned" and dvk_year.returned_note == "Bổ sung minh chứng"
    assert AuditEvent.objects.filter(action="registry.year.returned", note="Bổ sung minh chứng").exists()
    services.submit(actor=commune_officer, dvk_year=dvk_year)
    dvk_year.refresh_from_db()
    assert dvk_year.status == "registered"


def test_not_recognised_needs_reason(new_model, commune_officer, commune_cantho, province_approver):
    dvk_year = new_model(commune_officer, commune_cantho).years.get()
    services.start_assessment(actor=province_approver, dvk_year=dvk_year)
    with pytest.raises(ValidationError) as error:
        services.not_recognise(actor=province_approver, dvk_year=dvk_year, reason="")
    assert "Lý do không công nhận" in str(error.value)
    services.not_recognise(actor=province_approver, dvk_year=dvk_year, reason="Chưa đo đếm được")
    dvk_year.refresh_from_db()
    assert dvk_year.status == "not_recognised"


def test_yearly_reassessment_keeps_one_model(recognised_model, commune_officer, province_approver, unit):
    model = recognised_model()
    services.register_year(actor=commune_officer, model=model, year=2026, registered_on=D(2026, 2, 1))
    assert DvkModel.objects.filter(name=model.name).count() == 1
    assert list(model.years.order_by("year").values_list("year", "status")) == [(2025, "recognised"),
                                                                                (2026, "registered")]
    with pytest.raises(ValidationError) as error:
        services.register_year(actor=commune_officer, model=model, year=2026, registered_on=D(2026, 3, 1))
    assert "Năm đăng ký" in str(error.value)
    assert selectors.counts(unit=unit("VN-92"), year=2026)["registered"] == 1
    assert selectors.cumulative(unit=unit("VN-92"), first_year=2025, last_year=2026,
                                distinct_models=True)["registered_models"] == 1


def test_honour_replicate_discontinue(recognised_model, new_model, commune_officer, commune_cantho,
                                      province_approver, unit):
    original = recognised_model()
    dvk_year = original.years.get()
    services.honour(actor=province_approver, dvk_year=dvk_year, level="province", event="Hội nghị biểu dương 2025",
                    honoured_on=D(2025, 12, 20))
    dvk_year.refresh_from_db()
    assert dvk_year.status == "honoured"
    assert selectors.counts(unit=unit("VN-92"), year=2025)["recognised"] == 1  # honoured still counts once
    copy = new_model(commune_officer, commune_cantho, name="Bản nhân rộng", year=2026, registered_on=D(2026, 1, 5))
    services.mark_replicated(actor=commune_officer, original=original, copy=copy)
    assert list(original.replications.all()) == [copy]
    not_recognised = new_model(commune_officer, commune_cantho, name="Chưa công nhận")
    with pytest.raises(ValidationError) as error:
        services.mark_replicated(actor=commune_officer, original=not_recognised, copy=copy)
    assert "Nhân rộng từ mô hình" in str(error.value)
    services.discontinue(actor=commune_officer, model=copy, on=D(2026, 6, 1), reason="Hết nguồn lực",
                         expected_version=copy.version)
    with pytest.raises(ValidationError):
        services.register_year(actor=commune_officer, model=copy, year=2027, registered_on=D(2026, 6, 2))


def test_invalid_transition_refused(new_model, commune_officer, commune_cantho, province_approver):
    dvk_year = new_model(commune_officer, commune_cantho).years.get()
    with pytest.raises(ValidationError) as error:
        services.recognise(actor=province_approver, dvk_year=dvk_year, level="province", decision_number="1",
                           decision_date=D(2025, 5, 1))
    assert "Không thể chuyển" in str(error.value)
    dvk_year.refresh_from_db()
    assert dvk_year.status == "registered"


# --- bad input ---------------------------------------------------------------------------------------------

def test_unit_user_cannot_write(new_model, commune_officer, hanoi_officer, commune_cantho, unit):
    with pytest.raises(PermissionDenied) as error:
        new_model(hanoi_officer, commune_cantho)
    assert "Đơn vị đăng ký" in str(error.value)
    # A province officer may write a commune only explicitly on behalf.
    with pytest.raises(PermissionDenied):
        new_model(commune_officer, unit("VN-92"))
    assert DvkModel.objects.count() == 0


def test_on_behalf_entry_is_logged(new_model, province_officer, commune_cantho):
    with pytest.raises(PermissionDenied):
        new_model(province_officer, commune_cantho)
    model = new_model(province_officer, commune_cantho, on_behalf=True)
    assert AuditEvent.objects.get(action="registry.model.created", target_id=str(model.pk)).on_behalf is True


def test_unit_not_existing_that_year(new_model, admin_user, unit):
    legacy = unit("VN-93")  # Hậu Giang ended on 30/6/2025
    with pytest.raises(ValidationError) as error:
        new_model(admin_user, legacy, year=2026, registered_on=D(2026, 1, 10))
    assert "không tồn tại trong năm 2026" in str(error.value)


def test_individual_without_name(new_model, commune_officer, commune_cantho):
    with pytest.raises(ValidationError) as error:
        new_model(commune_officer, commune_cantho, subject="ca_nhan", person_name="")
    assert error.value.message_dict["person_name"] == ["Họ và tên cá nhân: bắt buộc với điển hình cá nhân."]
    assert DvkModel.objects.count() == 0


def test_registration_date_outside_year(new_model, commune_officer, commune_cantho):
    with pytest.raises(ValidationError) as error:
        new_model(commune_officer, commune_cantho, year=2025, registered_on=D(2024, 12, 31))
    assert "Ngày đăng ký phải thuộc năm 2025" in error.value.message_dict["registered_on"][0]


def test_duplicate_name_unit_year(new_model, commune_officer, commune_cantho):
    new_model(commune_officer, commune_cantho, name="Mô hình A")
    with pytest.raises(ValidationError) as error:
        new_model(commune_officer, commune_cantho, name="mô hình a")
    assert "đã đăng ký mô hình" in error.value.message_dict["name"][0]
    new_model(commune_officer, commune_cantho, name="Mô hình A", year=2026, registered_on=D(2026, 1, 2))


def test_recognition_needs_decision_and_date_after_registration(
        new_model, commune_officer, commune_cantho, province_approver):
    dvk_year = new_model(commune_officer, commune_cantho, registered_on=D(2025, 6, 1)).years.get()
    services.start_assessment(actor=province_approver, dvk_year=dvk_year)
    with pytest.raises(ValidationError) as error:
        services.recognise(actor=province_approver, dvk_year=dvk_year, level="province", decision_number="",
                           decision_date=D(2025, 10, 1))
    assert error.value.message_dict["decision_number"] == ["Số quyết định: bắt buộc khi công nhận."]
    with pytest.raises(ValidationError) as error:
        services.recognise(actor=province_approver, dvk_year=dvk_year, level="province", decision_number="5-QĐ/TU",
                           decision_date=D(2025, 5, 31))
    assert "không được trước ngày đăng ký" in error.value.message_dict["decision_date"][0]
    with pytest.raises(ValidationError) as error:
        services.recognise(actor=province_approver, dvk_year=dvk_year, level="province", decision_number="5-QĐ/TU",
                           decision_date=None)
    assert "Ngày quyết định" in error.value.message_dict["decision_date"][0]
    dvk_year.refresh_from_db()
    assert dvk_year.status == "under_assessment" and dvk_year.recognised_on is None


def test_only_approver_at_recognising_level(new_model, commune_officer, commune_cantho, province_approver,
                                            make_user):
    dvk_year = new_model(commune_officer, commune_cantho).years.get()
    services.start_assessment(actor=province_approver, dvk_year=dvk_year)
    kwargs = {"dvk_year": dvk_year, "decision_number": "7-QĐ", "decision_date": D(2025, 10, 1)}
    # A provincial approver cannot recognise at commune or central level.
    for level in ("commune", "central"):
        with pytest.raises(PermissionDenied) as error:
            services.recognise(actor=province_approver, level=level, **kwargs)
        assert "Cấp công nhận" in str(error.value)
    # An officer (not approver), an approver of another province, a central approver at province level: refused.
    for user in (make_user("VN-92", "officer"), make_user("VN-01", "approver"), make_user("VN", "approver")):
        with pytest.raises(PermissionDenied):
            services.recognise(actor=user, level="province", **kwargs)
    # The commune's own approver recognises at commune level.
    commune_approver = make_user(commune_cantho.key, "approver")
    services.recognise(actor=commune_approver, level="commune", **kwargs)
    dvk_year.refresh_from_db()
    assert dvk_year.recognition_level == "commune"


def test_double_submission_returns_same_record(new_model, commune_officer, commune_cantho, kinh_te):
    key = uuid.uuid4()
    data = {"name": "Gửi hai lần", "field": kinh_te, "subject": "tap_the"}
    first = services.create_model(actor=commune_officer, unit=commune_cantho, year=2025, data=data,
                                  register=True, registered_on=D(2025, 3, 1), submission_key=key)
    second = services.create_model(actor=commune_officer, unit=commune_cantho, year=2025, data=data,
                                   register=True, registered_on=D(2025, 3, 1), submission_key=key)
    assert first.pk == second.pk and DvkModel.objects.count() == 1 and DvkYear.objects.count() == 1


def test_double_click_on_form_returns_same_record(client_for, commune_officer, commune_cantho, kinh_te):
    client = client_for(commune_officer)
    payload = {"unit": commune_cantho.key, "year": 2025, "kind": "mo_hinh", "subject": "tap_the", "name": "Bấm hai lần",
               "field": kinh_te.pk, "register": "on", "registered_on": "2025-04-01",
               "submission_key": str(uuid.uuid4())}
    first = client.post("/mo-hinh/dang-ky/", payload)
    second = client.post("/mo-hinh/dang-ky/", payload)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert DvkModel.objects.filter(name="Bấm hai lần").count() == 1


def test_form_shows_vietnamese_errors_naming_field(client_for, commune_officer, commune_cantho, kinh_te):
    client = client_for(commune_officer)
    base = {"unit": commune_cantho.key, "year": 2025, "kind": "ca_nhan", "subject": "ca_nhan", "name": "Điển hình",
            "field": kinh_te.pk, "register": "on", "registered_on": "2025-04-01"}
    page = client.post("/mo-hinh/dang-ky/", {**base, "kind": "dien_hinh"}).content.decode()
    assert "Họ và tên cá nhân: bắt buộc với điển hình cá nhân." in page
    page = client.post("/mo-hinh/dang-ky/", {**base, "unit": "VN-99-XYZ", "subject": "tap_the",
                                            "kind": "mo_hinh"}).content.decode()
    assert "Không có đơn vị với mã “VN-99-XYZ”." in page
    page = client.post("/mo-hinh/dang-ky/", {**base, "unit": "VN-01", "subject": "tap_the",
                                            "kind": "mo_hinh"}).content.decode()
    assert "Đơn vị đăng ký: bạn không có quyền nhập dữ liệu cho đơn vị" in page
    assert DvkModel.objects.count() == 0


def test_concurrent_edit_refused(new_model, commune_officer, commune_cantho, client_for, kinh_te):
    model = new_model(commune_officer, commune_cantho, name="Bản gốc")
    loaded = model.version
    services.update_model(actor=commune_officer, model=DvkModel.objects.get(pk=model.pk),
                          data={"name": "Người thứ nhất sửa"}, expected_version=loaded)
    with pytest.raises(StaleRecordError):
        services.update_model(actor=commune_officer, model=DvkModel.objects.get(pk=model.pk),
                              data={"name": "Người thứ hai sửa"}, expected_version=loaded)
    assert DvkModel.objects.get(pk=model.pk).name == "Người thứ nhất sửa"
    # Through the form: the hidden version makes the second save fail with a clear message.
    client = client_for(commune_officer)
    page = client.post(f"/mo-hinh/{model.pk}/sua/", {
        "kind": "mo_hinh", "subject": "tap_the", "name": "Người thứ ba", "field": kinh_te.pk, "version": loaded,
    }).content.decode()
    assert "vừa được người khác sửa" in page
    assert DvkModel.objects.get(pk=model.pk).name == "Người thứ nhất sửa"


def test_stale_workflow_step_refused(new_model, commune_officer, commune_cantho, province_approver):
    dvk_year = new_model(commune_officer, commune_cantho).years.get()
    old_version = dvk_year.version
    services.start_assessment(actor=province_approver, dvk_year=dvk_year, expected_version=old_version)
    with pytest.raises(StaleRecordError):
        services.not_recognise(actor=province_approver, dvk_year=dvk_year, reason="x", expected_version=old_version)


def test_edit_updates_search_and_facts(new_model, commune_officer, commune_cantho, van_hoa, admin_user):
    model = new_model(commune_officer, commune_cantho, name="Tên cũ")
    services.update_model(actor=commune_officer, model=model, data={"name": "Đường hoa Ninh Kiều", "field": van_hoa},
                          expected_version=model.version)
    assert "duong hoa ninh kieu" in DvkModel.objects.get(pk=model.pk).search_text
    assert facts_of(model)[0][2] == "van_hoa_xa_hoi"
    assert model.years.get().field == van_hoa
    event = AuditEvent.objects.get(action="registry.model.updated", target_id=str(model.pk))
    assert event.changes["name"] == ["Tên cũ", "Đường hoa Ninh Kiều"]


def test_recognised_once_per_reporting_year(new_model, commune_officer, commune_cantho, province_approver):
    model = new_model(commune_officer, commune_cantho, year=2025, registered_on=D(2025, 12, 1))
    first = model.years.get()
    services.start_assessment(actor=province_approver, dvk_year=first)
    # The 2025 registration is recognised in January 2026 (reporting year 2026)...
    services.recognise(actor=province_approver, dvk_year=first, level="province", decision_number="1-QĐ/TU",
                       decision_date=D(2026, 1, 10))
    second = services.register_year(actor=commune_officer, model=model, year=2026, registered_on=D(2026, 1, 15))
    services.start_assessment(actor=province_approver, dvk_year=second)
    # ...so a second recognition dated in 2026 would count the model twice in 2026: refused.
    with pytest.raises(ValidationError) as error:
        services.recognise(actor=province_approver, dvk_year=second, level="province", decision_number="2-QĐ/TU",
                           decision_date=D(2026, 3, 1))
    assert "mỗi năm chỉ công nhận một lần" in error.value.message_dict["recognised_on"][0]
    assert model.years.filter(recognised_year=2026).count() == 1


def test_collective_unit_must_be_related(client_for, province_officer, commune_cantho, kinh_te, unit):
    client = client_for(province_officer)
    base = {"unit": "VN-92", "year": 2025, "kind": "mo_hinh", "subject": "tap_the", "field": kinh_te.pk,
            "register": "on", "registered_on": "2025-04-01"}
    page = client.post("/mo-hinh/dang-ky/", {**base, "name": "Tập thể Hà Nội", "collective_unit": "VN-01"}
                       ).content.decode()
    assert "Tập thể là đơn vị: “Thành phố Hà Nội” không thuộc đơn vị đăng ký" in page
    page = client.post("/mo-hinh/dang-ky/", {**base, "name": "Không có", "collective_unit": "VN-XX"}).content.decode()
    assert "Không có đơn vị với mã “VN-XX”." in page
    assert DvkModel.objects.count() == 0
    response = client.post("/mo-hinh/dang-ky/", {**base, "name": "Tập thể phường",
                                                 "collective_unit": commune_cantho.key})
    assert response.status_code == 302
    model = DvkModel.objects.get()
    assert model.collective_unit == commune_cantho and model.holder == commune_cantho.name
