"""A real Huey consumer process runs a queued import job: the web side only stores the file and queues it.

The test commits its data (the consumer is another process), so it does not use the rolled-back test
transaction; it removes what it created at the end.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from .test_jobs import commendations_csv

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def committed_db(request, django_db_blocker):
    """Autocommit access to the test database (set up here when no test of the session asked for one)."""
    from django.core.management import call_command
    from django.test.utils import setup_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from danvan.orgunits.models import OrgUnit

    if "default" in _get_databases_for_setup(request.session.items)[0]:
        request.getfixturevalue("django_db_setup")  # the session's test database (other tests need it)
    else:  # only this test runs: set the test database up like pytest-django would
        with django_db_blocker.unblock():
            setup_databases(verbosity=0, interactive=False, aliases={"default"}, keepdb=True)
    with django_db_blocker.unblock():
        if not OrgUnit.objects.filter(key="VN-92").exists():
            call_command("load_units", verbosity=0)
        yield


@pytest.fixture
def queue(tmp_path, settings):
    """The test process queues into a SQLite file (not immediate mode) that the consumer reads."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import SqliteStorage

    settings.MEDIA_ROOT = tmp_path / "media"
    old_storage, old_immediate = HUEY.storage, HUEY._immediate
    HUEY._immediate = False
    HUEY.storage = SqliteStorage("danvan", filename=str(tmp_path / "queue.sqlite3"))
    try:
        yield tmp_path
    finally:
        HUEY.storage, HUEY._immediate = old_storage, old_immediate


def _start_consumer(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danvan.jobs.tests.consumer_settings",
           "JOBS_TEST_DB_NAME": str(connection.settings_dict["NAME"]),
           "JOBS_TEST_QUEUE": str(tmp_path / "queue.sqlite3"), "JOBS_TEST_MEDIA_ROOT": str(tmp_path / "media")}
    return subprocess.Popen([sys.executable, "manage.py", "run_huey", "--quiet"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _stop(process) -> str:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.stderr.read().decode(errors="replace")[-3000:]


def test_a_consumer_process_runs_the_queued_import(committed_db, queue, make_user_committed):
    from danvan.commendations.models import Commendation
    from danvan.jobs import services
    from danvan.jobs.models import Job

    officer = make_user_committed
    job = services.start_import(actor=officer, kind="commendations",
                                upload=SimpleUploadedFile("lon.csv", commendations_csv(40, prefix="consumer")))
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED  # nothing ran in the web process
    consumer = _start_consumer(queue)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            job.refresh_from_db()
            # Done, and its upload removed (the consumer clears the file just after marking the job done).
            if (job.finished and not job.file) or consumer.poll() is not None:
                break
            time.sleep(0.5)
    finally:
        log = _stop(consumer)
    assert job.status == Job.Status.DONE, (job.status, job.failure, log)
    assert job.attempts == 1 and (job.rows_done, job.rows_total) == (40, 40) and job.result["created"] == 40
    assert Commendation.objects.filter(external_ref__startswith="consumer-").count() == 40
    assert not job.file and not list((queue / "media" / "jobs").glob("*"))


@pytest.fixture
def make_user_committed(committed_db):
    from danvan.accounts.models import Membership, User
    from danvan.commendations.models import Commendation
    from danvan.core.models import AuditEvent
    from danvan.jobs.models import Job
    from danvan.orgunits.models import OrgUnit
    from danvan.reports.models import RecordFact

    user = User.objects.create_user(username="consumer-test-officer", password="pw-danvan-123",
                                    full_name="Cán bộ thử hàng đợi")
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(key="VN-92"), role="officer")
    try:
        yield user
    finally:
        ids = list(Commendation.objects.filter(external_ref__startswith="consumer-").values_list("pk", flat=True))
        assert not RecordFact.objects.filter(source="commendations", source_id__in=ids).exists()  # drafts count nil
        Commendation.objects.filter(pk__in=ids).delete()
        AuditEvent.objects.filter(actor=user).delete()
        Job.objects.filter(owner=user).delete()
        user.delete()
