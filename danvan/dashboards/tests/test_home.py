"""The signed-in home page: "Việc cần làm" for the user's roles and scope, then key figures from the engine."""

import datetime

import pytest
from django.urls import reverse

from danvan.registry import services as registry_services
from danvan.registry.models import Field
from danvan.reports.services import datavalue_set
from danvan.submissions import services as submission_services
from danvan.submissions.models import ReportForm

pytestmark = pytest.mark.django_db


def _register_model(officer, commune, name="Mô hình “Chợ sạch, người bán văn minh”"):
    return registry_services.create_model(
        actor=officer, unit=commune, year=2026,
        data={"name": name, "field": Field.objects.get(code="kinh_te"), "subject": "tap_the"},
        register=True, registered_on=datetime.date(2026, 3, 2))


def test_empty_queue_says_so(make_user, client_for):
    page = client_for(make_user("VN-96", "viewer")).get(reverse("home")).content.decode()
    assert "Việc cần làm" in page and "Không có việc nào đang chờ bạn." in page


def test_approver_sees_the_model_a_commune_just_registered(make_user, client_for, commune_cantho):
    officer = make_user(commune_cantho.key, "officer")
    approver = make_user("VN-92", "approver")
    hanoi = make_user("VN-01", "approver")
    _register_model(officer, commune_cantho)
    page = client_for(approver).get(reverse("home")).content.decode()
    assert "Mô hình chờ đưa ra bình xét" in page
    assert '<span class="count">1</span> <a href="/mo-hinh/?trang_thai=registered">' in page
    listing = client_for(approver).get("/mo-hinh/?trang_thai=registered").content.decode()
    assert "Chợ sạch, người bán văn minh" in listing
    # Another province's approver has nothing to do about it.
    assert "Mô hình chờ đưa ra bình xét" not in client_for(hanoi).get(reverse("home")).content.decode()


def test_returned_report_says_returned_with_the_note(make_user, client_for, commune_cantho):
    officer = make_user(commune_cantho.key, "officer")
    approver = make_user("VN-92", "approver")
    form = ReportForm.objects.get(code="tong-ket-nam")
    submission = submission_services.start(actor=officer, form=form, unit=commune_cantho, period="2025")
    submission = submission_services.submit(actor=officer, submission=submission)
    approver_page = client_for(approver).get(reverse("home")).content.decode()
    assert "Báo cáo định kỳ chờ chấp nhận" in approver_page
    submission_services.return_report(actor=approver, submission=submission, note="Thiếu số liệu hội nghị quý IV.")
    page = client_for(officer).get(reverse("home")).content.decode()
    assert "Báo cáo bị trả lại: " + form.name in page
    assert "Ý kiến cấp trên: Thiếu số liệu hội nghị quý IV." in page
    assert submission.get_absolute_url() in page
    # The approver's queue no longer holds it.
    assert "Báo cáo định kỳ chờ chấp nhận" not in client_for(approver).get(reverse("home")).content.decode()


def test_late_report_is_in_the_writers_queue(make_user, client_for, commune_cantho):
    from danvan.submissions.selectors import queue

    officer = make_user(commune_cantho.key, "officer")
    found = queue(officer, today=datetime.date(2026, 1, 20))
    late = [d for d in found["due"] if d.form.code == "tong-ket-nam"]
    assert late and late[0].period == "2025" and late[0].late
    soon = queue(officer, today=datetime.date(2026, 1, 10))
    assert [d for d in soon["due"] if d.form.code == "tong-ket-nam" and not d.late]
    # Submitted: no longer due.
    form = ReportForm.objects.get(code="tong-ket-nam")
    submission = submission_services.start(actor=officer, form=form, unit=commune_cantho, period="2025")
    submission_services.submit(actor=officer, submission=submission)
    assert not [d for d in queue(officer, today=datetime.date(2026, 1, 20))["due"] if d.form.code == "tong-ket-nam"]


def test_key_figures_compare_with_last_year_only_when_both_have_data(make_user, client_for, unit):
    from django.utils import timezone

    year = timezone.localdate().year
    datavalue_set(actor=None, unit=unit("VN-92"), period=str(year), indicator="dialogue", value=150)
    datavalue_set(actor=None, unit=unit("VN-92"), period=str(year - 1), indicator="dialogue", value=120)
    datavalue_set(actor=None, unit=unit("VN-92"), period=str(year), indicator="media", value=3790)
    page = client_for(make_user("VN-92", "officer")).get(reverse("home")).content.decode()
    assert f"Số liệu chính năm {year}" in page
    assert "+25%" in page  # 150 against 120
    assert "3.790" in page and "chưa đủ số liệu để so sánh" in page


def test_home_page_query_count_is_pinned(make_user, client_for, commune_cantho, django_assert_max_num_queries):
    officer = make_user(commune_cantho.key, "officer")
    _register_model(officer, commune_cantho)
    client = client_for(make_user("VN", "approver"))
    client.get(reverse("home"))  # warm the figure cache
    # Session, user, grants, unit, one read per work-queue line, the panels, the children: no N+1.
    with django_assert_max_num_queries(24):
        assert client.get(reverse("home")).status_code == 200


def test_campaigns_under_way_show_their_results_against_target(make_user, client_for, unit):
    from danvan.campaigns import services as campaign_services
    from danvan.campaigns.models import Campaign

    organiser = make_user("VN-92", "officer")
    campaign = campaign_services.campaign_create(
        actor=organiser, unit=unit("VN-92"), name="Mái ấm nghĩa tình Cần Thơ", kind=Campaign.Kind.CAMPAIGN,
        start_date=datetime.date(2025, 7, 1), participant_root=unit("VN-92"))
    campaign_services.target_set(actor=organiser, campaign=campaign, metric="houses", value=150)
    page = client_for(organiser).get(reverse("home")).content.decode()
    assert "Mái ấm nghĩa tình Cần Thơ" in page
    assert "Số nhà (căn): 0 / chỉ tiêu 150 căn" in page


def test_the_queue_is_cached_until_a_record_changes(make_user, client_for, commune_cantho,
                                                    django_assert_max_num_queries):
    officer = make_user(commune_cantho.key, "officer")
    approver = make_user("VN-92", "approver")
    client = client_for(approver)
    client.get(reverse("home"))
    with django_assert_max_num_queries(8):  # session, user, memberships, unit, children: not the ~20 of the queue
        assert "Mô hình chờ đưa ra bình xét" not in client.get(reverse("home")).content.decode()
    _register_model(officer, commune_cantho)  # any saved record makes every cached queue stale
    assert "Mô hình chờ đưa ra bình xét" in client.get(reverse("home")).content.decode()


def test_a_transaction_bumps_the_records_version_now_and_once_at_commit(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    from danvan.core import freshness

    before = freshness.version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        freshness.records_changed()
        freshness.records_changed()  # nobody read the number in between: a bulk write bumps once
        assert freshness.version() == before + 1  # at once, so this transaction's own reads are not cached stale
        freshness.records_changed()  # read since: bumped again
        assert freshness.version() == before + 2
    assert len(callbacks) == 1 and freshness.version() == before + 3


def test_no_model_loses_djangos_fast_bulk_delete():
    from django.db.models.signals import post_delete

    from danvan.core.models import AuditEvent
    from danvan.reports.models import RollupValue

    assert not post_delete.has_listeners(RollupValue) and not post_delete.has_listeners(AuditEvent)


def test_with_the_database_cache_a_write_never_queries_the_cache_inside_its_transaction(
        settings, django_assert_num_queries):
    from django.db import transaction

    from danvan.core import freshness

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "danvan_cache_absent"}}
    freshness._read_since_bump[0] = True
    with transaction.atomic(), django_assert_num_queries(0):
        freshness.records_changed()  # bumped once the transaction commits, not inside it
