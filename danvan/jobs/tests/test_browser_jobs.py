"""In a real browser (Chromium): a job's page follows the job without a reload (htmx polling, the script served by
the site), keeps its state across a reload, and stops polling once the job is done."""

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


def test_the_progress_bar_follows_the_job_and_survives_a_reload(browser_page, login):
    from danvan.accounts.models import User
    from danvan.jobs.models import Job

    page = login(browser_page, "cantho.canbo")
    owner = User.objects.get(username="cantho.canbo")
    job = Job.objects.create(owner=owner, kind="registry", status=Job.Status.RUNNING, phase=Job.Phase.CHECKING,
                             rows_done=100, rows_total=4000, token="browser", heartbeat_at=timezone.now(),
                             file_name="mo-hinh.xlsx")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page.site_url + job.get_absolute_url())
    bar = page.locator("#job-progress progress")
    assert bar.get_attribute("value") == "2"
    assert "Đã kiểm tra 100 / 4.000 dòng." in page.locator("#job-progress").inner_text()

    Job.objects.filter(pk=job.pk).update(rows_done=3000, heartbeat_at=timezone.now())
    page.wait_for_selector('#job-progress progress[value="75"]', timeout=10_000)  # htmx swapped the fragment
    assert "Đã kiểm tra 3.000 / 4.000 dòng." in page.locator("#job-progress").inner_text()
    page.reload()  # the state lives on the server: a reload shows the same
    assert page.locator("#job-progress progress").get_attribute("value") == "75"

    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, phase="", rows_done=4000,
                                         result={"created": 3990, "updated": 10, "unchanged": 0})
    page.wait_for_selector("text=Đã nhập: 3.990 mới, 10 cập nhật, 0 không đổi.", timeout=10_000)
    polls = sum(1 for url in requests if url.endswith("/tien-do/"))
    page.wait_for_timeout(4500)  # two polling periods
    assert sum(1 for url in requests if url.endswith("/tien-do/")) == polls  # done: no more polling
    assert not any(url.startswith("http") and "127.0.0.1" not in url and "localhost" not in url for url in requests)
