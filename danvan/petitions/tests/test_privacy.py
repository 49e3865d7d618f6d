"""A denouncer's identity: one test per channel it could leak through."""

import datetime
import io
import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from danvan.core.models import AuditEvent
from danvan.core.text import fold
from danvan.petitions import services
from danvan.petitions.models import Case, IdentityGrant, IdentityGrantRequest

from .conftest import DENOUNCER, SECRETS

PDF = b"%PDF-1.4\n% test\n"


def assert_no_secret(text: str):
    for secret in SECRETS:
        assert secret not in text
        assert fold(secret) not in fold(text)


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def test_detail_page_only_with_grant(people, denunciation, client_for):
    # the receiving officer holds the explicit right (granted automatically, audited)
    page = body(client_for(people["officer"]).get(denunciation.get_absolute_url()))
    assert DENOUNCER in page
    for who in ("approver", "viewer", "central"):
        response = client_for(people[who]).get(denunciation.get_absolute_url())
        assert response.status_code == 200
        assert_no_secret(body(response))
        assert "được bảo vệ" in body(response)


def test_superuser_needs_a_grant_too(make_user, denunciation, client_for):
    admin = make_user(None, superuser=True, username="root")
    assert_no_secret(body(client_for(admin).get(denunciation.get_absolute_url())))


def test_grant_needs_two_approvers_and_is_audited(people, make_user, denunciation, client_for):
    url = reverse("petitions:identity_grant", args=[denunciation.pk])
    response = client_for(people["officer"]).post(url, {"username": "ct-viewer", "reason": "Xác minh"})
    assert response.status_code == 403
    assert not IdentityGrant.objects.filter(user=people["viewer"]).exists()
    response = client_for(people["approver"]).post(url, {"username": "ct-viewer", "reason": "Xác minh"})
    assert response.status_code == 302
    # one approver's request alone gives no right
    assert not IdentityGrant.objects.filter(user=people["viewer"]).exists()
    assert_no_secret(body(client_for(people["viewer"]).get(denunciation.get_absolute_url())))
    request = IdentityGrantRequest.objects.get(case=denunciation, user=people["viewer"])
    assert AuditEvent.objects.filter(action="petitions.identity.requested", actor=people["approver"]).exists()
    # a second approver of the case's unit confirms: now the right holds
    second = make_user("VN-92", "approver", username="ct-approver-2")
    decide = reverse("petitions:identity_request_decide", args=[request.pk, "xac-nhan"])
    assert client_for(second).post(decide).status_code == 302
    grant = IdentityGrant.objects.get(case=denunciation, user=people["viewer"])
    assert grant.granted_by == people["approver"] and grant.confirmed_by == second
    event = AuditEvent.objects.get(action="petitions.identity.granted", actor=second)
    assert "ct-viewer" in event.note and "ct-approver" in event.note
    assert DENOUNCER in body(client_for(people["viewer"]).get(denunciation.get_absolute_url()))
    # a user outside the case's scope cannot be requested
    client_for(people["approver"]).post(url, {"username": "hn-officer", "reason": "x"})
    assert not IdentityGrantRequest.objects.filter(user=people["hanoi"]).exists()
    # the commune officer is below the case's unit: cannot read it, cannot be requested either
    client_for(people["approver"]).post(url, {"username": "nk-officer", "reason": "x"})
    assert not IdentityGrantRequest.objects.filter(user=people["commune"]).exists()


def test_lists_never_show_the_identity(people, denunciation, client_for):
    for who in ("officer", "approver"):
        page = body(client_for(people[who]).get(reverse("petitions:case_list")))
        assert denunciation.tracking_code in page
        assert_no_secret(page)
    for name in ("overdue_board", "hotspot_board", "statistics"):
        assert_no_secret(body(client_for(people["officer"]).get(reverse(f"petitions:{name}"))))


def test_csv_and_xlsx_exports(people, denunciation, new_case, client_for):
    new_case(kind="kien_nghi", petitioners=[{"name": "Nguyễn Công Khai"}])
    client = client_for(people["officer"])  # even the grant holder: exports are bulk, never identities
    csv_text = body(client.get(reverse("petitions:case_list") + "?export=csv"))
    assert denunciation.tracking_code in csv_text and "Nguyễn Công Khai" in csv_text
    assert "[được bảo vệ]" in csv_text
    assert_no_secret(csv_text)
    response = client.get(reverse("petitions:case_list") + "?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = " ".join(str(c.value) for row in workbook.active.iter_rows() for c in row if c.value is not None)
    assert denunciation.tracking_code in cells and "Nguyễn Công Khai" in cells
    assert_no_secret(cells)


def test_search_does_not_index_denouncers(people, denunciation, new_case, client_for):
    open_case = new_case(kind="kien_nghi", petitioners=[{"name": "Nguyễn Công Khai"}])
    assert_no_secret(Case.objects.get(pk=denunciation.pk).search_text)
    client = client_for(people["officer"])
    page = body(client.get(reverse("petitions:case_list") + "?q=" + fold(DENOUNCER)))
    assert denunciation.tracking_code not in page
    page = body(client.get(reverse("petitions:case_list") + "?q=nguyen cong khai"))
    assert open_case.tracking_code in page
    api = client.get("/api/v1/petitions/cases/", {"q": DENOUNCER}).json()
    assert api["count"] == 0
    # adding a petitioner later keeps the search text clean as well
    services.petitioner_add(actor=people["officer"], case=denunciation, data={"name": "Trương Văn Nhân Chứng"})
    assert "truong van nhan chung" not in Case.objects.get(pk=denunciation.pk).search_text


def test_audit_trail_and_rendered_diffs(people, denunciation, client_for):
    petitioner = denunciation.petitioners.get()
    services.petitioner_update(actor=people["officer"], petitioner=petitioner,
                               data={"name": DENOUNCER + " B", "phone": "0911111111"})
    services.petitioner_delete(actor=people["officer"], petitioner=petitioner)
    services.petitioner_add(actor=people["officer"], case=denunciation,
                            data={"name": DENOUNCER, "phone": "0987654321", "id_number": "092190009999"})
    upload = SimpleUploadedFile("don-to-cao-" + fold(DENOUNCER).replace(" ", "-") + ".pdf", PDF)
    services.document_add(actor=people["officer"], case=denunciation, upload=upload)
    dump = json.dumps([[e.target_repr, e.note, e.changes] for e in AuditEvent.objects.all()], ensure_ascii=False)
    assert_no_secret(dump)
    assert "bi-mat" not in dump  # nor the uploaded file name
    events = AuditEvent.objects.filter(target_id=str(denunciation.pk), action="petitions.petitioner.updated")
    assert events.get().changes["name"] == ["[được bảo vệ]", "[được bảo vệ]"]
    page = body(client_for(people["approver"]).get(denunciation.get_absolute_url()))
    assert "petitions.petitioner.updated" not in page and " đã sửa người gửi đơn của " in page
    assert_no_secret(page)
    assert "bi-mat" not in page


def test_api_responses(people, denunciation, client_for):
    client = client_for(people["approver"])
    listing = client.get("/api/v1/petitions/cases/").json()
    assert listing["count"] == 1
    assert "petitioners" not in listing["results"][0]
    assert_no_secret(json.dumps(listing, ensure_ascii=False))
    detail = client.get(f"/api/v1/petitions/cases/{denunciation.pk}/").json()
    assert detail["petitioners"] is None and detail["identity_protected"] is True
    assert detail["petitioner_count"] == 1
    assert_no_secret(json.dumps(detail, ensure_ascii=False))
    # the step actions answer with the same protected body
    response = client.post(f"/api/v1/petitions/cases/{denunciation.pk}/accept/", {"on": "2025-09-05"})
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert response.json()["petitioners"] is None
    assert_no_secret(body(response))
    own = client_for(people["officer"]).get(f"/api/v1/petitions/cases/{denunciation.pk}/").json()
    assert own["petitioners"][0]["name"] == DENOUNCER


def test_logs(people, denunciation, client_for, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for(people["approver"])
    client.get(denunciation.get_absolute_url())
    client.get(reverse("petitions:petitioner_edit", args=[denunciation.petitioners.get().pk]))  # 403
    client.get(f"/api/v1/petitions/cases/{denunciation.pk}/")
    client_for(people["hanoi"]).get(denunciation.get_absolute_url())  # 404
    services.case_create(actor=people["officer"], unit=denunciation.unit, kind="to_cao", channel="phone",
                         field="can_bo", subject="Tố cáo thứ hai", received_on=datetime.date(2025, 9, 2),
                         petitioners=[{"name": DENOUNCER, "phone": "0987654321"}])
    assert caplog.records  # the 403/404 above were logged…
    assert_no_secret(caplog.text)  # …without any identity


def test_error_pages(people, denunciation, client_for):
    petitioner = denunciation.petitioners.get()
    for who, status in (("approver", 403), ("viewer", 403), ("hanoi", 404)):
        client = client_for(people[who])
        response = client.get(reverse("petitions:petitioner_edit", args=[petitioner.pk]))
        assert response.status_code == status
        assert_no_secret(body(response))
        response = client.post(reverse("petitions:petitioner_edit", args=[petitioner.pk]), {"name": "x"})
        assert response.status_code == status
        assert_no_secret(body(response))
    petitioner.refresh_from_db()
    assert petitioner.name == DENOUNCER


def test_documents_of_a_denunciation(people, denunciation, client_for):
    upload = SimpleUploadedFile("don-cua-" + fold(DENOUNCER).replace(" ", "-") + ".pdf", PDF)
    document = services.document_add(actor=people["officer"], case=denunciation, upload=upload)
    response = client_for(people["approver"]).get(document.get_absolute_url())
    assert response.status_code == 403
    page = body(client_for(people["approver"]).get(denunciation.get_absolute_url()))
    assert "bi-mat" not in page and f"Tài liệu #{document.pk}" in page
    response = client_for(people["officer"]).get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_public_lookup_shows_no_names(denunciation, client):
    response = client.get(reverse("petitions:public_lookup"), {"code": denunciation.tracking_code})
    page = body(response)
    assert response.status_code == 200 and "Đã tiếp nhận" in page
    assert_no_secret(page)
    assert denunciation.subject not in page and "Nội dung tố cáo" not in page


@pytest.mark.parametrize("who", ["approver", "viewer"])
def test_no_identity_in_hotspot_and_sentiment_pages(people, denunciation, client_for, who):
    hotspot = services.hotspot_flag(actor=people["officer"], unit=denunciation.unit, title="Điểm nóng thử",
                                    kind="diem_nong", risk_level=2, flagged_on=datetime.date(2025, 9, 5),
                                    cases=[denunciation])
    report = services.sentiment_create(actor=people["officer"], unit=denunciation.unit, period_type="month",
                                       period_code="202509", title="Tháng 9", mood="stable", cases=[denunciation])
    client = client_for(people[who])
    for url in (hotspot.get_absolute_url(), report.get_absolute_url(),
                f"/api/v1/petitions/hotspots/{hotspot.pk}/", f"/api/v1/petitions/sentiment-reports/{report.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_no_secret(body(response))


def test_revoke_needs_approver_and_is_audited(people, make_user, denunciation, client_for):
    request = services.identity_request(actor=people["approver"], case=denunciation, user=people["viewer"],
                                        reason="Xác minh")
    grant = services.identity_confirm(actor=make_user("VN", "approver"), request=request)
    url = reverse("petitions:identity_revoke", args=[grant.pk])
    assert client_for(people["hanoi"]).post(url).status_code == 404
    assert client_for(people["viewer"]).post(url).status_code == 403
    assert client_for(people["approver"]).post(url).status_code == 302
    assert not IdentityGrant.objects.filter(user=people["viewer"]).exists()
    assert AuditEvent.objects.filter(action="petitions.identity.revoked", actor=people["approver"]).exists()
    assert_no_secret(body(client_for(people["viewer"]).get(denunciation.get_absolute_url())))


def test_a_page_showing_the_identity_is_never_re_served_from_the_page_cache(people, make_user, denunciation,
                                                                               client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = services.identity_request(actor=people["approver"], case=denunciation, user=people["viewer"],
                                        reason="Xác minh")
    grant = services.identity_confirm(actor=make_user("VN", "approver"), request=request)
    viewer = client_for(people["viewer"])
    assert DENOUNCER in body(viewer.get(denunciation.get_absolute_url()))
    with CaptureQueriesContext(connection) as queries:
        assert DENOUNCER in body(viewer.get(denunciation.get_absolute_url()))
    assert len(queries) > 5  # the view ran again: the right is decided on every request
    # Taken back without a record-version bump (a bare delete): the next page already hides the identity.
    IdentityGrant.objects.filter(pk=grant.pk).delete()
    page = body(viewer.get(denunciation.get_absolute_url()))
    assert_no_secret(page)
    assert "được bảo vệ" in page
