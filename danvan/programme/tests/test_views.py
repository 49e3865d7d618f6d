"""The pages: a unit drafts, approves and tracks its programme by picking units and records by name."""

import datetime

import pytest

from danvan.programme import services
from danvan.programme.models import Programme, ProgrammeItem

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_whole_job_through_the_pages(make_user, login, unit, commune_cantho, fixed_today):
    from danvan.activities.models import Document

    fixed_today(D(2026, 11, 25))
    officer = login(make_user("VN-92", "officer"))
    assert officer.get("/chuong-trinh/").status_code == 200
    form = officer.get("/chuong-trinh/them/").content.decode()
    assert "Thành phố Cần Thơ (VN-92)" in form and 'value="2027"' in form  # in November: next year's programme
    # the unit is picked by its name (no key typed)
    response = officer.post("/chuong-trinh/them/", {"unit": "Thành phố Cần Thơ", "year": "2026",
                                                    "theme": "Năm dân vận khéo"})
    programme = Programme.objects.get(unit=unit("VN-92"), year=2026)
    assert response.status_code == 302 and response.url == f"/chuong-trinh/{programme.pk}/"
    # an item whose owner unit is typed as a few letters without diacritics
    response = officer.post(f"/chuong-trinh/{programme.pk}/them-nhiem-vu/", {
        "kind": "project", "title": "Đề án dân vận chính quyền", "assigned_by": "cap_uy",
        "owner_unit": "phuong ninh kieu", "cooperating_units": "thanh pho can tho", "deadline": "30/11/2026",
        "expected_output": "Đề án"})
    assert response.status_code == 302, response.content.decode()[:2000]
    item = programme.items.get()
    assert item.owner_unit == commune_cantho and item.deadline == D(2026, 11, 30)
    assert list(item.cooperating_units.all()) == [unit("VN-92")]
    assert officer.get(f"/chuong-trinh/{programme.pk}/sua/").status_code == 200
    page = officer.get(f"/chuong-trinh/{programme.pk}/").content.decode()
    assert "Đề án dân vận chính quyền" in page and "Tạo dự thảo từ Phần thứ hai báo cáo tổng kết năm 2025" in page
    edit = officer.get(f"/chuong-trinh/nhiem-vu/{item.pk}/sua/")
    assert edit.status_code == 200 and f"{commune_cantho.name} ({commune_cantho.key})" in edit.content.decode()
    assert "Thành phố Cần Thơ (VN-92)" in edit.content.decode()  # the co-operating unit, one per line
    leader = login(make_user("VN-92", "approver"))
    response = leader.post(f"/chuong-trinh/{programme.pk}/phe-duyet/", {"version": programme.version})
    programme.refresh_from_db()
    assert programme.status == "approved"
    # the commune leads it: it sees it in its work queue and reports the month's status
    ward = login(make_user(commune_cantho.key, "officer"))
    home = ward.get("/").content.decode()
    assert "Nhiệm vụ, đề án sắp đến hạn (trong 7 ngày)" in home
    listed = ward.get("/chuong-trinh/nhiem-vu/?tinh_trang=sap_han&cua_toi=1").content.decode()
    assert "Đề án dân vận chính quyền" in listed
    detail = ward.get(f"/chuong-trinh/nhiem-vu/{item.pk}/").content.decode()
    assert "Ghi tình trạng tháng" in detail
    response = ward.post(f"/chuong-trinh/nhiem-vu/{item.pk}/tinh-trang/", {
        "status": "in_progress", "month": "2026-11-01", "note": "Đang lấy ý kiến",
        "evidence": "https://example.vn/du-thao", "version": item.version})
    item.refresh_from_db()
    assert response.status_code == 302 and item.status == "in_progress"
    # a document is linked by typing part of its title
    doc = Document.objects.create(unit=unit("VN-92"), family="party", symbol="07-KH/TU", number=7, doc_type="KH",
                                  issuer_code="TU", issuing_body="Thành ủy Cần Thơ", issued_on=D(2026, 3, 1),
                                  title="Kế hoạch dân vận chính quyền năm 2026",
                                  search_text="07-kh/tu ke hoach dan van chinh quyen nam 2026")
    response = officer.post(f"/chuong-trinh/nhiem-vu/{item.pk}/lien-ket/",
                            {"document": "ke hoach dan van chinh quyen"})
    assert response.status_code == 302 and list(item.documents.all()) == [doc]
    from danvan.campaigns.models import Campaign

    campaign = Campaign.objects.create(unit=unit("VN-92"), name="Phong trào thi đua của thành phố",
                                       start_date=D(2026, 1, 1), search_text="phong trao thi dua cua thanh pho")
    officer.post(f"/chuong-trinh/nhiem-vu/{item.pk}/lien-ket/", {"campaign": "phong trao thi dua cua thanh pho"})
    assert list(item.campaigns.all()) == [campaign]
    detail = ward.get(f"/chuong-trinh/nhiem-vu/{item.pk}/").content.decode()
    # a commune reads the documents of the units above it, not a campaign the city runs without it
    assert "Kế hoạch dân vận chính quyền năm 2026" in detail and "Phong trào thi đua của thành phố" not in detail
    assert "1 bản ghi ngoài phạm vi bạn được xem" in detail
    # after the deadline it is overdue for the commune
    fixed_today(D(2026, 12, 2))
    assert "Nhiệm vụ, đề án trong chương trình công tác quá hạn" in ward.get("/").content.decode()
    # another province sees none of it
    other = login(make_user("VN-01", "officer"))
    assert other.get(f"/chuong-trinh/{programme.pk}/").status_code == 404
    assert other.get(f"/chuong-trinh/nhiem-vu/{item.pk}/").status_code == 404
    assert "Đề án dân vận chính quyền" not in other.get("/chuong-trinh/nhiem-vu/").content.decode()


def test_pickers_suggest_only_records_the_user_may_read(make_user, login, unit):
    from danvan.campaigns.models import Campaign

    mine = Campaign.objects.create(unit=unit("VN-92"), name="Vận động xây nhà Đại đoàn kết Cần Thơ",
                                   kind=Campaign._meta.get_field("kind").choices[0][0], start_date=D(2026, 1, 1),
                                   search_text="van dong xay nha dai doan ket can tho")
    Campaign.objects.create(unit=unit("VN-01"), name="Vận động xây nhà Đại đoàn kết Hà Nội",
                            kind=mine.kind, start_date=D(2026, 1, 1),
                            search_text="van dong xay nha dai doan ket ha noi")
    client = login(make_user("VN-92", "officer"))
    body = client.get("/chon/campaign/?q=dai+doan+ket").content.decode()
    assert "Cần Thơ" in body and "Hà Nội" not in body
    assert client.get("/chon/submission/?q=tong+ket").status_code == 200
    assert client.get("/chon/activity/?q=hoi+nghi").status_code == 200
    assert client.get("/chon/document/?q=ke+hoach").status_code == 200


def test_a_viewer_reads_but_never_writes(make_user, login, programme_with):
    programme = programme_with("VN-92", 2025, [("Một", ProgrammeItem.Kind.TASK)])
    viewer = login(make_user("VN-92", "viewer"))
    page = viewer.get(f"/chuong-trinh/{programme.pk}/").content.decode()
    assert "Một" in page and "Mở lại để sửa" not in page
    item = programme.items.get()
    assert viewer.post(f"/chuong-trinh/nhiem-vu/{item.pk}/tinh-trang/", {"status": "done"}).status_code == 403
    assert viewer.post("/chuong-trinh/them/", {"unit": "VN-92", "year": "2026"}).status_code == 403


def test_stale_form_is_refused(make_user, login, programme_with, root):
    programme = programme_with("VN-92", 2026, [("Một", ProgrammeItem.Kind.TASK)], approve=False)
    item = programme.items.get()
    officer = login(make_user("VN-92", "officer"))
    services.item_update(actor=root, item=item, expected_version=item.version, title="Một (người khác sửa)")
    response = officer.post(f"/chuong-trinh/nhiem-vu/{item.pk}/sua/", {
        "kind": "task", "title": "Một (tôi sửa)", "assigned_by": "don_vi", "version": item.version})
    assert response.status_code == 200 and "vừa được người khác sửa" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Một (người khác sửa)"


def test_a_periodic_report_is_picked_by_form_unit_and_period_without_diacritics(make_user, unit):
    from danvan.core import picker
    from danvan.core.text import fold
    from danvan.submissions.models import ReportForm, Submission

    form = ReportForm.objects.get(code="tong-ket-nam")
    report = Submission.objects.create(form=form, unit=unit("VN-92"), period="2025", period_start=D(2025, 1, 1),
                                       period_end=D(2025, 12, 31), deadline=D(2026, 1, 15))
    typed = f"{fold(form.name)} can tho 2025"
    assert picker.lookup("submission", typed, make_user("VN-92", "officer")) == report
    assert picker.lookup("submission", typed, make_user("VN-01", "officer")) is None
