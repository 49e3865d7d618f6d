"""What falls due, from each app: periodic reports, petitions' legal deadlines, documents, and a plugged-in
source (the work programme's tasks, registered by its own app) that also shows in the home work queue."""

import datetime

import pytest
from django.core import mail

from danvan.reminders import services, sources, tasks
from danvan.reminders.models import SentReminder
from danvan.reminders.sources import DueItem

pytestmark = pytest.mark.django_db


def test_periodic_reports_due_are_reminded_until_submitted(clock, only_rules, person, commune_cantho, settings):
    from danvan.submissions.models import ReportForm, Submission

    only_rules("submission")
    officer = person(commune_cantho.key, "officer", delivery="daily")
    clock.set(datetime.date(2026, 1, 8))  # yearly report of 2025 due 15/01 (-7); quarter IV due 10/01 (2 days)
    services.compute_reminders()
    rows = {r.item_key: r for r in SentReminder.objects.filter(user=officer)}
    yearly, quarterly = f"tong-ket-nam:{commune_cantho.key}:2025", f"dinh-ky-quy:{commune_cantho.key}:2025Q4"
    late = f"dinh-ky-quy:{commune_cantho.key}:2025Q3"  # due 10/10/2025: 90 days late, still within the rule
    assert set(rows) == {yearly, quarterly, late}
    assert rows[late].occasion == "2025-10-10@+85"
    assert rows[yearly].due == datetime.date(2026, 1, 15)
    assert rows[yearly].url == f"/nop-bao-cao/nhap/tong-ket-nam/{commune_cantho.key}/2025/"
    assert rows[quarterly].occasion == "2026-01-10@-7"  # first seen 2 days ahead: its 7-day reminder, once

    # The quarterly report is submitted before the 07:00 digest: the digest no longer carries it.
    Submission.objects.create(form=ReportForm.objects.get(code="dinh-ky-quy"), unit=commune_cantho, period="2025Q4",
                              period_start=datetime.date(2025, 10, 1), period_end=datetime.date(2025, 12, 31),
                              deadline=datetime.date(2026, 1, 10), status=Submission.Status.SUBMITTED)
    tasks.reminders_daily_digest.call_local()
    assert len(mail.outbox) == 1 and "quý IV năm 2025" not in mail.outbox[0].body
    body = mail.outbox[0].body
    assert "Báo cáo tổng kết công tác dân vận năm (năm 2025)" in body and "quý III năm 2025" in body
    assert SentReminder.objects.get(item_key=quarterly).email_status == SentReminder.EmailStatus.OBSOLETE
    clock.set(datetime.date(2026, 1, 9))
    services.compute_reminders()
    assert not SentReminder.objects.filter(item_key=quarterly, created_on=datetime.date(2026, 1, 9)).exists()


def test_a_petitions_legal_deadline_is_reminded_and_a_denouncer_never_named(clock, only_rules, person, unit,
                                                                            make_user):
    from danvan.petitions import services as petitions

    only_rules("petition")
    officer = person("VN-92", "officer", username="ct-officer")
    viewer = person("VN-92", "viewer", username="ct-viewer")
    hanoi = person("VN-01", "officer", username="hn-officer")
    case = petitions.case_create(
        actor=officer, unit=unit("VN-92"), kind="to_cao", channel="letter", field="can_bo",
        received_on=datetime.date(2026, 3, 2), subject="Tố cáo cán bộ địa chính Bình Thủy nhận hối lộ",
        content="Nội dung chi tiết", petitioners=[{"name": "Lê Thị Bí Mật", "phone": "0987654321",
                                                    "address": "Hẻm 99 đường Bí Ẩn"}])
    case = petitions.case_accept(actor=officer, case=case, accepted_on=datetime.date(2026, 3, 5))
    assert case.resolve_due is not None  # a tố cáo has no acceptance limit in the rules; resolution has one
    clock.set(case.resolve_due - datetime.timedelta(days=7))
    tasks.reminders_hourly.call_local()

    assert [m.to for m in mail.outbox] == [[officer.email]]  # not the viewer, not Hà Nội
    message = mail.outbox[0]
    everything = message.subject + message.body + message.alternatives[0][0]
    assert f"Đơn tố cáo mã {case.tracking_code}" in message.body and "Hạn giải quyết theo luật" in message.body
    for secret in ("Lê Thị Bí Mật", "0987654321", "Bí Ẩn", "hối lộ", "Bình Thủy"):
        assert secret not in everything
    row = SentReminder.objects.get(user=officer)
    assert "hối lộ" not in row.title and row.url == case.get_absolute_url()
    assert not SentReminder.objects.filter(user__in=[viewer, hanoi]).exists()


def test_a_document_to_disseminate_reaches_the_commune_and_stops_once_disseminated(clock, only_rules, person,
                                                                                   make_user, unit,
                                                                                   commune_cantho):
    from danvan.activities import services as activities
    from danvan.activities.models import ActivityKind

    only_rules("document")
    officer = person(commune_cantho.key, "officer")
    province = make_user("VN-92", "officer")
    document = activities.document_create(
        actor=province, unit=unit("VN-92"), symbol="24-KH/BDVTU", issuing_body="Ban Dân vận Thành ủy",
        issued_on=datetime.date(2026, 2, 1), title="Kế hoạch triển khai năm Dân vận chính quyền")
    activities.requirement_set(actor=province, document=document, unit=unit("VN-92"), levels=["commune"],
                               deadline=datetime.date(2026, 3, 31))
    clock.set(datetime.date(2026, 3, 24))
    tasks.reminders_hourly.call_local()
    assert len(mail.outbox) == 1 and "Học tập, quán triệt văn bản 24-KH/BDVTU" in mail.outbox[0].body

    activities.activity_create(actor=officer, unit=commune_cantho, kind=ActivityKind.objects.get(code="hoi_nghi"),
                               title="Hội nghị quán triệt", start_date=datetime.date(2026, 3, 26), attendees=80,
                               participants=80, purpose="quan_triet", documents=[document])
    clock.set(datetime.date(2026, 3, 30))
    tasks.reminders_hourly.call_local()
    assert len(mail.outbox) == 1


@pytest.fixture
def programme_source(commune_cantho):
    """A stand-in work-programme source (the app's own one is put back afterwards)."""
    tasks_due = []
    registered = sources.get("programme_task")

    def provider(*, day, start, end, units=None):
        for item in tasks_due:
            if units is None or units.filter(pk=item.unit.pk).exists():
                yield item

    sources.register("programme_task", provider, label="Nhiệm vụ chương trình công tác", work_queue=True)
    yield tasks_due
    sources.unregister("programme_task")
    if registered is not None:
        sources.register(registered.kind, registered.provider, label=registered.label,
                         work_queue=registered.work_queue, order=registered.order)


def test_a_plugged_in_source_is_reminded_and_shows_in_the_home_work_queue(clock, only_rules, person,
                                                                          commune_cantho, programme_source,
                                                                          client_for):
    only_rules("programme_task")  # the default rule of the work programme, waiting for its source
    officer = person(commune_cantho.key, "officer")
    clock.set(datetime.date(2026, 6, 23))
    programme_source.append(DueItem(kind="programme_task", key="42", unit=commune_cantho,
                                    due=datetime.date(2026, 6, 30), title="Đề án xây dựng mô hình dân vận khéo",
                                    url="/chuong-trinh/42/"))
    tasks.reminders_hourly.call_local()
    assert len(mail.outbox) == 1 and "Đề án xây dựng mô hình dân vận khéo" in mail.outbox[0].body
    assert "http://127.0.0.1:8000/chuong-trinh/42/" in mail.outbox[0].body
    page = client_for(officer).get("/").content.decode()
    assert "Nhiệm vụ chương trình công tác: Đề án xây dựng mô hình dân vận khéo — hạn 30/06/2026" in page
    assert "Thông báo nhắc việc chưa đọc" in page


def test_no_reminder_reaches_someone_the_gatekeeper_would_not_show_the_record(clock, person, unit,
                                                                              commune_cantho, make_user):
    """A source naming a responsible unit but a record of another province: nobody of that unit is told."""
    from danvan.petitions import services as petitions
    from danvan.reminders.models import ReminderRule

    ReminderRule.objects.update(active=False)
    ReminderRule.objects.create(kind="test_leak", name="x", days_before="7")
    officer = person(commune_cantho.key, "officer")
    inactive = person(commune_cantho.key, "officer", username="nk-left")
    inactive.is_active = False
    inactive.save()
    hanoi_case = petitions.case_create(actor=make_user("VN-01", "officer"), unit=unit("VN-01"), kind="kien_nghi",
                                       channel="letter", field="dat_dai", received_on=datetime.date(2026, 3, 1),
                                       subject="Kiến nghị của Hà Nội", petitioners=[{"name": "Nguyễn Văn A"}])
    items = [DueItem(kind="test_leak", key="1", unit=commune_cantho, due=datetime.date(2026, 3, 9),
                     title="Kiến nghị của Hà Nội", url=hanoi_case.get_absolute_url(), record=hanoi_case),
             DueItem(kind="test_leak", key="2", unit=commune_cantho, due=datetime.date(2026, 3, 9),
                     title="Việc của phường", url="/", record=None)]
    sources.register("test_leak", lambda **kw: iter(items))
    try:
        clock.set(datetime.date(2026, 3, 2))
        tasks.reminders_hourly.call_local()
    finally:
        sources.unregister("test_leak")
    assert list(SentReminder.objects.values_list("user__username", "item_key")) == [(officer.username, "2")]
    assert "Hà Nội" not in "".join(m.body for m in mail.outbox)


def test_a_source_with_long_keys_is_still_reminded_once(clock, only_rules, person, commune_cantho,
                                                         programme_source):
    only_rules("programme_task")
    officer = person(commune_cantho.key, "officer")
    clock.set(datetime.date(2026, 6, 23))
    programme_source.append(DueItem(kind="programme_task", key="nhiem-vu/" + "x" * 200, unit=commune_cantho,
                                    due=datetime.date(2026, 6, 30), title="Nhiệm vụ có mã dài", url="/"))
    for _ in range(2):
        tasks.reminders_hourly.call_local()
    assert SentReminder.objects.filter(user=officer).count() == 1 and len(mail.outbox) == 1


def test_the_work_programmes_tasks_are_reminded_to_their_owner_unit(clock, only_rules, person, unit, make_user):
    from danvan.programme import services as programme
    from danvan.programme.models import ProgrammeItem

    only_rules("programme_task")
    root = make_user("VN", "approver", username="tw.pheduyet")
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    officer = person("VN-92", "officer")
    plan = programme.programme_create(actor=root, unit=unit("VN-92"), year=2026)
    item = programme.item_create(actor=root, programme=plan, title="Sơ kết 5 năm phong trào thi đua Dân vận khéo",
                                 kind=ProgrammeItem.Kind.TASK, assigned_by=ProgrammeItem.AssignedBy.UNIT,
                                 deadline=datetime.date(2026, 6, 30))
    programme.programme_approve(actor=root, programme=plan)
    clock.set(datetime.date(2026, 6, 23))
    tasks.reminders_hourly.call_local()
    tasks.reminders_hourly.call_local()  # a re-run sends nothing twice
    assert len(mail.outbox) == 1
    assert "Sơ kết 5 năm phong trào thi đua Dân vận khéo" in mail.outbox[0].body
    assert item.get_absolute_url() in mail.outbox[0].body
    assert SentReminder.objects.get(user=officer, kind="programme_task").item_key == str(item.pk)
