"""The view counter: once per reader per article per day, no database write per view, survives restarts."""

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.portal import counter, selectors
from danvan.portal.models import ArticleDayViews


def test_repeated_reloads_by_one_reader_count_once(client, make_article):
    page = make_article()
    for _ in range(5):
        assert client.get(page.url, REMOTE_ADDR="10.1.1.1", HTTP_USER_AGENT="Firefox").status_code == 200
    client.get(page.url, REMOTE_ADDR="10.1.1.2", HTTP_USER_AGENT="Firefox")
    assert selectors.view_total(page) == 2
    call_command("flush_view_counts", verbosity=0)
    assert ArticleDayViews.objects.get(page=page).count == 2


def test_counting_a_view_writes_nothing_to_the_database(rf, make_article):
    page = make_article()
    with CaptureQueriesContext(connection) as queries:
        counter.record(page.pk, "reader-1")
        counter.record(page.pk, "reader-2")
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert not ArticleDayViews.objects.filter(page=page).exists()


def test_counts_survive_a_restart_and_flushing_twice_adds_nothing(client, make_article):
    page = make_article()
    client.get(page.url, REMOTE_ADDR="10.2.2.2")
    client.get(page.url, REMOTE_ADDR="10.2.2.3")
    call_command("flush_view_counts", verbosity=0)
    call_command("flush_view_counts", verbosity=0)
    assert ArticleDayViews.objects.get(page=page).count == 2
    cache.clear()  # the process and its cache are gone; the database keeps the figure
    assert selectors.view_total(page) == 2
    client.get(page.url, REMOTE_ADDR="10.2.2.4")
    call_command("flush_view_counts", verbosity=0)
    assert selectors.view_total(page) == 3
    html = client.get("/").content.decode()
    assert "Xem nhiều nhất" in html and page.title in html


def test_most_read_ranks_by_readers_in_the_period(make_article):
    import datetime

    from django.utils import timezone

    quiet, busy = make_article(title="Ít người đọc"), make_article(title="Nhiều người đọc")
    today = timezone.localdate()
    ArticleDayViews.objects.create(page=busy, day=today, count=50)
    ArticleDayViews.objects.create(page=quiet, day=today, count=5)
    ArticleDayViews.objects.create(page=quiet, day=today - datetime.timedelta(days=20), count=500)
    assert [p.title for p in selectors.most_read(7)] == ["Nhiều người đọc", "Ít người đọc"]
    assert [p.title for p in selectors.most_read(30)] == ["Ít người đọc", "Nhiều người đọc"]


def test_the_periodic_job_flushes_counts_and_publishes_scheduled_pages(make_article):
    import datetime

    from django.utils import timezone

    from danvan.portal import tasks

    page = make_article()
    counter.record(page.pk, "reader-a")
    scheduled = make_article(title="Tin hẹn giờ đăng", publish=False)
    revision = scheduled.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    scheduled.refresh_from_db()
    assert not scheduled.live and revision.approved_go_live_at is not None
    tasks.flush_view_counts.call_local()
    tasks.publish_scheduled_pages.call_local()
    assert ArticleDayViews.objects.get(page=page).count == 1
    scheduled.refresh_from_db()
    assert scheduled.live
