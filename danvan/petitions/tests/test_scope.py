"""Every view and API endpoint: out-of-scope objects are 404, viewers cannot write, anonymous users sign in."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.petitions import services
from danvan.petitions.models import Case, Hotspot, SentimentReport

D = datetime.date
PDF = b"%PDF-1.4 scoped"


@pytest.fixture
def objs(people, new_case, unit):
    case = new_case(kind="kien_nghi")
    document = services.document_add(actor=people["officer"], case=case,
                                      upload=SimpleUploadedFile("a.pdf", PDF))
    hotspot = services.hotspot_flag(actor=people["officer"], unit=unit("VN-92"), title="Điểm nóng",
                                    kind="diem_nong", risk_level=2, flagged_on=D(2025, 9, 5), cases=[case])
    report = services.sentiment_create(actor=people["officer"], unit=unit("VN-92"), period_type="month",
                                       period_code="202509", title="Tháng 9", mood="stable")
    return {"case": case, "petitioner": case.petitioners.get(), "document": document, "hotspot": hotspot,
            "report": report}


def read_urls(o):
    return [
        reverse("petitions:case_detail", args=[o["case"].pk]),
        reverse("petitions:case_edit", args=[o["case"].pk]),
        reverse("petitions:petitioner_add", args=[o["case"].pk]),
        reverse("petitions:petitioner_edit", args=[o["petitioner"].pk]),
        reverse("petitions:document_add", args=[o["case"].pk]),
        reverse("petitions:document_download", args=[o["document"].pk]),
        reverse("petitions:hotspot_detail", args=[o["hotspot"].pk]),
        reverse("petitions:sentiment_detail", args=[o["report"].pk]),
        reverse("petitions:sentiment_edit", args=[o["report"].pk]),
        reverse("petitions:overdue_board") + "?unit=VN-92",
        reverse("petitions:hotspot_board") + "?unit=VN-92",
        reverse("petitions:statistics") + "?unit=VN-92",
        reverse("petitions:top_issues") + "?unit=VN-92",
        reverse("petitions:case_list") + "?unit=VN-92",
        f"/api/v1/petitions/cases/{o['case'].pk}/",
        f"/api/v1/petitions/hotspots/{o['hotspot'].pk}/",
        f"/api/v1/petitions/sentiment-reports/{o['report'].pk}/",
        "/api/v1/petitions/cases/overdue/?unit=VN-92",
        "/api/v1/petitions/cases/stats/?unit=VN-92",
        "/api/v1/petitions/cases/?unit=VN-92",
        "/api/v1/petitions/sentiment-reports/top-issues/?unit=VN-92",
        "/api/v1/petitions/hotspots/?unit=VN-92",
    ]


def post_urls(o):
    pk = o["case"].pk
    return [
        (reverse("petitions:case_step", args=[pk, "thu-ly"]), {"on": "2025-09-03"}),
        (reverse("petitions:case_edit", args=[pk]), {"version": 1, "subject": "x", "channel": "letter",
                                                     "received_on": "2025-09-01", "field": "khac",
                                                     "petitioner_type": "one", "headcount": 1}),
        (reverse("petitions:petitioner_add", args=[pk]), {"name": "X"}),
        (reverse("petitions:petitioner_edit", args=[o["petitioner"].pk]), {"name": "X"}),
        (reverse("petitions:document_delete", args=[o["document"].pk]), {}),
        (reverse("petitions:identity_grant", args=[pk]), {"username": "ct-viewer"}),
        (reverse("petitions:hotspot_detail", args=[o["hotspot"].pk]), {"version": 1, "risk_level": 4}),
        (reverse("petitions:sentiment_submit", args=[o["report"].pk]), {}),
        (f"/api/v1/petitions/cases/{pk}/accept/", {"on": "2025-09-03"}),
        (f"/api/v1/petitions/cases/{pk}/not-accept/", {"on": "2025-09-03", "reason": "x"}),
        (f"/api/v1/petitions/cases/{pk}/withdraw/", {"on": "2025-09-03"}),
        (f"/api/v1/petitions/cases/{pk}/transfer/", {"on": "2025-09-03", "to_body": "Tòa án"}),
        (f"/api/v1/petitions/cases/{pk}/merge/", {"on": "2025-09-03", "duplicate_of": "X"}),
        (f"/api/v1/petitions/cases/{pk}/verify/", {"on": "2025-09-03"}),
        (f"/api/v1/petitions/cases/{pk}/dialogue/", {"on": "2025-09-03", "activity_label": "x"}),
        (f"/api/v1/petitions/cases/{pk}/decide/", {"on": "2025-09-03", "decision_number": "1", "outcome": "upheld"}),
        (f"/api/v1/petitions/cases/{pk}/close/", {"on": "2025-09-03"}),
        (f"/api/v1/petitions/cases/{pk}/extend/", {"on": "2025-09-03", "decision_number": "1"}),
        (f"/api/v1/petitions/cases/{pk}/grant-identity/", {"username": "ct-viewer"}),
        (f"/api/v1/petitions/hotspots/{o['hotspot'].pk}/resolve/", {"on": "2025-09-10"}),
        (f"/api/v1/petitions/sentiment-reports/{o['report'].pk}/submit/", {}),
    ]


def unchanged(o):
    case = Case.objects.get(pk=o["case"].pk)
    assert case.status == Case.Status.RECEIVED and case.version == 1 and case.subject == o["case"].subject
    assert case.petitioners.count() == 1 and case.documents.count() == 1
    assert Hotspot.objects.get(pk=o["hotspot"].pk).risk_level == 2
    assert SentimentReport.objects.get(pk=o["report"].pk).status == "draft"


def test_other_province_gets_404_everywhere(people, objs, client_for):
    client = client_for(people["hanoi"])
    for url in read_urls(objs):
        assert client.get(url).status_code == 404, url
    for url, data in post_urls(objs):
        assert client.post(url, data).status_code == 404, url
    unchanged(objs)


def test_other_province_lists_are_empty(people, objs, client_for):
    client = client_for(people["hanoi"])
    assert objs["case"].tracking_code not in client.get(reverse("petitions:case_list")).content.decode()
    assert client.get("/api/v1/petitions/cases/").json()["count"] == 0
    assert client.get("/api/v1/petitions/hotspots/").json()["count"] == 0
    assert client.get("/api/v1/petitions/sentiment-reports/").json()["count"] == 0
    assert "Tháng 9" not in client.get(reverse("petitions:sentiment_list")).content.decode()
    csv_text = b"".join(client.get(reverse("petitions:case_list") + "?export=csv").streaming_content).decode()
    assert objs["case"].tracking_code not in csv_text


def test_commune_officer_cannot_read_the_province(people, objs, client_for):
    client = client_for(people["commune"])
    assert client.get(reverse("petitions:case_detail", args=[objs["case"].pk])).status_code == 404
    assert client.get(f"/api/v1/petitions/cases/{objs['case'].pk}/").status_code == 404
    assert client.get(reverse("petitions:statistics") + "?unit=VN-92").status_code == 404


def test_viewer_reads_but_cannot_write(people, objs, client_for):
    client = client_for(people["viewer"])
    for url in read_urls(objs):
        status = client.get(url).status_code
        if "/sua/" in url or "/them/" in url or "nguoi-gui/" in url:
            assert status == 403, url
        else:
            assert status == 200, url
    for url, data in post_urls(objs):
        assert client.post(url, data).status_code in (302, 403), url
    unchanged(objs)


def test_viewer_create_endpoints_refused(people, objs, client_for):
    client = client_for(people["viewer"])
    response = client.post(reverse("petitions:case_create"), {
        "unit": "VN-92", "kind": "kien_nghi", "channel": "letter", "received_on": "2025-09-01", "subject": "S",
        "field": "khac", "petitioner_type": "one", "headcount": 1})
    assert response.status_code == 403
    response = client.post("/api/v1/petitions/cases/", {
        "unit": "VN-92", "kind": "kien_nghi", "channel": "letter", "received_on": "2025-09-01", "subject": "S",
        "field": "khac"}, content_type="application/json")
    assert response.status_code == 403
    response = client.post(reverse("petitions:hotspot_create"), {
        "unit": "VN-92", "title": "T", "kind": "diem_nong", "risk_level": 1, "flagged_on": "2025-09-01"})
    assert response.status_code == 403
    response = client.post("/api/v1/petitions/hotspots/", {
        "unit": "VN-92", "title": "T", "kind": "diem_nong", "risk_level": 1, "flagged_on": "2025-09-01"},
        content_type="application/json")
    assert response.status_code == 403
    response = client.post(reverse("petitions:sentiment_create"), {
        "unit": "VN-92", "period_type": "month", "period_code": "202510", "title": "T", "mood": "stable"})
    assert response.status_code == 403
    response = client.post("/api/v1/petitions/sentiment-reports/", {
        "unit": "VN-92", "period_type": "month", "period_code": "202510", "title": "T", "mood": "stable"},
        content_type="application/json")
    assert response.status_code == 403
    assert Case.objects.count() == 1 and Hotspot.objects.count() == 1 and SentimentReport.objects.count() == 1


def test_anonymous_is_sent_to_login(objs, client):
    for url in read_urls(objs) + [reverse("petitions:case_list"), reverse("petitions:deadline_rules")]:
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302 and "/tai-khoan/" in response["Location"], url


def test_deadline_rules_readable_by_signed_in(people, client_for, db):
    client = client_for(people["hanoi"])
    assert "Luật Khiếu nại 2011, Điều 28" in client.get(reverse("petitions:deadline_rules")).content.decode()
    rules = client.get("/api/v1/petitions/deadline-rules/").json()
    assert {(r["kind"], r["stage"]) for r in rules} >= {("khieu_nai_1", "accept"), ("to_cao", "extension")}


def test_transferred_case_does_not_show_the_sending_units_case(people, new_case, unit, client_for):
    """Cần Thơ transfers a case to Hà Nội: Hà Nội sees its new case, not the link to Cần Thơ's case."""
    case = new_case(kind="kien_nghi")
    case = services.case_accept(actor=people["officer"], case=case, accepted_on=D(2025, 9, 2))
    services.case_transfer(actor=people["officer"], case=case, on=D(2025, 9, 3), to_unit=unit("VN-01"))
    received = Case.objects.get(unit__key="VN-01", subject=case.subject)
    page = client_for(people["hanoi"]).get(reverse("petitions:case_detail", args=[received.pk])).content.decode()
    source_url = reverse("petitions:case_detail", args=[case.pk])
    assert f'href="{source_url}"' not in page
    page = client_for(people["central"]).get(reverse("petitions:case_detail", args=[received.pk])).content.decode()
    assert f'href="{source_url}"' in page
