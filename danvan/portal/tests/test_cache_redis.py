"""The cached article page with Redis as the cache (production): a worker's copy is served without a round trip
for at most PORTAL_LOCAL_RECHECK_SECONDS after Redis confirmed it; every reader is counted once.

Needs the Redis of the machine (127.0.0.1:6379, started by .ci/run); uses database 14 with a key prefix of
its own so that parallel test workers do not meet.
"""

import os
import uuid

import pytest
from django.core.cache import cache

from danvan.portal import cache as page_cache
from danvan.portal import counter, selectors

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture(autouse=True)
def redis_cache(settings):
    settings.REDIS_URL = REDIS
    settings.CACHES = {"default": {"BACKEND": "danvan.core.cache_backends.RedisCache", "LOCATION": REDIS,
                                   "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    try:
        counter.redis_client().ping()
    except Exception as error:  # noqa: BLE001 - any connection failure
        pytest.fail(f"Redis is required for these tests (start it as .ci/run does): {error}")
    yield
    client = counter.redis_client()
    for key in client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
        client.delete(key)


def test_one_redis_client_serves_every_cache_call():
    assert cache._cache.get_client() is cache._cache.get_client()
    assert counter.redis_client() is cache._cache.get_client(write=True)


def test_hits_count_each_reader_once_and_never_touch_the_database(client, make_article,
                                                                  django_assert_num_queries):
    page = make_article(title="Tin đọc nhiều")
    assert client.get(page.url, REMOTE_ADDR="10.9.0.1")["X-Portal-Cache"] == "miss"
    with django_assert_num_queries(0):
        for address in ("10.9.0.1", "10.9.0.1", "10.9.0.2", "10.9.0.3"):
            response = client.get(page.url, REMOTE_ADDR=address)
            assert response["X-Portal-Cache"] == "hit" and "Tin đọc nhiều" in response.content.decode()
    page_cache.flush_pending_readers()  # what the next confirmation (within a second) or the worker's exit does
    assert selectors.view_total(page) == 3


def test_a_process_copy_is_served_without_redis_until_the_recheck_interval(client, make_article, settings,
                                                                            monkeypatch):
    settings.PORTAL_LOCAL_RECHECK_SECONDS = 1.0
    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    page = make_article(title="Bản đầu")
    client.get(page.url, REMOTE_ADDR="10.9.2.1")  # rendered and counted by the view
    client.get(page.url, REMOTE_ADDR="10.9.2.1")  # confirmed by Redis: now held by this process
    # Another worker publishes and caches a newer copy; this worker learns of it within the interval.
    page_cache.put(page.pk, page.url, b"<html>ban moi nhat</html>")
    clock[0] += 0.5
    calls = []
    monkeypatch.setattr(page_cache, "_confirm", lambda *args: calls.append(args))
    assert "Bản đầu" in client.get(page.url, REMOTE_ADDR="10.9.2.2").content.decode()
    assert calls == []  # no round trip inside the interval
    monkeypatch.undo()
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    clock[0] += 0.6
    assert client.get(page.url, REMOTE_ADDR="10.9.2.3").content == b"<html>ban moi nhat</html>"
    # The reader served from the copy was counted when the interval ran out.
    assert selectors.view_total(page) == 3


def test_a_changed_page_is_never_served_from_a_process_copy(client, make_article, settings):
    settings.PORTAL_LOCAL_RECHECK_SECONDS = 0  # confirm on every hit, as another worker does after 1 s
    page = make_article(title="Bản đầu")
    client.get(page.url)
    assert "Bản đầu" in client.get(page.url).content.decode()  # now held by this process too
    page.title = "Bản đã sửa"
    page.save_revision().publish()  # forgets the cached page, this process's copy at once
    assert "Bản đã sửa" in client.get(page.url).content.decode()
    # Another process renders and caches a newer copy: this process's copy is replaced on the next hit.
    page_cache.put(page.pk, page.url, b"<html>ban moi nhat</html>")
    response = client.get(page.url)
    assert response["X-Portal-Cache"] == "hit" and response.content == b"<html>ban moi nhat</html>"


def test_a_miss_counts_nothing_twice(client, make_article):
    page = make_article()
    client.get(page.url, REMOTE_ADDR="10.9.1.1")  # rendered and counted by the view
    page_cache.forget(page.pk)
    client.get(page.url, REMOTE_ADDR="10.9.1.1")  # rendered again: same reader, same day
    assert selectors.view_total(page) == 1


def test_publishing_in_this_worker_drops_its_copy_at_once(client, make_article, settings):
    settings.PORTAL_LOCAL_RECHECK_SECONDS = 3600
    page = make_article(title="Trước khi sửa")
    client.get(page.url)
    assert "Trước khi sửa" in client.get(page.url).content.decode()  # held by this process for an hour
    page.title = "Sau khi sửa"
    page.save_revision().publish()
    assert "Sau khi sửa" in client.get(page.url).content.decode()
