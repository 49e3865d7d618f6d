"""In the application: the bell, the notifications page (open, mark read), preferences, rules, the operator's
command and the administrators' rule changes (audited)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from danvan.core.models import AuditEvent
from danvan.reminders import services
from danvan.reminders.models import ReminderPreference, ReminderRule, SentReminder

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 4, 15)


@pytest.fixture
def reminded(clock, only_rules, person, dialogue, commune_cantho):
    only_rules("commitment")
    officer = person(commune_cantho.key, "officer", delivery="daily")
    dialogue("Nạo vét kênh Xáng Thổi", commune_cantho, DUE)
    dialogue("Sửa cầu Cái Sơn", commune_cantho, DUE - datetime.timedelta(days=1))
    clock.set(DUE - datetime.timedelta(days=7))
    services.compute_reminders()
    return officer


def test_the_bell_counts_unread_reminders_and_the_page_lists_them(reminded, client_for):
    client = client_for(reminded)
    page = client.get("/hoat-dong/").content.decode()
    assert 'class="bell has-unread"' in page and '<span class="bell-count">2</span>' in page
    listing = client.get("/thong-bao/").content.decode()
    assert "Nạo vét kênh Xáng Thổi" in listing and "Sửa cầu Cái Sơn" in listing

    first = SentReminder.objects.get(user=reminded, title__contains="Xáng Thổi")
    response = client.post(f"/thong-bao/{first.pk}/mo/")
    assert response.status_code == 302 and response["Location"] == first.url
    first.refresh_from_db()
    assert first.is_read
    assert '<span class="bell-count">1</span>' in client.get("/thong-bao/").content.decode()
    assert "Sửa cầu Cái Sơn" in client.get("/thong-bao/?chua_doc=1").content.decode()
    assert "Xáng Thổi" not in client.get("/thong-bao/?chua_doc=1").content.decode()
    client.post("/thong-bao/doc-het/")
    assert not SentReminder.objects.filter(user=reminded, read_at__isnull=True).exists()
    assert 'class="bell"' in client.get("/").content.decode()
    assert not mail.outbox  # pages never send mail


def test_nobody_opens_or_marks_someone_elses_reminder(reminded, make_user, client_for):
    row = SentReminder.objects.filter(user=reminded).first()
    client = client_for(make_user("VN-92", "approver"))
    assert client.post(f"/thong-bao/{row.pk}/mo/").status_code == 404
    assert client.post(f"/thong-bao/{row.pk}/da-doc/").status_code == 404
    assert client.get(f"/thong-bao/{row.pk}/mo/").status_code == 405
    assert "Xáng Thổi" not in client.get("/thong-bao/").content.decode()
    row.refresh_from_db()
    assert not row.is_read


def test_each_user_chooses_delivery_and_muted_kinds_on_their_own_page(make_user, client_for):
    viewer = make_user("VN-92", "viewer")  # even a reader may set their own choice
    client = client_for(viewer)
    page = client.get("/thong-bao/cai-dat/").content.decode()
    assert "Thư tổng hợp hằng ngày (7 giờ sáng)" in page and "chưa có địa chỉ thư điện tử" in page
    response = client.post("/thong-bao/cai-dat/", {"delivery": "weekly", "muted_kinds": ["petition", "document"]})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=viewer)
    assert preference.delivery == "weekly" and preference.muted_kinds == ["document", "petition"]
    event = AuditEvent.objects.get(action="reminders.preference.updated")
    assert event.actor == viewer and event.changes["delivery"] == [None, "weekly"]
    from danvan.core.history import describe

    readable = describe(event)
    assert "đã sửa cài đặt nhắc việc" in readable.sentence
    assert any(c.new == "Thư tổng hợp hằng tuần (7 giờ sáng thứ Hai)" for c in readable.changes)
    profile = client.get("/tai-khoan/ho-so/").content.decode()
    assert "Thư tổng hợp hằng tuần" in profile and "/thong-bao/cai-dat/" in profile
    assert client.post("/thong-bao/cai-dat/", {"delivery": "hourly"}).status_code == 200  # refused choice
    assert ReminderPreference.objects.get(user=viewer).delivery == "weekly"


def test_rules_are_listed_for_everyone_and_changed_by_administrators_with_an_audit_trail(make_user, client_for):
    page = client_for(make_user("VN-92", "officer")).get("/thong-bao/quy-tac/").content.decode()
    assert "Báo cáo định kỳ: nhắc trước hạn nộp 7 và 1 ngày" in page
    assert "Nhiệm vụ chương trình công tác" in page
    assert "chưa có nguồn dữ liệu" not in page  # every rule has its source (the work programme registers one)

    root = make_user(superuser=True, username="root-reminders")
    root.is_staff = True
    root.save()
    client = client_for(root)
    rule = ReminderRule.objects.get(kind="commitment")
    response = client.post(f"/quan-tri/reminders/reminderrule/{rule.pk}/change/", {
        "kind": "commitment", "name": rule.name, "days_before": "14, 3", "overdue_every_days": "3",
        "overdue_for_days": "60", "recipient_roles": "officer", "escalate_after_days": "", "active": "on",
        "note": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert (rule.days_before, rule.overdue_every_days, rule.escalate_after_days) == ("14, 3", 3, None)
    event = AuditEvent.objects.get(action="reminders.rule.updated")
    assert event.actor == root and event.changes["overdue_every_days"] == [7, 3]
    bad = client.post(f"/quan-tri/reminders/reminderrule/{rule.pk}/change/", {
        "kind": "commitment", "name": rule.name, "days_before": "7, một", "overdue_every_days": "7",
        "overdue_for_days": "60", "recipient_roles": "officer", "escalate_after_days": "", "note": ""})
    assert bad.status_code == 200 and "không phải số ngày" in bad.content.decode()


def test_the_operators_command_dry_run_changes_nothing_then_sends(reminded):
    out = io.StringIO()
    SentReminder.objects.all().delete()
    call_command("send_reminders", "--date", "2026-04-08", "--dry-run", stdout=out)
    assert "2 nhắc việc mới" in out.getvalue() and "Nạo vét kênh Xáng Thổi" in out.getvalue()
    assert not SentReminder.objects.exists() and not mail.outbox
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-04-08", stdout=out)
    assert "2 nhắc việc mới" in out.getvalue()
    assert len(mail.outbox) == 1  # the daily digest of the officer
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-04-08", stdout=out)
    assert "0 nhắc việc mới" in out.getvalue() and len(mail.outbox) == 1


def test_the_deploy_check_says_when_reminders_would_only_be_printed(settings):
    from danvan.reminders.checks import email_configured

    settings.DEBUG, settings.EMAIL_BACKEND = False, "django.core.mail.backends.console.EmailBackend"
    assert [m.id for m in email_configured(None)] == ["reminders.I001"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert email_configured(None) == []


def test_the_bell_reads_no_count_and_shows_99_plus_while_the_queue_tells_the_number(make_user, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = make_user("VN-92", "officer")
    SentReminder.objects.bulk_create([
        SentReminder(user=officer, kind="commitment", item_key=str(i), occasion="2026-04-15@-7", due=DUE,
                     title=f"Việc {i}", url="/", created_on=DUE) for i in range(120)])
    client = client_for(officer)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/hoat-dong/").content.decode()
    assert '<span class="bell-count">99+</span>' in page
    assert not any("COUNT(" in q["sql"] and "reminders_" in q["sql"] for q in queries.captured_queries)
    home = client.get("/").content.decode()
    assert '<span class="count">120</span>' in home and "Thông báo nhắc việc chưa đọc" in home


def test_the_bells_count_is_cached_per_user_and_moves_with_new_reminders_and_read_marks(
        reminded, clock, dialogue, commune_cantho, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(reminded)
    assert '<span class="bell-count">2</span>' in client.get("/hoat-dong/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert '<span class="bell-count">2</span>' in client.get("/hoat-dong/").content.decode()
    assert not any("reminders_sentreminder" in q["sql"] for q in queries.captured_queries)

    services.mark_read(user=reminded, reminder_ids=[SentReminder.objects.filter(user=reminded).first().pk])
    assert '<span class="bell-count">1</span>' in client.get("/hoat-dong/").content.decode()
    dialogue("Lát đường ấp Mỹ Ái", commune_cantho, DUE)
    services.compute_reminders()  # new rows by bulk_create: no signal, yet the bell moves
    assert '<span class="bell-count">2</span>' in client.get("/hoat-dong/").content.decode()
