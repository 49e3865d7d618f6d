"""Site housekeeping jobs (Huey periodic tasks) do their work when the consumer runs them."""

from datetime import datetime, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from danvan.core.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_nightly_job_deletes_expired_sessions_and_keeps_live_ones():
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))

    clear_expired_sessions.call_local()

    assert Session.objects.filter(session_key=live.session_key).exists()
    assert not Session.objects.filter(session_key=expired.session_key).exists()


def test_the_job_is_scheduled_every_night():
    from huey.contrib.djhuey import HUEY

    schedule = clear_expired_sessions.task_class()
    assert schedule.validate_datetime(datetime(2026, 11, 25, 2, 15))
    assert not schedule.validate_datetime(datetime(2026, 11, 25, 12, 0))
    assert HUEY.immediate  # tests run jobs in the calling thread
