"""Public-sentiment reports and the public tracking-code lookup."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.core.testing import error_fields
from danvan.petitions import selectors, services
from danvan.petitions.models import SentimentReport

D = datetime.date


def report(actor, unit, code="202509", period_type="month", issues=(), **kwargs):
    return services.sentiment_create(actor=actor, unit=unit, period_type=period_type, period_code=code,
                                     title=kwargs.pop("title", "Báo cáo"), mood=kwargs.pop("mood", "stable"),
                                     issues=issues, **kwargs)


def test_period_bounds():
    assert services.period_bounds("month", "202502") == (D(2025, 2, 1), D(2025, 2, 28))
    assert services.period_bounds("quarter", "2025q3") == (D(2025, 7, 1), D(2025, 9, 30))
    assert services.period_bounds("urgent", "20251105") == (D(2025, 11, 5), D(2025, 11, 5))
    for kind, code in (("month", "202513"), ("quarter", "2025Q5"), ("month", "2025Q1"), ("urgent", "20250230")):
        with pytest.raises(ValidationError) as error:
            services.period_bounds(kind, code)
        assert "Kỳ báo cáo không hợp lệ" in error.value.message_dict["period_code"][0]


def test_draft_submit_and_audit(people, unit, new_case):
    case = new_case()
    r = report(people["officer"], unit("VN-92"), cases=[case], hot_issues="Giá cả",
               issues=[{"field": "dat_dai", "description": "Bồi thường", "mentions": 4, "is_hot": True}])
    assert r.status == "draft" and list(r.cases.all()) == [case]
    r = services.sentiment_update(actor=people["officer"], report=r, expected_version=r.version, mood="worried",
                                  issues=[{"field": "kinh_te", "description": "Việc làm", "mentions": 2}])
    assert r.issues.get().field == "kinh_te"
    updated = AuditEvent.objects.get(action="petitions.sentiment.updated")
    assert updated.changes["mood"] == ["stable", "worried"] and "issues" in updated.changes
    r = services.sentiment_submit(actor=people["officer"], report=r)
    assert r.status == "submitted" and r.submitted_on == datetime.date.today()
    assert AuditEvent.objects.filter(action="petitions.sentiment.submitted").exists()
    with pytest.raises(ValidationError, match="đã gửi"):
        services.sentiment_update(actor=people["officer"], report=r, expected_version=r.version, title="x")
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.sentiment_submit(actor=people["officer"], report=r)


def test_sentiment_bad_inputs(people, unit, new_case):
    o = people["officer"]
    report(o, unit("VN-92"))
    with pytest.raises(ValidationError, match="đã có báo cáo"):
        report(o, unit("VN-92"))
    with pytest.raises(ValidationError, match="lĩnh vực"):
        report(o, unit("VN-92"), code="202510", issues=[{"field": "", "description": "x"}])
    with pytest.raises(ValidationError, match="số nguyên dương"):
        report(o, unit("VN-92"), code="202510", issues=[{"field": "khac", "description": "x", "mentions": 0}])
    with pytest.raises(ValidationError, match="chưa bắt đầu"):
        report(o, unit("VN-92"), code="209901")
    hanoi_case = new_case(actor=people["hanoi"], unit_key="VN-01")
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        report(o, unit("VN-92"), code="202510", cases=[hanoi_case])
    # urgent reports may repeat
    report(o, unit("VN-92"), code="20250905", period_type="urgent")
    report(o, unit("VN-92"), code="20250905", period_type="urgent")
    assert SentimentReport.objects.count() == 3


def test_top_issues_over_a_subtree(people, unit, commune_cantho, client_for):
    report(people["officer"], unit("VN-92"), issues=[
        {"field": "dat_dai", "description": "Bồi thường", "mentions": 5, "is_hot": True},
        {"field": "kinh_te", "description": "Giá cả", "mentions": 3}])
    report(people["commune"], commune_cantho, period_type="quarter", code="2025Q3", issues=[
        {"field": "dat_dai", "description": "Lấn chiếm", "mentions": 2},
        {"field": "moi_truong", "description": "Rác thải", "mentions": 4}])
    report(people["hanoi"], unit("VN-01"), issues=[{"field": "moi_truong", "description": "Bụi", "mentions": 99}])
    report(people["officer"], unit("VN-92"), code="202412", issues=[
        {"field": "kinh_te", "description": "Cũ", "mentions": 50}])
    rows = selectors.top_issues(unit("VN-92"), D(2025, 9, 1), D(2025, 9, 30))
    assert [(r["field"], r["mentions"], r["issues"], r["reports"], r["hot"]) for r in rows] == [
        ("dat_dai", 7, 2, 2, 1), ("moi_truong", 4, 1, 1, 0), ("kinh_te", 3, 1, 1, 0)]
    assert [r["field"] for r in selectors.top_issues(commune_cantho, D(2025, 9, 1), D(2025, 9, 30))] == [
        "moi_truong", "dat_dai"]
    page = client_for(people["officer"]).get(reverse("petitions:top_issues"), {
        "unit": "VN-92", "from": "2025-09-01", "to": "2025-09-30"})
    assert [r["mentions"] for r in page.context["rows"]] == [7, 4, 3]
    api = client_for(people["officer"]).get("/api/v1/petitions/sentiment-reports/top-issues/", {
        "unit": "VN-92", "from": "2025-09-01", "to": "2025-09-30"}).json()
    assert api["fields"][0]["field"] == "dat_dai" and api["fields"][0]["mentions"] == 7


def test_sentiment_form_flow(people, client_for):
    client = client_for(people["officer"])
    data = {"unit": "VN-92", "period_type": "month", "period_code": "202509", "title": "Tháng 9/2025",
            "mood": "mostly_stable", "issue_0_field": "dat_dai", "issue_0_description": "Bồi thường",
            "issue_0_mentions": 3, "issue_0_is_hot": "on"}
    response = client.post(reverse("petitions:sentiment_create"), data)
    r = SentimentReport.objects.get()
    assert response["Location"] == r.get_absolute_url() and r.issues.get().mentions == 3
    edit = dict(data, version=r.version, title="Tháng 9/2025 (sửa)")
    assert client.post(reverse("petitions:sentiment_edit", args=[r.pk]), edit).status_code == 302
    client.post(reverse("petitions:sentiment_submit", args=[r.pk]))
    r.refresh_from_db()
    assert r.title == "Tháng 9/2025 (sửa)" and r.status == "submitted"
    response = client.post(reverse("petitions:sentiment_create"), dict(data, period_code="2025-9"))
    assert "Kỳ báo cáo không hợp lệ" in response.content.decode()


def test_public_lookup_without_login(new_case, people, client):
    cache.clear()
    case = new_case(content="Nội dung rất riêng tư")
    services.case_accept(actor=people["officer"], case=case, accepted_on=D(2025, 9, 5))
    response = client.get(reverse("petitions:public_lookup"), {"code": case.tracking_code.lower()})
    page = response.content.decode()
    assert response.status_code == 200 and "Đã thụ lý" in page and "05/09/2025" in page
    for private in ("Trần Văn Khiếu", "0909123456", "Nội dung rất riêng tư", case.subject):
        assert private not in page
    response = client.get(reverse("petitions:public_lookup"), {"code": "KHONGCOMA123"})
    assert "Không tìm thấy đơn" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_public_lookup_is_rate_limited(db, client):
    cache.clear()
    url = reverse("petitions:public_lookup")
    statuses = [client.get(url, {"code": f"AAAA{i:08d}"}).status_code for i in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    assert "quá nhiều lần" in client.get(url, {"code": "X"}).content.decode()
    other = client.get(url, {"code": "X"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.clear()


def test_api_hotspot_and_sentiment(people, new_case, client_for):
    case = new_case()
    client = client_for(people["officer"])
    response = client.post("/api/v1/petitions/hotspots/", {
        "unit": "VN-92", "title": "Đông người qua API", "kind": "dong_nguoi", "risk_level": 3,
        "flagged_on": "2025-09-05", "headcount": 40, "case_codes": [case.tracking_code]},
        content_type="application/json")
    assert response.status_code == 201 and response.json()["cases"] == [case.tracking_code]
    pk = response.json()["id"]
    bad = client.post(f"/api/v1/petitions/hotspots/{pk}/resolve/", {"on": "2025-09-01"})
    assert bad.status_code == 422 and "resolved_on" in error_fields(bad)
    done = client.post(f"/api/v1/petitions/hotspots/{pk}/resolve/", {"on": "2025-10-01"})
    assert done.json()["resolved_on"] == "2025-10-01"
    response = client.post("/api/v1/petitions/sentiment-reports/", {
        "unit": "VN-92", "period_type": "quarter", "period_code": "2025Q3", "title": "Quý III", "mood": "worried",
        "issues": [{"field": "dat_dai", "description": "Giải phóng mặt bằng", "mentions": 6, "is_hot": True}]},
        content_type="application/json")
    assert response.status_code == 201 and response.json()["period_start"] == "2025-07-01"
    rid = response.json()["id"]
    assert client.post(f"/api/v1/petitions/sentiment-reports/{rid}/submit/").json()["status"] == "submitted"
    bad = client.post("/api/v1/petitions/sentiment-reports/", {
        "unit": "VN-92", "period_type": "quarter", "period_code": "2025Q3", "title": "Lặp", "mood": "worried"},
        content_type="application/json")
    assert bad.status_code == 422 and "period_code" in error_fields(bad)
