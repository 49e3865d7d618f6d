"""Pages and API: workflows through HTTP, scoping of every view and endpoint, safe uploads."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from danvan.activities import services
from danvan.activities.models import Activity, ActivityAttachment, Commitment, Document
from danvan.core.testing import error_fields

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def setup(make_user, unit, make_activity, commune_cantho):
    officer = make_user("VN-92", "officer")
    dialogue = make_activity(officer, unit("VN-92"), "doi_thoai", title="Đối thoại với thanh niên",
                             start_date=datetime.date(2025, 8, 1))
    commitment = services.commitment_add(actor=officer, activity=dialogue, content="Mở lớp nghề",
                                         owner_unit=commune_cantho, deadline=datetime.date(2025, 9, 1))
    attachment = services.attachment_add(actor=officer, activity=dialogue,
                                         upload=SimpleUploadedFile("bien-ban.pdf", PDF))
    document = services.document_create(actor=officer, unit=unit("VN-92"), symbol="24-KH/BDVTU",
                                         issuing_body="Ban Dân vận Thành ủy", issued_on=datetime.date(2024, 1, 5),
                                         title="Kế hoạch dân vận khéo")
    return {"officer": officer, "dialogue": dialogue, "commitment": commitment, "attachment": attachment,
            "document": document, "hanoi": make_user("VN-01", "officer"),
            "viewer": make_user("VN-92", "viewer"), "commune": make_user(commune_cantho.key, "officer")}


READ_URLS = [
    "/hoat-dong/{dialogue}/", "/hoat-dong/{dialogue}/sua/", "/hoat-dong/tep/{attachment}/",
    "/hoat-dong/van-ban/{document}/", "/hoat-dong/van-ban/{document}/sua/",
    "/api/v1/activities/activities/{dialogue}/", "/api/v1/activities/commitments/{commitment}/",
    "/api/v1/activities/documents/{document}/", "/api/v1/activities/documents/{document}/status/",
]


def _fmt(url, s):
    return url.format(dialogue=s["dialogue"].pk, attachment=s["attachment"].pk, document=s["document"].pk,
                      commitment=s["commitment"].pk)


def test_every_record_view_is_404_for_another_province(setup, client_for):
    client = client_for(setup["hanoi"])
    for url in READ_URLS:
        assert client.get(_fmt(url, setup)).status_code == 404, url
    for url in ["/hoat-dong/", "/api/v1/activities/activities/", "/api/v1/activities/commitments/",
                "/hoat-dong/cam-ket/", "/hoat-dong/van-ban/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Đối thoại với thanh niên" not in response.content.decode() and "Mở lớp nghề" not in \
            response.content.decode() and "dân vận khéo" not in response.content.decode(), url
    posts = ["/hoat-dong/{dialogue}/xoa/", "/hoat-dong/{dialogue}/tep/", "/hoat-dong/{dialogue}/van-de/",
             "/hoat-dong/{dialogue}/cam-ket/", "/hoat-dong/cam-ket/{commitment}/trang-thai/",
             "/hoat-dong/tep/{attachment}/xoa/", "/hoat-dong/van-ban/{document}/ke-hoach/"]
    for url in posts:
        assert client.post(_fmt(url, setup), {"content": "x"}).status_code == 404, url
    assert Activity.objects.filter(pk=setup["dialogue"].pk).exists()


def test_owner_and_commune_reads(setup, client_for):
    client = client_for(setup["officer"])
    for url in READ_URLS:
        assert client.get(_fmt(url, setup)).status_code == 200, url
    # a commune of Cần Thơ does not see the province's own activity, but sees the province's document
    commune = client_for(setup["commune"])
    assert commune.get(_fmt("/hoat-dong/{dialogue}/", setup)).status_code == 404
    assert commune.get(_fmt("/hoat-dong/van-ban/{document}/", setup)).status_code == 200


def test_viewer_cannot_write(setup, client_for):
    client = client_for(setup["viewer"])
    assert client.get(_fmt("/hoat-dong/{dialogue}/", setup)).status_code == 200
    assert client.post(_fmt("/hoat-dong/{dialogue}/xoa/", setup)).status_code == 403
    response = client.post("/hoat-dong/them/", {"kind": 1, "title": "x", "status": "held",
                                                "start_date": "2024-01-01", "place_mode": "truc_tiep",
                                                "purpose": "quan_triet"})
    assert response.status_code == 403
    api = client.post("/api/v1/activities/activities/", {"kind": "toa_dam", "title": "x",
                                                          "start_date": "2024-01-01"}, content_type="application/json")
    assert api.status_code == 403
    assert client.patch(_fmt("/api/v1/activities/activities/{dialogue}/", setup), {"title": "y"},
                        content_type="application/json").status_code == 403
    assert Activity.objects.count() == 1


def test_create_via_form_with_double_submit_and_errors(setup, client_for, kind):
    client = client_for(setup["officer"])
    page = client.get("/hoat-dong/them/")
    key = page.context["form"].initial["submission_key"]
    data = {"kind": kind("hoi_nghi").pk, "title": "Hội nghị học tập Nghị quyết", "purpose": "hoc_tap",
            "status": "held", "start_date": "2024-02-01", "end_date": "2024-01-31", "place_mode": "truc_tiep",
            "attendees": "200", "participants": "150", "documents": "24-KH/BDVTU", "submission_key": key}
    response = client.post("/hoat-dong/them/", data)
    assert response.status_code == 200
    assert "trước ngày bắt đầu" in response.content.decode()
    data["end_date"] = "2024-02-01"
    response = client.post("/hoat-dong/them/", data)
    assert response.status_code == 302
    again = client.post("/hoat-dong/them/", data)
    assert again.status_code == 302 and again["Location"] == response["Location"]
    created = Activity.objects.get(title="Hội nghị học tập Nghị quyết")
    assert [d.symbol for d in created.documents.all()] == ["24-KH/BDVTU"]
    bad_doc = dict(data, submission_key="other", documents="99-NQ/TW")
    assert "99-NQ/TW" in client.post("/hoat-dong/them/", bad_doc).content.decode()
    unknown_unit = dict(data, submission_key="other2", unit="VN-ZZ")
    assert "VN-ZZ" in client.post("/hoat-dong/them/", unknown_unit).content.decode()


def test_edit_refuses_stale_version(setup, client_for):
    client = client_for(setup["officer"])
    dialogue = setup["dialogue"]
    form = client.get(f"/hoat-dong/{dialogue.pk}/sua/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(kind=dialogue.kind_id, start_date="2025-08-01", title="Đối thoại (sửa)", level="")
    services.activity_update(actor=setup["officer"], activity=dialogue, expected_version=1, place="Hội trường")
    response = client.post(f"/hoat-dong/{dialogue.pk}/sua/", data)
    assert response.status_code == 200 and "người khác sửa" in response.content.decode()
    assert Activity.objects.get(pk=dialogue.pk).title == "Đối thoại với thanh niên"


def test_list_search_filters_and_overdue_flag(setup, client_for, make_activity, unit):
    make_activity(setup["officer"], unit("VN-92"), "cuoc_thi", title="Hội thi Dân vận khéo",
                  start_date=datetime.date(2024, 5, 1))
    client = client_for(setup["officer"])
    assert "Hội thi Dân vận khéo" in client.get("/hoat-dong/?q=dan+van+kheo").content.decode()
    assert "Hội thi" not in client.get("/hoat-dong/?q=dan+van+kheo&loai=doi_thoai").content.decode()
    assert "Hội thi" in client.get("/hoat-dong/?ky=2024&don_vi=VN-92&cap=province").content.decode()
    overdue = client.get("/hoat-dong/?qua_han=1").content.decode()
    assert "Đối thoại với thanh niên" in overdue and "Hội thi" not in overdue
    assert "cam kết quá hạn" in overdue
    api = client.get("/api/v1/activities/activities/?q=doi+thoai").json()
    assert api["count"] == 1 and api["results"][0]["has_overdue_commitments"] is True
    assert client.get("/api/v1/activities/commitments/?tinh_trang=qua_han").json()["count"] == 1
    summary = client.get("/api/v1/activities/activities/summary/?don_vi=VN-92&ky=2025").json()
    assert summary["dialogues"] == 1 and summary["dialogues_by_level"] == {"province": 1}
    # The API's English parameter names give the same answers as the older Vietnamese ones.
    assert client.get("/api/v1/activities/activities/summary/?unit=VN-92&period=2025").json() == summary
    assert client.get("/api/v1/activities/commitments/?state=overdue").json()["count"] == 1
    english = client.get("/api/v1/activities/activities/?period=2024&unit=VN-92&level=province").json()
    assert [a["title"] for a in english["results"]] == ["Hội thi Dân vận khéo"]
    assert client.get("/api/v1/activities/activities/?overdue=true").json()["count"] == 1
    assert client.get("/hoat-dong/thong-ke/?don_vi=VN-92&ky=2025").status_code == 200
    written = client.get("/api/v1/activities/activities/summary/", {"don_vi": "VN-92", "ky": "6 tháng cuối năm 2025"})
    assert written.json()["period"] == "2025S2" and written.json()["dialogues"] == 1
    bad = client.get("/hoat-dong/thong-ke/", {"don_vi": "VN-92", "ky": "quý 7/2025"})
    assert bad.status_code == 400 and "Không đọc được kỳ báo cáo" in bad.content.decode()
    assert client.get("/").status_code == 200


def test_dialogue_page_shows_earlier_overdue_commitments(setup, client_for, make_activity, unit):
    later = make_activity(setup["officer"], unit("VN-92"), "doi_thoai", title="Đối thoại lần sau",
                          start_date=datetime.date(2025, 12, 1))
    page = client_for(setup["officer"]).get(f"/hoat-dong/{later.pk}/").content.decode()
    assert "Cam kết quá hạn từ các cuộc đối thoại trước" in page and "Mở lớp nghề" in page


def test_commitment_done_through_view_and_api(setup, client_for):
    client = client_for(setup["officer"])
    c = setup["commitment"]
    client.post(f"/hoat-dong/cam-ket/{c.pk}/trang-thai/", {"status": "done", "done_on": "2025-08-20",
                                                           "version": c.version})
    assert Commitment.objects.get(pk=c.pk).status == "done"
    response = client.post(f"/api/v1/activities/commitments/{c.pk}/status/", {"status": "open"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "open"
    bad = client.post(f"/api/v1/activities/commitments/{c.pk}/status/", {"status": "done", "done_on": "2099-01-01"},
                      content_type="application/json")
    assert bad.status_code == 422 and "done_on" in error_fields(bad)
    # A version that is not a whole number is refused in the error shape, never a 500 (the hostile sweep's 1e30).
    for version in ("1e30", "abc", 1.5):
        odd = client.post(f"/api/v1/activities/commitments/{c.pk}/status/", {"status": "open", "version": version},
                          content_type="application/json")
        assert odd.status_code in (400, 422) and "version" in error_fields(odd), version
        odd = client.patch(f"/api/v1/activities/activities/{setup['dialogue'].pk}/", {"version": version},
                           content_type="application/json")
        assert odd.status_code in (400, 422) and "version" in error_fields(odd), version


def test_issue_and_commitment_forms(setup, client_for, commune_cantho):
    client = client_for(setup["officer"])
    d = setup["dialogue"]
    client.post(f"/hoat-dong/{d.pk}/van-de/", {"content": "Thiếu nước sạch", "raised_by": "Hộ dân ấp 3"})
    assert d.issues.get().content == "Thiếu nước sạch"
    response = client.post(f"/hoat-dong/{d.pk}/cam-ket/", {"content": "Kéo đường nước", "owner_unit": "VN-QQ",
                                                           "deadline": "2025-10-01"}, follow=True)
    assert "VN-QQ" in response.content.decode() and d.commitments.count() == 1
    client.post(f"/hoat-dong/{d.pk}/cam-ket/", {"content": "Kéo đường nước", "owner_unit": commune_cantho.key,
                                               "deadline": "2025-10-01"})
    assert d.commitments.count() == 2


def test_attachment_download_is_scoped_and_safe(setup, client_for):
    client = client_for(setup["officer"])
    response = client.get(f"/hoat-dong/tep/{setup['attachment'].pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert setup["attachment"].file.name.endswith(".pdf") and "bien-ban" not in setup["attachment"].file.name


@override_settings(ATTACHMENT_MAX_BYTES=100)
def test_upload_rules(setup, client_for):
    client = client_for(setup["officer"])
    d = setup["dialogue"]
    cases = [("big.pdf", PDF + b"x" * 200, "dung lượng"), ("script.html", b"<script>", "Chỉ nhận"),
             ("fake.pdf", b"MZ\x90\x00 not a pdf", "nội dung tệp không đúng")]
    for name, content, fragment in cases:
        response = client.post(f"/hoat-dong/{d.pk}/tep/", {"file": SimpleUploadedFile(name, content)}, follow=True)
        assert fragment in response.content.decode(), name
    assert ActivityAttachment.objects.count() == 1


def test_document_pages_and_api(setup, client_for, unit):
    client = client_for(setup["officer"])
    doc = setup["document"]
    response = client.post("/hoat-dong/van-ban/them/", {"symbol": "25/NQ/TW", "issuing_body": "BCH TW",
                                                        "issued_on": "2013-06-03", "title": "Sai ký hiệu"})
    assert response.status_code == 200 and "không đúng thể thức" in response.content.decode()
    response = client.post("/hoat-dong/van-ban/them/", {
        "symbol": "123/QĐ-UBND", "issuing_body": "UBND TP Cần Thơ", "issued_on": "2024-02-02",
        "title": "Quyết định ban hành quy chế", "file": SimpleUploadedFile("qd.pdf", PDF)})
    assert response.status_code == 302
    created = Document.objects.get(symbol="123/QĐ-UBND")
    file_response = client.get(f"/hoat-dong/van-ban/{created.pk}/tep/")
    assert file_response["Content-Disposition"].startswith("attachment")
    client.post(f"/hoat-dong/van-ban/{doc.pk}/yeu-cau/", {"unit": "VN-92", "levels": ["province", "commune"],
                                                         "deadline": "2024-03-31"})
    client.post(f"/hoat-dong/van-ban/{doc.pk}/ke-hoach/", {"unit": "VN-92", "symbol": "30-KH/BDVTU",
                                                          "issued_on": "2024-02-01"})
    client.post(f"/hoat-dong/van-ban/{doc.pk}/de-an/", {"unit": "VN-92", "name": "Đề án dân vận chính quyền",
                                                       "assigned_by": "Ban Thường vụ Thành ủy",
                                                       "assigned_on": "2024-02-01"})
    page = client.get(f"/hoat-dong/van-ban/{doc.pk}/?don_vi=VN-92").content.decode()
    assert "30-KH/BDVTU" in page and "quá hạn" in page and "Đề án dân vận chính quyền" in page
    status = client.get(f"/api/v1/activities/documents/{doc.pk}/status/?don_vi=VN-92").json()
    from danvan.orgunits.models import OrgUnit

    communes = OrgUnit.objects.filter(path__startswith=unit("VN-92").path, level="commune").valid_on(
        datetime.date(2024, 3, 31)).count()
    assert communes > 50 and status["required"] == 1 + communes
    assert status["planned"] == 1 and status["overdue"] == status["required"]
    api = client.post("/api/v1/activities/documents/", {"symbol": "08-QĐi/TW", "issuing_body": "BCH TW",
                                                        "issued_on": "2024-01-01", "title": "Quy định"},
                      content_type="application/json")
    assert api.status_code == 201 and api.json()["doc_type"] == "QĐi"
    bad = client.post("/api/v1/activities/documents/", {"symbol": "8 QĐi TW", "issuing_body": "BCH TW",
                                                        "issued_on": "2024-01-01", "title": "Quy định"},
                      content_type="application/json")
    assert bad.status_code == 422 and "symbol" in error_fields(bad)
    assert client.get("/api/v1/activities/documents/?q=dan+van+kheo").json()["count"] == 1
    hanoi = client_for(setup["hanoi"])
    assert hanoi.get(f"/api/v1/activities/documents/{doc.pk}/status/?don_vi=VN-92").status_code == 404


def test_api_create_update_delete(setup, client_for, commune_cantho):
    client = client_for(setup["officer"])
    payload = {"kind": "hoi_nghi", "title": "Hội nghị trực tuyến", "purpose": "trien_khai", "start_date": "2024-03-01",
               "place_mode": "truc_tuyen", "connected_points": 10, "attendees": 900, "participants": 100,
               "documents": ["24-KH/BDVTU"]}
    response = client.post("/api/v1/activities/activities/", payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["documents"] == ["24-KH/BDVTU"] and response.json()["unit"] == "VN-92"
    bad = client.post("/api/v1/activities/activities/", dict(payload, attendees=-4), content_type="application/json")
    assert bad.status_code == 422 and "attendees" in error_fields(bad)
    stale = client.patch(f"/api/v1/activities/activities/{pk}/", {"attendees": 950, "version": 7},
                         content_type="application/json")
    assert stale.status_code == 409
    ok = client.patch(f"/api/v1/activities/activities/{pk}/", {"attendees": 950, "version": 1},
                      content_type="application/json")
    assert ok.status_code == 200 and ok.json()["attendees"] == 950 and ok.json()["version"] == 2
    on_behalf = client.post("/api/v1/activities/activities/", dict(payload, unit=commune_cantho.key,
                                                                   start_date="2025-09-01"),
                            content_type="application/json")
    assert on_behalf.status_code == 403
    on_behalf = client.post("/api/v1/activities/activities/", dict(payload, unit=commune_cantho.key, on_behalf=True,
                                                                   start_date="2025-09-01"),
                            content_type="application/json")
    assert on_behalf.status_code == 201
    assert client.delete(f"/api/v1/activities/activities/{pk}/").status_code == 204
    assert not Activity.objects.filter(pk=pk).exists()


def test_import_page(setup, client_for):
    client = client_for(setup["officer"])
    csv_data = ("ma_tham_chieu,ma_don_vi,loai,ten,ngay_bat_dau\n"
                "A-1,VN-92,toa_dam,Tọa đàm,01/03/2024\nA-2,VN-92,toa_dam,,01/03/2024\n").encode()
    response = client.post("/hoat-dong/nhap/", {"file": SimpleUploadedFile("a.csv", csv_data)})
    assert "Dòng 3" in response.content.decode() and not Activity.objects.filter(external_ref="A-1").exists()
    good = csv_data.replace(b",,", b",T\xe1\xbb\x8da \xc4\x91\xc3\xa0m 2,")
    response = client.post("/hoat-dong/nhap/", {"file": SimpleUploadedFile("a.csv", io.BytesIO(good).read())})
    assert "2 mới" in response.content.decode()


def test_document_and_project_writes_scoped_and_versioned(setup, client_for, unit):
    doc = setup["document"]
    project = services.project_create(actor=setup["officer"], unit=unit("VN-92"), name="Đề án A",
                                      assigned_by="Ban Thường vụ Thành ủy", assigned_on=datetime.date(2024, 2, 1),
                                      document=doc)
    hanoi = client_for(setup["hanoi"])
    assert hanoi.post(f"/hoat-dong/de-an/{project.pk}/trang-thai/", {"status": "cancelled"}).status_code == 404
    assert hanoi.post(f"/hoat-dong/van-ban/{doc.pk}/sua/", {"title": "x"}).status_code == 404
    viewer = client_for(setup["viewer"])
    assert viewer.post("/hoat-dong/van-ban/them/", {"symbol": "1-NQ/TW", "issuing_body": "BCH", "title": "x",
                                                    "issued_on": "2024-01-01"}).status_code == 403
    assert viewer.post(f"/hoat-dong/de-an/{project.pk}/trang-thai/", {"status": "cancelled"}).status_code == 403
    owner = client_for(setup["officer"])
    owner.post(f"/hoat-dong/de-an/{project.pk}/trang-thai/", {"status": "in_progress"})
    project.refresh_from_db()
    assert project.status == "in_progress"
    form = owner.get(f"/hoat-dong/van-ban/{doc.pk}/sua/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    services.document_update(actor=setup["officer"], document=doc, expected_version=1, summary="Bản mới")
    response = owner.post(f"/hoat-dong/van-ban/{doc.pk}/sua/", dict(data, title="Sửa muộn", issued_on="2024-01-05"))
    assert "người khác sửa" in response.content.decode()
    assert Document.objects.get(pk=doc.pk).title == "Kế hoạch dân vận khéo"
    from danvan.core.audit import history_for

    assert [e.action for e in history_for(doc)][:1] == ["activities.document.updated"]


def test_stats_import_and_commitments_pages_scoped(setup, client_for):
    hanoi = client_for(setup["hanoi"])
    page = hanoi.get("/hoat-dong/thong-ke/?don_vi=VN-92&ky=2025")
    assert page.status_code == 200 and page.context["unit"].key == "VN-01"  # out-of-scope key falls back
    assert "Mở lớp nghề" not in hanoi.get("/hoat-dong/cam-ket/?don_vi=VN-92").content.decode()
    assert hanoi.get("/api/v1/activities/activities/summary/?don_vi=VN-92").status_code == 404
    csv_data = b"ma_tham_chieu,ma_don_vi,loai,ten,ngay_bat_dau\nH-1,VN-92,toa_dam,Xam nhap,01/03/2024\n"
    response = hanoi.post("/hoat-dong/nhap/", {"file": SimpleUploadedFile("h.csv", csv_data)})
    assert "quyền" in response.content.decode() and not Activity.objects.filter(external_ref="H-1").exists()
