"""Rate limits count per real client behind the documented proxy, atomically, and cannot lock a user out."""

import threading

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from danvan.core.ratelimit import client_address, hit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _request(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.PROXY_HOPS = 0
    assert client_address(_request("203.0.113.7", forwarded="1.2.3.4")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_appended_counts_and_forged_entries_do_not(settings):
    settings.PROXY_HOPS = 1
    # nginx appends the real client (198.51.100.4) after whatever the client sent.
    assert client_address(_request("127.0.0.1", forwarded="6.6.6.6, 198.51.100.4")) == "198.51.100.4"
    assert client_address(_request("127.0.0.1", forwarded="198.51.100.4")) == "198.51.100.4"
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"


def test_parallel_attempts_never_all_pass_a_limit():
    results = []

    def attempt():
        results.append(hit("burst", 5, 60))

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 5


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_real_user_out(client, make_user, settings):
    settings.PROXY_HOPS = 1
    settings.LOGIN_RATE_LIMIT = 5
    make_user("VN-92", "officer", username="thanh")
    url = reverse("accounts:login")
    for _ in range(6):
        client.post(url, {"username": "thanh", "password": "sai-mat-khau"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    stranger = client.post(url, {"username": "thanh", "password": "pw-danvan-123"},
                           REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert "quá nhiều lần" in stranger.content.decode()

    real_user = client.post(url, {"username": "thanh", "password": "pw-danvan-123"},
                            REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert real_user.status_code == 302


@pytest.mark.django_db
def test_one_client_behind_the_proxy_does_not_block_the_public_lookup_for_others(client, settings):
    settings.PROXY_HOPS = 1
    url = reverse("petitions:public_lookup")
    for i in range(31):
        client.get(url, {"code": f"AAAA{i:08d}"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    blocked = client.get(url, {"code": "X"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    other = client.get(url, {"code": "X"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert blocked.status_code == 429
    assert other.status_code == 200
