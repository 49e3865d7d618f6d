"""Signed-in pages re-served from the cache (issue 16): fast when nothing changed, never stale, never shared."""

import datetime
from unittest import mock

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext

from danvan.registry import services as registry_services
from danvan.registry.models import Field

pytestmark = pytest.mark.django_db

LIST = "/mo-hinh/"


def _register(officer, commune, name):
    return registry_services.create_model(
        actor=officer, unit=commune, year=2026,
        data={"name": name, "field": Field.objects.get(code="kinh_te"), "subject": "tap_the"},
        register=True, registered_on=datetime.date(2026, 3, 2))


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_a_repeated_page_is_served_without_running_its_view(make_user, client_for, commune_cantho):
    approver = make_user("VN-92", "approver")
    _register(make_user(commune_cantho.key, "officer"), commune_cantho, "Mô hình “Dân vận khéo” bến phà")
    client = client_for(approver)
    client.get("/")  # the session's first page notes the sign-in time in the session (never stored)
    first, first_queries = _get(client, LIST)
    again, again_queries = _get(client, LIST)
    assert again.status_code == 200 and again.content == first.content
    assert "bến phà" in again.content.decode()
    assert first_queries > 3
    assert again_queries <= 2  # the session's user only: no list query, no scope, no menu
    # The headers every signed-in page carries are still added to the re-served answer.
    assert "no-store" in again["Cache-Control"] and again["Content-Security-Policy"]


def test_a_new_record_shows_at_once(make_user, client_for, commune_cantho):
    approver = make_user("VN-92", "approver")
    officer = make_user(commune_cantho.key, "officer")
    client = client_for(approver)
    assert "Chợ quê văn minh" not in client.get(LIST).content.decode()
    _register(officer, commune_cantho, "Mô hình “Chợ quê văn minh”")
    assert "Chợ quê văn minh" in client.get(LIST).content.decode()


def test_a_page_is_never_shared_between_users(make_user, client, commune_cantho):
    _register(make_user(commune_cantho.key, "officer"), commune_cantho, "Mô hình “Xóm đạo bình yên”")
    client.force_login(make_user("VN-92", "approver"))
    assert "Xóm đạo bình yên" in client.get(LIST).content.decode()
    client.force_login(make_user("VN-01", "approver"))  # Hà Nội: Cần Thơ's models are outside its scope
    assert "Xóm đạo bình yên" not in client.get(LIST).content.decode()


def test_a_flash_message_is_shown_once_and_never_re_served(make_user, client_for):
    client = client_for(make_user("VN-92", "approver"))
    client.get(LIST)  # a stored page without the message
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Đã lưu mô hình.")])
    assert "Đã lưu mô hình." in client.get(LIST).content.decode()
    assert "Đã lưu mô hình." not in client.get(LIST).content.decode()
    assert "Đã lưu mô hình." not in client.get(LIST).content.decode()


def test_tomorrow_the_page_is_rendered_again(make_user, client_for):
    client = client_for(make_user("VN-92", "approver"))
    client.get(LIST)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with mock.patch("danvan.core.page_cache.timezone.localdate", return_value=tomorrow):
        _response, queries = _get(client, LIST)
    assert queries > 3


def test_each_language_has_its_own_page(make_user, client_for):
    client = client_for(make_user("VN-92", "approver"))
    assert "Mô hình" in client.get(LIST).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(LIST).content.decode()
    assert 'lang="en"' in english


def test_pages_off_the_list_always_run_their_view(make_user, client_for):
    client = client_for(make_user("VN-92", "approver"))
    client.get("/tai-khoan/ho-so/")
    _response, queries = _get(client, "/tai-khoan/ho-so/")
    assert queries > 2


def test_the_api_re_serves_a_session_callers_answer_but_not_a_tokens(make_user, client_for):
    from danvan.accounts.tokens import api_token_create

    approver = make_user("VN-92", "approver")
    client = client_for(approver)
    url = "/api/v1/registry/years/"
    client.get("/")
    first = client.get(url)
    again, queries = _get(client, url)
    assert again.status_code == 200 and again.json() == first.json() and queries <= 2
    assert again["Content-Type"].startswith("application/json")
    _token, raw = api_token_create(actor=approver, user=approver, name="kiểm thử")
    client.logout()
    client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    _response, token_queries = _get(client, url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert token_queries > 2


def test_a_session_holding_a_refused_forms_values_gets_the_page_rendered(make_user, client_for):
    from danvan.core.forms import KEPT_FORM

    client = client_for(make_user("VN-92", "approver"))
    client.get(LIST)
    client.get(LIST)
    session = client.session
    session[KEPT_FORM] = {"action": "cong-nhan", "path": LIST, "data": {"recognising_body": "Thành ủy"}}
    session.save()
    _response, queries = _get(client, LIST)
    assert queries > 3  # the view ran: it is the one that puts the typed values back in the form


def test_each_host_has_its_own_page(make_user, client_for, settings):
    """API cursors and share links are absolute: a page asked through another host name is rendered for it."""
    settings.ALLOWED_HOSTS = ["testserver", "danvan.example"]
    client = client_for(make_user("VN-92", "approver"))
    url = "/api/v1/registry/years/"
    client.get("/")
    client.get(url)
    client.get(url)
    _response, queries = _get(client, url, HTTP_HOST="danvan.example")
    assert queries > 2


def test_a_write_committed_while_a_page_renders_is_not_hidden(make_user, client_for, monkeypatch):
    """The page is stored under the versions read before its view ran: a change made meanwhile is a newer key."""
    from danvan.core import freshness
    from danvan.registry import selectors

    client = client_for(make_user("VN-92", "approver"))
    client.get("/")
    real = selectors.page_of

    def page_of_then_a_write(*args, **kwargs):
        page = real(*args, **kwargs)
        freshness.bump()  # another official's save, committed while this page was being rendered
        return page

    monkeypatch.setattr(selectors, "page_of", page_of_then_a_write)
    client.get(LIST)
    monkeypatch.setattr(selectors, "page_of", real)
    _response, queries = _get(client, LIST)
    assert queries > 3  # rendered again, with the change
