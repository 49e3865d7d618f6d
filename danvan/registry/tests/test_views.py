import datetime

import pytest

from danvan.registry import services
from danvan.registry.models import Criterion, DvkModel, Field

D = datetime.date


@pytest.fixture
def models(new_model, commune_officer, commune_cantho, hanoi_officer, unit, province_officer):
    return {
        "commune": new_model(commune_officer, commune_cantho, name="Đường hoa Ninh Kiều"),
        "province": new_model(province_officer, unit("VN-92"), name="Chuyển đổi số Cần Thơ"),
        "hanoi": new_model(hanoi_officer, unit("VN-01"), name="Mô hình Hà Nội"),
    }


def test_list_scoped_and_searchable_without_diacritics(client_for, models, commune_officer, province_officer):
    page = client_for(commune_officer).get("/mo-hinh/").content.decode()
    assert "Đường hoa Ninh Kiều" in page and "Chuyển đổi số" not in page and "Hà Nội" not in page
    client = client_for(province_officer)
    page = client.get("/mo-hinh/").content.decode()
    assert "Đường hoa Ninh Kiều" in page and "Chuyển đổi số" in page and "Mô hình Hà Nội" not in page
    page = client.get("/mo-hinh/", {"q": "duong hoa ninh kieu"}).content.decode()
    assert "Đường hoa Ninh Kiều" in page and "Chuyển đổi số" not in page
    page = client.get("/mo-hinh/", {"q": "CHUYEN DOI"}).content.decode()
    assert "Chuyển đổi số" in page and "Đường hoa" not in page


def test_list_filters(client_for, models, province_officer, commune_cantho, van_hoa):
    services.update_model(actor=province_officer, model=models["province"], data={"field": van_hoa},
                          expected_version=models["province"].version)
    client = client_for(province_officer)
    page = client.get("/mo-hinh/", {"linh_vuc": "van_hoa_xa_hoi"}).content.decode()
    assert "Chuyển đổi số" in page and "Đường hoa" not in page
    page = client.get("/mo-hinh/", {"don_vi": commune_cantho.key}).content.decode()
    assert "Đường hoa" in page and "Chuyển đổi số" not in page
    page = client.get("/mo-hinh/", {"nam": 2024}).content.decode()
    assert "Đường hoa" not in page
    page = client.get("/mo-hinh/", {"trang_thai": "recognised"}).content.decode()
    assert "Đường hoa" not in page
    for sort in ("ten", "cu", "ngay-dang-ky", "ngay-cong-nhan", "don-vi", "bad"):
        assert client.get("/mo-hinh/", {"sap_xep": sort, "doi_tuong": "tap_the", "cap": "", "khoi": "",
                                        "loai": "mo_hinh"}).status_code == 200
    # A unit filter outside the user's scope is a 404, not an empty list.
    assert client.get("/mo-hinh/", {"don_vi": "VN-01"}).status_code == 404


def test_list_paginates_without_full_count(client_for, new_model, province_officer, unit):
    for i in range(55):
        new_model(province_officer, unit("VN-92"), name=f"Mô hình số {i}")
    client = client_for(province_officer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        first = client.get("/mo-hinh/").content.decode()
    assert "page=2" in first and "dòng 1–50" in first
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)  # no count over the filtered table
    second = client.get("/mo-hinh/", {"page": 2}).content.decode()
    assert "Mô hình số 0<" in second and "page=3" not in second and "dòng 51–55" in second
    assert "1 dòng" in client.get("/mo-hinh/", {"q": "mo hinh so 42"}).content.decode()


def test_detail_scope_and_history(client_for, models, commune_officer, hanoi_officer, make_user, province_approver):
    model = models["commune"]
    assert client_for(hanoi_officer).get(f"/mo-hinh/{model.pk}/").status_code == 404
    page = client_for(commune_officer).get(f"/mo-hinh/{model.pk}/").content.decode()
    assert "Đường hoa Ninh Kiều" in page and "Lịch sử thay đổi" in page
    assert "registry.model.created" not in page and "đã đăng ký mô hình “Đường hoa Ninh Kiều" in page
    assert "Đưa ra bình xét" not in page  # the registrant does not approve
    approver_page = client_for(province_approver).get(f"/mo-hinh/{model.pk}/").content.decode()
    assert "Đưa ra bình xét" in approver_page


def test_viewer_cannot_write(client_for, models, make_user, commune_cantho, kinh_te):
    viewer = make_user(commune_cantho.key, "viewer")
    client = client_for(viewer)
    model = models["commune"]
    assert client.get(f"/mo-hinh/{model.pk}/").status_code == 200
    assert client.get(f"/mo-hinh/{model.pk}/sua/").status_code == 403
    assert client.post(f"/mo-hinh/{model.pk}/dang-ky-nam/", {"year": 2026}).status_code == 403
    response = client.post("/mo-hinh/dang-ky/", {"unit": commune_cantho.key, "year": 2025, "kind": "mo_hinh",
                                                 "subject": "tap_the", "name": "X", "field": kinh_te.pk})
    assert response.status_code == 403 and "không có quyền nhập" in response.content.decode()
    assert client.post(f"/mo-hinh/{model.pk}/nam/2025/binh-xet/").status_code == 403
    assert DvkModel.objects.filter(name="X").count() == 0


def test_out_of_scope_actions_are_404(client_for, models, hanoi_officer):
    client = client_for(hanoi_officer)
    model = models["commune"]
    assert client.get(f"/mo-hinh/{model.pk}/sua/").status_code == 404
    assert client.post(f"/mo-hinh/{model.pk}/nam/2025/tra-lai/", {"note": "x"}).status_code == 404
    assert client.post(f"/mo-hinh/{model.pk}/ngung/", {"reason": "x"}).status_code == 404


def test_commune_officer_cannot_approve(client_for, models, commune_officer):
    model = models["commune"]
    response = client_for(commune_officer).post(f"/mo-hinh/{model.pk}/nam/2025/binh-xet/")
    assert response.status_code == 403
    assert model.years.get().status == "registered"


def test_workflow_errors_shown(client_for, models, province_approver):
    model = models["commune"]
    client = client_for(province_approver)
    client.post(f"/mo-hinh/{model.pk}/nam/2025/binh-xet/")
    page = client.post(f"/mo-hinh/{model.pk}/nam/2025/cong-nhan/", {"level": "province", "decision_date": "2025-11-01"},
                       follow=True).content.decode()
    assert "Số quyết định: bắt buộc khi công nhận." in page
    assert model.years.get().status == "under_assessment"


def test_honour_roll_and_statistics(client_for, recognised_model, province_officer, hanoi_officer):
    recognised_model(name="Điển hình được vinh danh", subject="ca_nhan", person_name="Phạm Văn Mười")
    client = client_for(province_officer)
    page = client.get("/mo-hinh/vinh-danh/", {"don_vi": "VN-92", "nam": 2025}).content.decode()
    assert "Điển hình được vinh danh" in page and "Phạm Văn Mười" in page and "Cấp tỉnh" in page
    assert "Điển hình được vinh danh" not in client.get("/mo-hinh/vinh-danh/", {"don_vi": "VN-92", "nam": 2024}
                                                        ).content.decode()
    stats = client.get("/mo-hinh/thong-ke/", {"don_vi": "VN-92", "nam": 2025}).content.decode()
    assert "Kinh tế" in stats and "cá nhân được công nhận" in stats
    assert client_for(hanoi_officer).get("/mo-hinh/vinh-danh/", {"don_vi": "VN-92", "nam": 2025}).status_code == 404
    home = client.get("/").content.decode()
    assert "Mô hình “Dân vận khéo” được đăng ký" in home


def test_assessment_with_province_criteria(client_for, models, province_approver, province_officer, unit,
                                           commune_officer):
    province = unit("VN-92")
    first = services.add_criterion(actor=province_officer, province=province, name="Hiệu quả", max_score=40)
    passed = services.add_criterion(actor=province_officer, province=province, name="Có minh chứng")
    model = models["commune"]
    dvk_year = model.years.get()
    services.start_assessment(actor=province_approver, dvk_year=dvk_year)
    client = client_for(province_approver)
    page = client.post(f"/mo-hinh/{model.pk}/nam/2025/cham-diem/", {f"score_{first.pk}": "45"},
                       follow=True).content.decode()
    assert "phải từ 0 đến 40" in page
    client.post(f"/mo-hinh/{model.pk}/nam/2025/cham-diem/", {f"score_{first.pk}": "35", f"score_{passed.pk}": "1",
                                                              "comment": "Tốt"})
    assessment = dvk_year.assessments.get()
    assert assessment.total == 36 and assessment.assessor == province_approver
    # The registrant cannot score their own model.
    with pytest.raises(Exception) as error:
        services.record_assessment(actor=commune_officer, dvk_year=dvk_year, scores={str(first.pk): 40})
    assert error.type.__name__ == "PermissionDenied"


def test_criteria_and_fields_page(client_for, province_officer, commune_officer, new_model, commune_cantho):
    client = client_for(province_officer)
    client.post("/mo-hinh/tieu-chi/", {"form": "criterion", "tinh": "VN-92", "name": "Sáng tạo", "max_score": 10})
    assert Criterion.objects.filter(unit__key="VN-92", name="Sáng tạo").exists()
    client.post("/mo-hinh/tieu-chi/", {"form": "field", "tinh": "VN-92", "name": "Môi trường"})
    field = Field.objects.get(name="Môi trường")
    assert field.province.key == "VN-92"
    page = client.post("/mo-hinh/tieu-chi/", {"form": "field", "tinh": "VN-92", "name": "Kinh tế"}).content.decode()
    assert "Tên lĩnh vực: đã có lĩnh vực" in page
    # The commune of the province may use the new field; a Hà Nội unit may not.
    new_model(commune_officer, commune_cantho, name="Môi trường xanh", field=field)
    from danvan.orgunits.models import OrgUnit

    with pytest.raises(Exception) as error:
        services.create_model(actor=province_officer, unit=OrgUnit.objects.get(key="VN-01"), year=2025,
                              data={"name": "Sai", "field": field})
    assert error.type.__name__ == "PermissionDenied"
    commune_client = client_for(commune_officer)
    assert "Sáng tạo" in commune_client.get("/mo-hinh/tieu-chi/").content.decode()
    assert commune_client.post("/mo-hinh/tieu-chi/", {"form": "field", "tinh": "VN-92",
                                                      "name": "Khác"}).status_code == 403
    assert not Field.objects.filter(name="Khác").exists()


def test_demo_data_idempotent(db):
    from danvan.core.demo import load_accounts
    from danvan.registry.demo import load_demo_data

    load_accounts()
    load_demo_data()
    count = DvkModel.objects.count()
    assert count >= 10
    load_demo_data()
    assert DvkModel.objects.count() == count
    assert DvkModel.objects.filter(years__status="recognised").exists()


def test_criteria_page_lists_provinces_for_national_users(client_for, make_user):
    page = client_for(make_user("VN", "viewer")).get("/mo-hinh/tieu-chi/").content.decode()
    assert "?tinh=VN-92" in page and "Cần Thơ" in page
    assert client_for(make_user("VN-01", "viewer")).get("/mo-hinh/tieu-chi/", {"tinh": "VN-92"}).status_code == 404


def test_refused_recognition_keeps_what_was_typed_and_success_says_what_happened(
        client_for, models, province_approver):
    model = models["commune"]
    client = client_for(province_approver)
    client.post(f"/mo-hinh/{model.pk}/nam/2025/binh-xet/")
    page = client.post(f"/mo-hinh/{model.pk}/nam/2025/cong-nhan/", {
        "level": "province", "recognising_body": "Ban Thường vụ Thành ủy Cần Thơ", "decision_date": "2025-11-01"},
        follow=True).content.decode()
    assert "Số quyết định: bắt buộc khi công nhận." in page
    # The form is open again with the typed values in it.
    assert 'value="Ban Thường vụ Thành ủy Cần Thơ"' in page
    assert '<details class="action" open><summary>Công nhận…' in page
    version = model.years.get().version
    page = client.post(f"/mo-hinh/{model.pk}/nam/2025/cong-nhan/", {
        "level": "province", "recognising_body": "Ban Thường vụ Thành ủy Cần Thơ", "decision_number": "1250-QĐ/TU",
        "decision_date": "2025-11-01", "version": version}, follow=True).content.decode()
    assert f"Đã công nhận mô hình “{model.name}” năm 2025 theo Quyết định số 1250-QĐ/TU ngày 01/11/2025." in page
    # The values are not kept once the action succeeded.
    assert 'value="Ban Thường vụ Thành ủy Cần Thơ"' not in client.get(model.get_absolute_url()).content.decode()


def test_discontinue_asks_for_confirmation_without_javascript(client_for, models, province_approver):
    model = models["commune"]
    client = client_for(province_approver)
    page = client.get(model.get_absolute_url()).content.decode()
    assert "<summary>Ngừng thực hiện…</summary>" in page and 'name="confirm_message"' in page
    first = client.post(f"/mo-hinh/{model.pk}/ngung/", {"reason": "Hết kinh phí", "confirmed": "0",
                                                        "confirm_message": "Ghi nhận mô hình ngừng thực hiện?"})
    assert first.status_code == 200 and "Ghi nhận mô hình ngừng thực hiện?" in first.content.decode()
    assert 'name="confirmed" value="1"' in first.content.decode() and 'value="Hết kinh phí"' in first.content.decode()
    model.refresh_from_db()
    assert not model.is_discontinued
    second = client.post(f"/mo-hinh/{model.pk}/ngung/", {"reason": "Hết kinh phí", "confirmed": "1",
                                                         "confirm_message": "Ghi nhận mô hình ngừng thực hiện?"})
    assert second.status_code == 302
    model.refresh_from_db()
    assert model.is_discontinued
