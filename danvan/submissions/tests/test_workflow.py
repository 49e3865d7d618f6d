"""Periodic reports end to end: fill, validate, submit, return, accept (locks figures), reopen, completeness."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from danvan.core.concurrency import StaleRecordError
from danvan.core.models import AuditEvent
from danvan.core.testing import error_fields
from danvan.reports.models import DataValue, ValidationRule
from danvan.reports.selectors import figures
from danvan.reports.services import datavalue_set
from danvan.submissions import selectors, services
from danvan.submissions.models import ReportForm, Submission

pytestmark = pytest.mark.django_db

YEAR = "2025"


@pytest.fixture
def yearly():
    return ReportForm.objects.get(code="tong-ket-nam")


@pytest.fixture
def people(make_user, commune_cantho):
    return {
        "officer": make_user(commune_cantho.key, "officer"),
        "commune_approver": make_user(commune_cantho.key, "approver"),
        "approver": make_user("VN-92", "approver"),
        "province_officer": make_user("VN-92", "officer"),
        "hanoi": make_user("VN-01", "approver"),
    }


def test_seeded_forms():
    yearly = ReportForm.objects.get(code="tong-ket-nam")
    assert yearly.name == "Báo cáo tổng kết công tác dân vận năm" and yearly.period_type == "year"
    assert {"dvk.registered", "dialogue", "campaign.money.received"} <= set(yearly.indicators)
    assert ReportForm.objects.get(code="dinh-ky-quy").period_type == "quarter"


def test_submit_return_accept_lock_reopen(yearly, people, commune_cantho):
    officer, approver = people["officer"], people["approver"]
    report = services.start(actor=officer, form=yearly, unit=commune_cantho, period=YEAR)
    assert report.status == "draft" and report.deadline == datetime.date(2026, 1, 15)
    report = services.save(actor=officer, submission=report, values={"dvk.registered": "12", "dialogue": "3"},
                           narrative={"situation": "Tình hình ổn định."}, expected_version=report.version)
    assert DataValue.objects.get(unit=commune_cantho, period=YEAR, indicator_id="dialogue").value == 3
    assert report.narrative["situation"] == "Tình hình ổn định."
    # the parent sees nothing "reported" until submission
    assert selectors.completeness(root=commune_cantho.parent, form=yearly, period=YEAR).submitted == 0
    services.submit(actor=officer, submission=report)
    report.refresh_from_db()
    assert report.status == "submitted" and report.first_submitted_at is not None
    # the commune's own approver is not "the level above"
    with pytest.raises(PermissionDenied):
        services.accept(actor=people["commune_approver"], submission=report)
    with pytest.raises(PermissionDenied):
        services.accept(actor=people["province_officer"], submission=report)
    with pytest.raises(ValidationError, match="lý do"):
        services.return_report(actor=approver, submission=report, note=" ")
    services.return_report(actor=approver, submission=report, note="Bổ sung số liệu đối thoại.")
    report.refresh_from_db()
    assert report.status == "returned" and report.decision_note == "Bổ sung số liệu đối thoại."
    services.save(actor=officer, submission=report, values={"dialogue": "4"}, expected_version=report.version)
    services.submit(actor=officer, submission=report)
    services.accept(actor=approver, submission=report, note="Đạt yêu cầu")
    report.refresh_from_db()
    assert report.status == "accepted"
    board = selectors.completeness(root=commune_cantho.parent, form=yearly, period=YEAR)
    assert board.submitted == 1 and board.accepted == 1
    # accepted locks the figures, also for periods inside the year
    for period in (YEAR, "2025Q4"):
        with pytest.raises(ValidationError, match="đã được chấp nhận"):
            datavalue_set(actor=officer, unit=commune_cantho, period=period, indicator="dialogue", value=9)
    with pytest.raises(ValidationError):
        services.save(actor=officer, submission=report, values={"dialogue": "5"}, expected_version=None)
    with pytest.raises(ValidationError, match="lý do"):
        services.reopen(actor=approver, submission=report, reason="")
    services.reopen(actor=approver, submission=report, reason="Sai số liệu đối thoại")
    report.refresh_from_db()
    assert report.status == "returned"
    datavalue_set(actor=officer, unit=commune_cantho, period=YEAR, indicator="dialogue", value=9)
    actions = list(AuditEvent.objects.filter(target_type="submissions.submission", target_id=str(report.pk))
                   .values_list("action", flat=True))
    for action in ["submissions.report.created", "submissions.report.saved", "submissions.report.submitted",
                   "submissions.report.returned", "submissions.report.accepted", "submissions.report.reopened"]:
        assert action in actions
    assert AuditEvent.objects.filter(action="submissions.report.reopened", note="Sai số liệu đối thoại").exists()


def test_bad_values_all_or_nothing(yearly, people, commune_cantho):
    officer = people["officer"]
    report = services.start(actor=officer, form=yearly, unit=commune_cantho, period=YEAR)
    with pytest.raises(ValidationError) as caught:
        services.save(actor=officer, submission=report, values={"dvk.registered": "5", "dialogue": "-1",
                                                                "media": "nhiều", "unknown.code": "1"},
                      expected_version=report.version)
    errors = caught.value.message_dict
    assert "âm" in errors["dialogue"][0] and "không phải là số" in errors["media"][0]
    assert "không thuộc biểu mẫu" in errors["unknown.code"][0]
    assert not DataValue.objects.filter(unit=commune_cantho).exists()  # nothing saved


def test_blocking_rule_prevents_submission_warning_does_not(yearly, people, commune_cantho):
    officer = people["officer"]
    report = services.start(actor=officer, form=yearly, unit=commune_cantho, period=YEAR)
    services.save(actor=officer, submission=report, values={"dvk.registered": "2",
                                                            "dvk.recognised.collective": "5"}, expected_version=None)
    results = selectors.check(report)
    assert [r.blocking for r in results] == [False]  # the built-in rule is a warning
    rule = ValidationRule.objects.get(code="dvk-recognised-le-registered")
    rule.severity = ValidationRule.Severity.BLOCKING
    rule.save()
    with pytest.raises(ValidationError, match="lớn hơn số mô hình được đăng ký"):
        services.submit(actor=officer, submission=report)
    report.refresh_from_db()
    assert report.status == "draft"
    rule.severity = ValidationRule.Severity.WARNING
    rule.save()
    services.submit(actor=officer, submission=report)
    event = AuditEvent.objects.get(action="submissions.report.submitted", target_id=str(report.pk))
    assert "Cảnh báo" in event.note


def test_concurrent_edit_refused(yearly, people, commune_cantho):
    officer = people["officer"]
    report = services.start(actor=officer, form=yearly, unit=commune_cantho, period=YEAR)
    loaded = report.version
    services.save(actor=officer, submission=report, narrative={"situation": "A"}, expected_version=loaded)
    with pytest.raises(StaleRecordError):
        services.save(actor=officer, submission=report, narrative={"situation": "B"}, expected_version=loaded)
    report.refresh_from_db()
    assert report.narrative["situation"] == "A"


def test_scope_and_applicability(yearly, people, commune_cantho, unit, make_user):
    with pytest.raises(PermissionDenied):
        services.start(actor=people["hanoi"], form=yearly, unit=commune_cantho, period=YEAR)
    with pytest.raises(ValidationError, match="không tồn tại"):
        services.start(actor=people["officer"], form=yearly, unit=commune_cantho, period="2023")
    with pytest.raises(ValidationError, match="theo năm"):
        services.start(actor=people["officer"], form=yearly, unit=commune_cantho, period="2025Q3")
    with pytest.raises(ValidationError):
        services.start(actor=people["officer"], form=yearly, unit=commune_cantho, period="20x5")
    with pytest.raises(ValidationError, match="không áp dụng"):
        services.start(actor=make_user(superuser=True), form=yearly, unit=unit("TW-MTTQ"), period=YEAR)


def test_completeness_on_time_late_missing(yearly, people, commune_cantho, unit):
    cantho = unit("VN-92")
    expected = selectors.expected_units(cantho, yearly, selectors.check_period(yearly, commune_cantho, YEAR))
    count = expected.count()
    assert count > 50 and not expected.filter(kind="district").exists()  # 2025 ends without districts
    on_time = services.start(actor=people["officer"], form=yearly, unit=commune_cantho, period=YEAR)
    services.submit(actor=people["officer"], submission=on_time)
    Submission.objects.filter(pk=on_time.pk).update(
        first_submitted_at=timezone.make_aware(datetime.datetime(2026, 1, 15, 16, 0)))  # the deadline day
    other = expected.exclude(pk=commune_cantho.pk).first()
    late = services.start(actor=people["approver"], form=yearly, unit=other, period=YEAR, on_behalf=True)
    services.submit(actor=people["approver"], submission=late, on_behalf=True)
    Submission.objects.filter(pk=late.pk).update(
        first_submitted_at=timezone.make_aware(datetime.datetime(2026, 2, 1, 9, 0)))
    third = expected.exclude(pk__in=[commune_cantho.pk, other.pk]).first()
    services.start(actor=people["approver"], form=yearly, unit=third, period=YEAR, on_behalf=True)  # draft only
    board = selectors.completeness(root=cantho, form=yearly, period=YEAR, today=datetime.date(2026, 2, 2))
    assert (board.expected, board.submitted, board.on_time, board.late, board.missing) == (
        count, 2, 1, 1, count - 2)
    states = {row.unit.pk: row for row in board.rows}
    assert states[third.pk].state == "missing" and states[third.pk].overdue
    assert {row.unit.pk for row in board.reminders()} == {r.unit.pk for r in board.rows} - {commune_cantho.pk}


# --- web and API --------------------------------------------------------------------------------------

def test_web_entry_submit_accept(yearly, people, commune_cantho, client_for):
    client = client_for(people["officer"])
    url = f"/nop-bao-cao/nhap/tong-ket-nam/{commune_cantho.key}/{YEAR}/"
    page = client.get(url)
    assert page.status_code == 200 and "Mô hình “Dân vận khéo” được đăng ký" in page.content.decode()
    bad = client.post(url, {"version": 0, "v__dialogue": "-3", "action": "save"})
    assert bad.status_code == 200 and "không được âm" in bad.content.decode()
    assert not Submission.objects.filter(unit=commune_cantho).exists() or not DataValue.objects.filter(
        unit=commune_cantho).exists()
    done = client.post(url, {"version": 0, "v__dialogue": "7", "s__situation": "Ổn định", "action": "submit"})
    assert done.status_code == 302
    report = Submission.objects.get(unit=commune_cantho, form=yearly, period=YEAR)
    assert report.status == "submitted"
    assert client.get(url).status_code == 302  # not editable any more: goes to the detail page
    assert client.post(f"/nop-bao-cao/bao-cao/{report.pk}/accept/").status_code == 403
    approver = client_for(people["approver"])
    detail = approver.get(f"/nop-bao-cao/bao-cao/{report.pk}/")
    assert detail.status_code == 200 and "Chấp nhận" in detail.content.decode()
    approver.post(f"/nop-bao-cao/bao-cao/{report.pk}/accept/", {"note": ""})
    report.refresh_from_db()
    assert report.status == "accepted"
    Submission.objects.filter(pk=report.pk).update(
        first_submitted_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 8, 0)))
    board = approver.get(f"/nop-bao-cao/tinh-hinh/?unit=VN-92&form=tong-ket-nam&period={YEAR}")
    assert board.status_code == 200 and "Đúng hạn" in board.content.decode()
    csv_response = approver.get(f"/nop-bao-cao/tinh-hinh/?unit=VN-92&form=tong-ket-nam&period={YEAR}&format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã đơn vị", "Đơn vị", "Đơn vị cấp trên", "Tình trạng"]
    assert commune_cantho.key not in {row[0] for row in rows[1:]} and len(rows) > 50


def test_web_bad_urls_and_scope(yearly, people, commune_cantho, client_for, make_user):
    client = client_for(people["hanoi"])
    for url in [f"/nop-bao-cao/nhap/tong-ket-nam/{commune_cantho.key}/{YEAR}/",
                "/nop-bao-cao/tinh-hinh/?unit=VN-92&form=tong-ket-nam&period=2025"]:
        assert client.get(url).status_code == 404, url
    report = services.start(actor=people["officer"], form=yearly, unit=commune_cantho, period=YEAR)
    assert client.get(f"/nop-bao-cao/bao-cao/{report.pk}/").status_code == 404
    assert client.post(f"/nop-bao-cao/bao-cao/{report.pk}/accept/").status_code == 404
    client = client_for(people["officer"])
    for url in [f"/nop-bao-cao/nhap/khong-co/{commune_cantho.key}/{YEAR}/",
                f"/nop-bao-cao/nhap/tong-ket-nam/VN-XX/{YEAR}/"]:
        assert client.get(url).status_code == 404, url
    # A period that cannot be read or does not fit the form is the user's input: 400 with the reason.
    for url, said in [(f"/nop-bao-cao/nhap/tong-ket-nam/{commune_cantho.key}/2025Q1/", "không theo kỳ"),
                      (f"/nop-bao-cao/nhap/tong-ket-nam/{commune_cantho.key}/abc/", "Không đọc được"),
                      (f"/nop-bao-cao/tinh-hinh/?unit={commune_cantho.key}&form=tong-ket-nam&period=xyz",
                       "Không đọc được"),
                      ("/nop-bao-cao/?form=tong-ket-nam&unit=VN-92&period=2026+Q5", "Không đọc được")]:
        page = client.get(url)
        assert page.status_code == 400 and said in page.content.decode(), url
    # "Mở" with the period written as officials write it opens the report of that period.
    opened = client.get(f"/nop-bao-cao/?form=tong-ket-nam&unit={commune_cantho.key}&period=năm {YEAR}")
    assert opened.status_code == 302 and opened.url.endswith(f"/{YEAR}/")
    viewer = client_for(make_user("VN-92", "viewer"))
    assert viewer.get(f"/nop-bao-cao/nhap/tong-ket-nam/{commune_cantho.key}/{YEAR}/").status_code == 403
    assert viewer.get("/nop-bao-cao/").status_code == 200


def test_api_flow(yearly, people, commune_cantho, client_for):
    client = client_for(people["officer"])
    created = client.post("/api/v1/submissions/reports/", {"form": "tong-ket-nam", "unit": commune_cantho.key,
                                                           "period": YEAR}, content_type="application/json")
    assert created.status_code == 201
    report_id, version = created.json()["id"], created.json()["version"]
    saved = client.post(f"/api/v1/submissions/reports/{report_id}/save/",
                        {"values": {"dialogue": 6}, "narrative": {"situation": "x"}, "version": version},
                        content_type="application/json")
    assert saved.status_code == 200 and saved.json()["figures"]["dialogue"]["aggregate"] == 6
    stale = client.post(f"/api/v1/submissions/reports/{report_id}/save/",
                        {"values": {"dialogue": 7}, "version": version}, content_type="application/json")
    assert stale.status_code == 409
    bad = client.post(f"/api/v1/submissions/reports/{report_id}/save/", {"values": {"dialogue": -7}},
                      content_type="application/json")
    assert bad.status_code == 422 and any("dialogue" in f for f in error_fields(bad))
    assert client.post(f"/api/v1/submissions/reports/{report_id}/submit/").json()["status"] == "submitted"
    assert client.post(f"/api/v1/submissions/reports/{report_id}/accept/").status_code == 403
    approver = client_for(people["approver"])
    assert approver.post(f"/api/v1/submissions/reports/{report_id}/return/", {"note": "Thiếu"}).json()[
        "status"] == "returned"
    client = client_for(people["officer"])
    client.post(f"/api/v1/submissions/reports/{report_id}/submit/")
    approver = client_for(people["approver"])
    assert approver.post(f"/api/v1/submissions/reports/{report_id}/accept/").json()["status"] == "accepted"
    assert approver.post(f"/api/v1/submissions/reports/{report_id}/reopen/", {"reason": ""}).status_code == 422
    assert approver.post(f"/api/v1/submissions/reports/{report_id}/reopen/", {"reason": "Sửa"}).json()[
        "status"] == "returned"
    board = approver.get(f"/api/v1/submissions/completeness/?unit=VN-92&form=tong-ket-nam&period={YEAR}").json()
    assert board["expected"] > 50 and board["submitted"] == 0  # returned is not "reported"
    assert approver.get("/api/v1/submissions/completeness/?unit=VN-92&form=tong-ket-nam&period=bad").status_code \
        == 404
    assert approver.get("/api/v1/submissions/forms/").json()["results"][0]["code"] == "tong-ket-nam"
    hanoi = client_for(people["hanoi"])
    assert hanoi.get(f"/api/v1/submissions/reports/{report_id}/").status_code == 404
    assert hanoi.get("/api/v1/submissions/completeness/?unit=VN-92&form=tong-ket-nam").status_code == 404
    assert hanoi.get("/api/v1/submissions/reports/").json()["count"] == 0


def test_approved_figures_only(yearly, people, commune_cantho, unit, settings):
    officer, approver = people["officer"], people["approver"]
    report = services.start(actor=officer, form=yearly, unit=commune_cantho, period=YEAR)
    services.save(actor=officer, submission=report, values={"dialogue": "4"}, expected_version=None)
    cantho = unit("VN-92")
    assert figures(unit=cantho, period=YEAR, indicators=["dialogue"])["dialogue"] == 4
    settings.APPROVED_FIGURES_ONLY = True
    assert figures(unit=cantho, period=YEAR, indicators=["dialogue"])["dialogue"] == 0
    services.submit(actor=officer, submission=report)
    services.accept(actor=approver, submission=report)
    assert figures(unit=cantho, period=YEAR, indicators=["dialogue"])["dialogue"] == 4


def test_demo_is_idempotent():
    from danvan.annual import demo as annual_demo
    from danvan.annual.models import AnnualReport
    from danvan.core.demo import load_accounts
    from danvan.submissions import demo

    load_accounts()
    demo.load_demo_data()
    annual_demo.load_demo_data()
    demo.load_demo_data()
    annual_demo.load_demo_data()
    assert Submission.objects.filter(period="2025", status="submitted").count() == 1
    assert AnnualReport.objects.filter(unit__key="VN-92", year=2025).count() == 1


def test_index_filters_and_start_redirect(yearly, people, commune_cantho, client_for):
    client = client_for(people["officer"])
    services.start(actor=people["officer"], form=yearly, unit=commune_cantho, period=YEAR)
    page = client.get("/nop-bao-cao/?status=draft").content.decode()
    assert "Phường Ninh Kiều" in page and "errorlist" not in page and 'class="error"' not in page
    assert "Phường Ninh Kiều" not in client.get("/nop-bao-cao/?status=accepted").content.decode().split(
        "Các báo cáo")[1]
    response = client.get(f"/nop-bao-cao/?form=tong-ket-nam&unit={commune_cantho.key}&period=2025")
    assert response["Location"] == f"/nop-bao-cao/nhap/tong-ket-nam/{commune_cantho.key}/2025/"


def test_the_boards_unit_list_is_cached_until_the_unit_tree_changes(yearly, unit, monkeypatch):
    """Issue 16: the expected units are read once per unit tree version; a new unit shows at once."""
    from django.core.cache import cache

    from danvan.orgunits.models import OrgUnit

    monkeypatch.setattr("danvan.reports.cache.in_transaction", lambda: False)  # the test runs inside one
    cache.clear()
    cantho = unit("VN-92")
    before = selectors.completeness(root=cantho, form=yearly, period=YEAR).expected
    read = []
    monkeypatch.setattr(selectors, "expected_units", lambda *a: read.append(a) or OrgUnit.objects.none())
    assert selectors.completeness(root=cantho, form=yearly, period=YEAR).expected == before and read == []
    monkeypatch.undo()
    monkeypatch.setattr("danvan.reports.cache.in_transaction", lambda: False)
    commune = OrgUnit.objects.filter(path__startswith=cantho.path, kind="commune", valid_to__isnull=True).first()
    OrgUnit.objects.create(key="VN-92-99999", name="Xã Thử", parent=cantho, path=f"{cantho.path}VN-92-99999/",
                           current_path=f"{cantho.path}VN-92-99999/", kind=commune.kind, level=commune.level,
                           depth=commune.depth, valid_from=commune.valid_from)
    assert selectors.completeness(root=cantho, form=yearly, period=YEAR).expected == before + 1
    cache.clear()
