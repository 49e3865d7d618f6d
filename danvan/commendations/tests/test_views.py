import datetime

import pytest

from danvan.commendations import services
from danvan.commendations.models import Commendation
from danvan.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {"unit_key": "VN-92", "proposing_unit_key": "", "recipient_type": "individual",
            "recipient_name": "Nguyễn Văn Bảy", "recipient_position": "Trưởng khu vực", "recipient_unit_text": "",
            "recipient_unit_key": "", "award_class": "", "issuing_authority": "", "reason": "Vận động hiến đất",
            "period_start_year": "2025", "period_end_year": "", "link_kind": "", "link_id": "", "link_label": "",
            "external_ref": "", "submission_key": "k-1", "version": ""}
    data.update(overrides)
    return data


@pytest.fixture
def form_id(award):
    return award("bang_khen_tinh").pk


def test_list_is_scoped_and_searchable(make_user, client_for, draft, superuser):
    mine = draft(superuser, "VN-92", recipient_name="Đặng Thị Mười")
    theirs = draft(superuser, "VN-01", recipient_name="Hồ Văn Mười Một")
    officer = make_user("VN-92", "officer")
    client = client_for(officer)
    page = client.get("/khen-thuong/").content.decode()
    assert "Đặng Thị Mười" in page and "Hồ Văn Mười Một" not in page
    assert "Đặng Thị Mười" in client.get("/khen-thuong/?q=dang+thi+muoi").content.decode()
    assert "Đặng Thị Mười" not in client.get("/khen-thuong/?q=nguyen").content.decode()
    assert client.get(f"/khen-thuong/{mine.pk}/").status_code == 200
    assert client.get(f"/khen-thuong/{theirs.pk}/").status_code == 404
    assert client.get("/khen-thuong/?don_vi=VN-01").status_code == 404
    filtered = client.get("/khen-thuong/?trang_thai=decided").content.decode()
    assert "Đặng Thị Mười" not in filtered


def test_detail_shows_history(make_user, client_for, draft):
    officer = make_user("VN-92", "officer")
    obj = draft(officer, recipient_name="Lý Thị Tám")
    page = client_for(officer).get(f"/khen-thuong/{obj.pk}/").content.decode()
    assert "commendations.commendation.created" not in page and " đã tạo " in page
    assert "Gửi đề nghị lên cấp trên" in page


def test_create_via_form_and_double_post(make_user, client_for, form_id):
    officer = make_user("VN-92", "officer")
    client = client_for(officer)
    assert client.get("/khen-thuong/them/").status_code == 200
    response = client.post("/khen-thuong/them/", form_data(form=form_id))
    assert response.status_code == 302
    client.post("/khen-thuong/them/", form_data(form=form_id))
    assert Commendation.objects.filter(recipient_name="Nguyễn Văn Bảy").count() == 1


@pytest.mark.parametrize("overrides,needle", [
    ({"unit_key": "VN-00-KHONG"}, "Không có đơn vị với mã"),
    ({"unit_key": "VN-01"}, "không có quyền"),
    ({"recipient_name": ""}, "Họ và tên"),
    ({"period_start_year": "2024", "period_end_year": "2020"}, "Đến năm"),
])
def test_create_bad_input_shows_vietnamese_errors(make_user, client_for, form_id, overrides, needle):
    officer = make_user("VN-92", "officer")
    response = client_for(officer).post("/khen-thuong/them/", form_data(form=form_id, **overrides))
    assert response.status_code == 200
    assert needle in response.content.decode()
    assert Commendation.objects.count() == 0


def test_viewer_cannot_write(make_user, client_for, draft, form_id, superuser):
    viewer = make_user("VN-92", "viewer")
    obj = draft(superuser, "VN-92")
    client = client_for(viewer)
    response = client.post("/khen-thuong/them/", form_data(form=form_id))
    assert response.status_code == 403 and Commendation.objects.count() == 1
    assert client.get(f"/khen-thuong/{obj.pk}/sua/").status_code == 403
    client.post(f"/khen-thuong/{obj.pk}/de-nghi/", {"version": obj.version})
    assert Commendation.objects.get(pk=obj.pk).status == "draft"
    assert client.post(f"/khen-thuong/{obj.pk}/xoa/").status_code == 403
    assert Commendation.objects.filter(pk=obj.pk).exists()


def test_other_province_gets_404_on_every_record_view(make_user, client_for, draft, superuser):
    obj = draft(superuser, "VN-92")
    client = client_for(make_user("VN-01", "approver"))
    for suffix in ("", "sua/"):
        assert client.get(f"/khen-thuong/{obj.pk}/{suffix}").status_code == 404
    for suffix in ("de-nghi/", "duyet/", "tra-lai/", "quyet-dinh/", "huy/", "xoa/"):
        assert client.post(f"/khen-thuong/{obj.pk}/{suffix}").status_code == 404
    assert Commendation.objects.get(pk=obj.pk).status == "draft"


def test_workflow_through_views(make_user, client_for, draft, commune_cantho):
    commune_officer = make_user(commune_cantho.key, "officer")
    approver = make_user("VN-92", "approver")
    obj = draft(commune_officer, unit=commune_cantho)
    c = client_for(commune_officer)
    c.post(f"/khen-thuong/{obj.pk}/de-nghi/", {"version": obj.version})
    assert Commendation.objects.get(pk=obj.pk).status == "proposed"
    # the commune cannot approve its own proposal, and it is not waiting for the commune
    assert "Nguyễn Văn An" not in c.get("/khen-thuong/?cho_duyet=1").content.decode()
    c.post(f"/khen-thuong/{obj.pk}/duyet/")
    assert Commendation.objects.get(pk=obj.pk).status == "proposed"
    a = client_for(approver)  # the same test client, now signed in as the approver
    assert "Nguyễn Văn An" in a.get("/khen-thuong/?cho_duyet=1").content.decode()
    a.post(f"/khen-thuong/{obj.pk}/duyet/")
    assert Commendation.objects.get(pk=obj.pk).status == "approved"
    response = a.post(f"/khen-thuong/{obj.pk}/quyet-dinh/", {"decision_number": "", "decision_date": "2025-12-01"},
                      follow=True)
    assert "Số quyết định" in response.content.decode()
    assert Commendation.objects.get(pk=obj.pk).status == "approved"
    a.post(f"/khen-thuong/{obj.pk}/quyet-dinh/", {"decision_number": "99/QĐ-UBND", "decision_date": "2025-12-01"})
    fresh = Commendation.objects.get(pk=obj.pk)
    assert fresh.status == "decided" and fresh.decision_date == datetime.date(2025, 12, 1)


def test_edit_with_stale_version_refused(make_user, client_for, draft, form_id):
    officer = make_user("VN-92", "officer")
    obj = draft(officer)
    client = client_for(officer)
    assert client.get(f"/khen-thuong/{obj.pk}/sua/").status_code == 200
    stale = obj.version
    services.commendation_update(actor=officer, commendation=obj, expected_version=stale, reason="Người khác sửa")
    response = client.post(f"/khen-thuong/{obj.pk}/sua/", form_data(form=form_id, version=str(stale),
                                                                      reason="Tôi sửa"))
    assert response.status_code == 200 and "vừa được người khác sửa" in response.content.decode()
    assert Commendation.objects.get(pk=obj.pk).reason == "Người khác sửa"
    fresh = Commendation.objects.get(pk=obj.pk)
    response = client.post(f"/khen-thuong/{obj.pk}/sua/", form_data(form=form_id, version=str(fresh.version),
                                                                      reason="Tôi sửa"))
    assert response.status_code == 302
    assert Commendation.objects.get(pk=obj.pk).reason == "Tôi sửa"


def test_exports_are_scoped(make_user, client_for, decided):
    decided("VN-92", datetime.date(2025, 3, 1), recipient_name="Người Cần Thơ")
    decided("VN-01", datetime.date(2025, 3, 1), recipient_name="Người Hà Nội")
    client = client_for(make_user("VN-92", "viewer"))
    response = client.get("/khen-thuong/xuat.csv?nam=2025")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Người Cần Thơ" in body and "Người Hà Nội" not in body
    assert body.splitlines()[0].startswith("id,external_ref,status,unit_key")
    xlsx = client.get("/khen-thuong/xuat.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_import_view(make_user, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = make_user("VN-92", "officer")
    client = client_for(officer)
    assert client.get("/khen-thuong/nhap/").status_code == 200
    good = ("external_ref,unit_key,recipient_type,recipient_name,form,period_start_year,decision_number,decision_date\n"
            "v-1,VN-92,cá nhân,Võ Thị Sáu,giay_khen,2025,7/QĐ,01/12/2025\n").encode()
    response = client.post("/khen-thuong/nhap/", {"file": SimpleUploadedFile("a.csv", good)})
    assert response.status_code == 302 and Commendation.objects.filter(external_ref="v-1").exists()
    bad = good.replace(b"v-1,VN-92", b"v-2,VN-01")
    response = client.post("/khen-thuong/nhap/", {"file": SimpleUploadedFile("b.csv", bad)})
    assert "Dòng 2" in response.content.decode() and not Commendation.objects.filter(external_ref="v-2").exists()


def test_stats_page(make_user, client_for, decided):
    decided("VN-92", datetime.date(2025, 3, 1), recipient_type="collective")
    client = client_for(make_user("VN-92", "viewer"))
    page = client.get("/khen-thuong/thong-ke/?nam=2025").content.decode()
    assert "tập thể được khen thưởng" in page and "Bằng khen của Ủy ban nhân dân tỉnh" in page
    assert client.get("/khen-thuong/thong-ke/?don_vi=VN-01&nam=2025").status_code == 404


def test_home_panel(make_user, client_for, decided):
    decided("VN-92", datetime.date(2025, 3, 1))
    page = client_for(make_user("VN-92", "approver")).get("/").content.decode()
    assert "Tập thể được khen thưởng" in page


def test_audit_written_for_view_actions(make_user, client_for, draft):
    officer = make_user("VN-92", "officer")
    obj = draft(officer)
    client_for(officer).post(f"/khen-thuong/{obj.pk}/huy/", {"version": obj.version})
    assert AuditEvent.objects.filter(target_id=str(obj.pk), action="commendations.commendation.cancelled").exists()
