"""Sessions are written only when they change or when the inactivity timeout is renewed (once a minute)."""

import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.core.middleware import AbsoluteSessionLifetimeMiddleware, SessionTouchMiddleware

pytestmark = pytest.mark.django_db


def _session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")]


def _expiry(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_a_signed_in_request_does_not_rewrite_an_unchanged_session(client, make_user):
    make_user("VN-92", "officer", username="canbo")
    client.post(reverse("accounts:login"), {"username": "canbo", "password": "pw-danvan-123"})
    client.get(reverse("home"))  # the first page after sign-in may stamp the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert _session_writes(queries.captured_queries) == []


def test_the_inactivity_timeout_is_renewed_once_the_touch_interval_has_passed(client, make_user, settings):
    make_user("VN-92", "officer", username="canbo")
    client.post(reverse("accounts:login"), {"username": "canbo", "password": "pw-danvan-123"})
    client.get(reverse("home"))
    session = client.session
    session[SessionTouchMiddleware.KEY] = int(time.time()) - settings.SESSION_TOUCH_SECONDS - 1
    session.save()
    soon = timezone.now() + datetime.timedelta(minutes=5)
    Session.objects.filter(session_key=session.session_key).update(expire_date=soon)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert _session_writes(queries.captured_queries)
    # renewed: the inactivity timeout counts again from this request
    assert _expiry(client) > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_expired_session_signs_the_user_out(client, make_user):
    make_user("VN-92", "officer", username="canbo")
    client.post(reverse("accounts:login"), {"username": "canbo", "password": "pw-danvan-123"})
    Session.objects.update(expire_date=Session.objects.get().expire_date.replace(year=2000))
    assert client.get(reverse("registry:list")).status_code == 302  # "/" is the public portal for readers


def test_the_absolute_lifetime_still_ends_a_busy_session(client, make_user, settings):
    make_user("VN-92", "officer", username="canbo")
    client.post(reverse("accounts:login"), {"username": "canbo", "password": "pw-danvan-123"})
    client.get(reverse("home"))
    session = client.session
    session[AbsoluteSessionLifetimeMiddleware.KEY] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 5
    session.save()
    assert client.get(reverse("registry:list")).status_code == 302
    assert client.get(reverse("registry:list")).status_code == 302


def test_anonymous_pages_create_no_session(client):
    assert client.get(reverse("accounts:login")).status_code == 200
    assert Session.objects.count() == 0
