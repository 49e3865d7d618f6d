"""Reminders reach people on schedule (fake clock, locmem e-mail): 7 and 1 days before, every 7 days overdue,
escalation, immediate and digests, muting, never twice, and a failing mail server that only delays them."""

import datetime

import pytest
from django.core import mail

from danvan.reminders import tasks
from danvan.reminders.models import ReminderMessage, ReminderPreference, SentReminder

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 4, 15)  # a Wednesday
Status = SentReminder.EmailStatus


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def run_the_day(clock, day):
    """What the consumer runs on `day`: the 07:00 digest, the weekly one on Mondays, then the hourly pass."""
    clock.set(day)
    tasks.reminders_daily_digest.call_local()
    if day.weekday() == 0:
        tasks.reminders_weekly_digest.call_local()
    tasks.reminders_hourly.call_local()


@pytest.fixture
def setting(only_rules, person, dialogue, commune_cantho):
    only_rules("commitment")
    officer = person(commune_cantho.key, "officer", username="nk-officer")
    approver_above = person("VN-92", "approver", username="ct-approver")
    commitment = dialogue("Nạo vét kênh Xáng Thổi trước mùa mưa", commune_cantho, DUE)
    return {"officer": officer, "above": approver_above, "commitment": commitment, "commune": commune_cantho}


def test_seven_and_one_days_before_then_every_seven_days_overdue_and_the_level_above_is_told(clock, setting):
    officer, above = setting["officer"], setting["above"]
    sent_on: dict[str, list[int]] = {"officer": [], "above": []}
    for day in days(DUE - datetime.timedelta(days=10), DUE + datetime.timedelta(days=16)):
        before = {who: len(mails_to(user)) for who, user in (("officer", officer), ("above", above))}
        run_the_day(clock, day)
        for who, user in (("officer", officer), ("above", above)):
            if len(mails_to(user)) > before[who]:
                sent_on[who].append((day - DUE).days)
    assert sent_on["officer"] == [-7, -1, 1, 8, 15]
    assert sent_on["above"] == [8, 15]  # the rule escalates from 7 days late: the province's approver

    first, overdue = mails_to(officer)[0], mails_to(officer)[3]
    assert first.subject == "[danvan] Nhắc việc: 1 việc"
    assert "Nạo vét kênh Xáng Thổi" in first.body and "còn 7 ngày" in first.body
    assert "Hạn: ngày 15 tháng 4 năm 2026" in first.body
    assert f"http://127.0.0.1:8000/hoat-dong/cam-ket/?don_vi={setting['commune'].key}" in first.body
    html = first.alternatives[0][0]
    assert first.alternatives[0][1] == "text/html" and "Nạo vét kênh Xáng Thổi" in html
    assert "quá hạn 8 ngày" in overdue.body and overdue.subject == "[danvan] Nhắc việc: 1 việc (1 việc quá hạn)"
    escalation = mails_to(above)[0]
    assert "Phường Ninh Kiều" in escalation.body and "đề nghị đồng chí đôn đốc" in escalation.body
    # Every reminder is recorded, in the bell too, with the message that carried it.
    rows = SentReminder.objects.filter(user=officer).order_by("created_on")
    assert [r.occasion for r in rows] == ["2026-04-15@-7", "2026-04-15@-1", "2026-04-15@+1", "2026-04-15@+8",
                                          "2026-04-15@+15"]
    assert all(r.email_status == Status.SENT and r.message.status == "sent" for r in rows)
    assert SentReminder.objects.get(user=above, occasion="2026-04-15@+8").escalated


def test_nothing_is_sent_once_the_commitment_is_done(clock, setting):
    from danvan.activities import services

    run_the_day(clock, DUE - datetime.timedelta(days=7))
    services.commitment_set_status(actor=setting["officer"], commitment=setting["commitment"], to="done",
                                   done_on=DUE - datetime.timedelta(days=3), result="Đã nạo vét xong")
    for day in days(DUE - datetime.timedelta(days=6), DUE + datetime.timedelta(days=9)):
        run_the_day(clock, day)
    assert len(mails_to(setting["officer"])) == 1


def test_running_the_jobs_twice_sends_nothing_twice(clock, setting):
    from django.core.management import call_command

    clock.set(DUE - datetime.timedelta(days=7))
    for _ in range(2):
        tasks.reminders_hourly.call_local()
        tasks.reminders_daily_digest.call_local()
        call_command("send_reminders", stdout=__import__("io").StringIO())
    assert len(mails_to(setting["officer"])) == 1
    assert SentReminder.objects.filter(user=setting["officer"]).count() == 1
    assert ReminderMessage.objects.filter(user=setting["officer"]).count() == 1


def test_daily_and_weekly_digests_carry_each_item_once(clock, only_rules, person, dialogue, commune_cantho):
    only_rules("commitment")
    daily = person(commune_cantho.key, "officer", delivery="daily", username="nk-daily")
    weekly = person(commune_cantho.key, "officer", delivery="weekly", username="nk-weekly")
    dialogue("Sửa cầu Cái Sơn", commune_cantho, DUE)  # due Wed 15/4: -7 on 8/4, -1 on 14/4, +1 on 16/4
    dialogue("Lắp đèn hẻm 51", commune_cantho, datetime.date(2026, 4, 24))  # -7 on 17/4
    by_day: dict[datetime.date, list] = {}
    for day in days(datetime.date(2026, 4, 7), datetime.date(2026, 4, 20)):
        before = len(mail.outbox)
        run_the_day(clock, day)
        by_day[day] = mail.outbox[before:]

    daily_days = [day for day, sent in by_day.items() if any(daily.email in m.to for m in sent)]
    assert daily_days == [datetime.date(2026, 4, d) for d in (8, 14, 16, 17)]
    digest = next(m for m in by_day[datetime.date(2026, 4, 8)] if daily.email in m.to)
    assert digest.subject == "[danvan] Tổng hợp nhắc việc ngày 08/04/2026: 1 việc"

    weekly_days = [day for day, sent in by_day.items() if any(weekly.email in m.to for m in sent)]
    assert weekly_days == [datetime.date(2026, 4, 13), datetime.date(2026, 4, 20)]
    second = next(m for m in by_day[datetime.date(2026, 4, 20)] if weekly.email in m.to)
    assert second.subject == "[danvan] Tổng hợp nhắc việc tuần từ ngày 20/04/2026: 2 việc (1 việc quá hạn)"
    assert second.body.count("Sửa cầu Cái Sơn") == 1  # reminded twice that week (-1, +1): shown once
    assert "Lắp đèn hẻm 51" in second.body
    # Both reminders of the bridge are recorded as carried by that one message.
    carried = SentReminder.objects.filter(user=weekly, title__contains="Cái Sơn", created_on__gte="2026-04-14")
    assert {r.message_id for r in carried} == {ReminderMessage.objects.filter(user=weekly).first().pk}


def test_a_muted_kind_is_neither_in_the_bell_nor_in_mail(clock, setting, person, client_for):
    officer = setting["officer"]
    client_for(officer).post("/thong-bao/cai-dat/", {"delivery": "immediate", "muted_kinds": ["commitment"]})
    assert ReminderPreference.objects.get(user=officer).muted_kinds == ["commitment"]
    other = person(setting["commune"].key, "approver", username="nk-approver")
    run_the_day(clock, DUE - datetime.timedelta(days=7))
    assert not SentReminder.objects.filter(user=officer).exists() and not mails_to(officer)
    assert len(mails_to(other)) == 1  # muting is personal


def test_a_failing_mail_server_delays_reminders_and_never_breaks_a_page(clock, setting, fail_mail, client_for,
                                                                       person):
    from .backends import RefusingBackend

    officer = setting["officer"]
    colleague = person(setting["commune"].key, "approver", username="nk-colleague")
    clock.set(DUE - datetime.timedelta(days=7))
    tasks.reminders_hourly.call_local()
    row = SentReminder.objects.get(user=officer)
    assert row.email_status == Status.FAILED and row.email_attempts == 1
    assert "ConnectionRefusedError" in row.email_error and not mail.outbox
    # The run tried the server once; the other recipient's reminder is recorded failed without a second wait.
    assert RefusingBackend.attempts == 1
    assert SentReminder.objects.get(user=colleague).email_status == Status.FAILED
    assert ReminderMessage.objects.get(user=officer).status == ReminderMessage.Status.FAILED
    # The pages never send mail: they answer while the server is down, and the bell shows the reminder.
    client = client_for(officer)
    page = client.get("/").content.decode()
    assert 'class="bell has-unread"' in page
    assert client.get("/thong-bao/").status_code == 200
    assert client.post("/thong-bao/cai-dat/", {"delivery": "daily"}).status_code == 302
    client.post("/thong-bao/cai-dat/", {"delivery": "immediate"})

    fail_mail.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.reminders_hourly.call_local()  # the next run
    row.refresh_from_db()
    assert row.email_status == Status.SENT and row.email_attempts == 2 and len(mails_to(officer)) == 1
    assert len(mails_to(colleague)) == 1
    tasks.reminders_hourly.call_local()
    assert len(mails_to(officer)) == 1


def test_a_failed_digest_is_sent_again_by_the_next_hourly_run(clock, only_rules, person, dialogue, commune_cantho,
                                                             settings):
    only_rules("commitment")
    daily = person(commune_cantho.key, "officer", delivery="daily")
    dialogue("Sửa cầu Cái Sơn", commune_cantho, DUE)
    clock.set(DUE - datetime.timedelta(days=7))
    settings.EMAIL_BACKEND = "danvan.reminders.tests.backends.SmtpErrorBackend"
    tasks.reminders_daily_digest.call_local()
    assert SentReminder.objects.get(user=daily).email_status == Status.FAILED
    assert "SMTPDataError" in SentReminder.objects.get(user=daily).email_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.reminders_hourly.call_local()
    assert len(mails_to(daily)) == 1 and "Tổng hợp nhắc việc ngày" in mails_to(daily)[0].subject
    tasks.reminders_hourly.call_local()
    tasks.reminders_daily_digest.call_local()
    assert len(mails_to(daily)) == 1


def test_without_an_address_or_by_choice_reminders_stay_in_the_bell(clock, setting, person):
    no_address = person(setting["commune"].key, "officer", email=False, username="nk-noaddress")
    bell_only = person(setting["commune"].key, "officer", delivery="none", username="nk-bell")
    run_the_day(clock, DUE - datetime.timedelta(days=7))
    for user in (no_address, bell_only):
        row = SentReminder.objects.get(user=user)
        assert row.email_status == Status.SKIPPED and row.read_at is None
    assert not mails_to(bell_only)


def test_an_item_reminded_by_two_rules_reaches_a_person_once_a_day(clock, setting):
    from danvan.reminders.models import ReminderRule

    ReminderRule.objects.create(kind="commitment", name="Nhắc thêm 7 ngày trước", days_before="7",
                                overdue_every_days=0, recipient_roles="officer")
    run_the_day(clock, DUE - datetime.timedelta(days=7))
    assert SentReminder.objects.filter(user=setting["officer"]).count() == 1
    assert len(mails_to(setting["officer"])) == 1


def test_the_jobs_run_at_seven_in_the_morning_hanoi_time():
    from datetime import datetime as dt

    from huey.contrib.djhuey import HUEY

    daily = tasks.reminders_daily_digest.task_class()
    weekly = tasks.reminders_weekly_digest.task_class()
    hourly = tasks.reminders_hourly.task_class()
    assert HUEY.utc  # crontabs are read in UTC: 07:00 in Hà Nội is 00:00 UTC
    assert daily.validate_datetime(dt(2026, 4, 15, 0, 0)) and not daily.validate_datetime(dt(2026, 4, 15, 7, 0))
    assert weekly.validate_datetime(dt(2026, 4, 13, 0, 5))  # Monday 07:05 in Hà Nội
    assert not weekly.validate_datetime(dt(2026, 4, 14, 0, 5))
    assert hourly.validate_datetime(dt(2026, 4, 14, 23, 30))  # 06:30 in Hà Nội
    assert hourly.validate_datetime(dt(2026, 4, 15, 11, 30)) and not hourly.validate_datetime(dt(2026, 4, 15, 12, 30))


def test_escalation_goes_up_to_the_nearest_unit_with_approvers(clock, only_rules, person, dialogue, commune_cantho):
    only_rules("commitment")
    person(commune_cantho.key, "officer")
    central = person("VN", "approver", username="tw-approver")  # Cần Thơ has no approver here
    dialogue("Nạo vét kênh Xáng Thổi", commune_cantho, DUE)
    run_the_day(clock, DUE + datetime.timedelta(days=1))
    assert not mails_to(central)
    run_the_day(clock, DUE + datetime.timedelta(days=8))
    assert len(mails_to(central)) == 1 and SentReminder.objects.get(user=central).escalated


def test_a_send_interrupted_by_a_crash_is_taken_again_later(clock, setting):
    from django.utils import timezone

    clock.set(DUE - datetime.timedelta(days=7))
    tasks.reminders_daily_digest.call_local()  # computes; the officer chose "immediately"
    row = SentReminder.objects.get(user=setting["officer"])
    SentReminder.objects.filter(pk=row.pk).update(email_status=Status.SENDING, claim="dead",
                                                   claimed_at=timezone.now() - datetime.timedelta(minutes=10))
    tasks.reminders_hourly.call_local()
    assert not mail.outbox  # another sender may still be at work
    SentReminder.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - datetime.timedelta(hours=2))
    tasks.reminders_hourly.call_local()
    assert len(mails_to(setting["officer"])) == 1


def test_an_item_already_mailed_today_is_not_repeated_in_a_later_message(clock, setting):
    clock.set(DUE - datetime.timedelta(days=7))
    tasks.reminders_hourly.call_local()
    first = SentReminder.objects.get(user=setting["officer"])
    # The same item again the same day (e.g. a rule added by an administrator at noon, with its own occasion).
    SentReminder.objects.create(user=setting["officer"], kind=first.kind, item_key=first.item_key,
                                occasion="2026-04-15@-6", unit=first.unit, due=first.due, title=first.title,
                                url=first.url, created_on=clock.day)
    tasks.reminders_hourly.call_local()
    assert len(mails_to(setting["officer"])) == 1
    assert SentReminder.objects.get(occasion="2026-04-15@-6").email_status == Status.DUPLICATE
