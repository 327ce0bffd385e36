"""Each worker's own copies of cached pages (core.pagewatch): dropped by every
worker before a change returns, and trusted only while a worker knows it
hears every change.

On a real Redis (an empty database, flushed afterwards; see tests/services).
Each Watch here stands for one worker: a thread with its own subscription.
Two gunicorn servers: tests/test_page_cache_servers.py.
"""

import logging
import threading
import time

import pytest
import redis
from django.core.cache import caches
from django.test import Client

from core import pagecache, pagewatch
from pages.models import Page
from pages.publishing import publish
from pages.tree import PageTree
from tests.clients import through_the_front


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cachebackends.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "samenleving",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.PAGE_CACHE_NEAR = True
    settings.PAGE_CACHE_SECONDS = 600
    # This process decided whether to watch under the suite's settings.
    pagewatch.stop_watching()
    started = []
    yield started
    for watch in started:
        watch.stop()
    pagewatch.stop_watching()
    pagecache.forget_kept()


def eventually(condition, seconds=3):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def trusting_worker(started):
    watch = pagewatch.Watch("default", pagecache.generation, max_pages=10)
    watch.start()
    started.append(watch)
    assert eventually(lambda: watch.current() is not None)
    return watch


def test_when_a_change_returns_every_worker_has_dropped_its_copies(redis_cache):
    workers = [trusting_worker(redis_cache) for _ in range(3)]
    old = pagecache.generation()
    for worker in workers:
        assert worker.current() == old
        worker.keep("page:nl:normal:home", {"generation": old})

    pagecache.start_new_generation()

    new = pagecache.generation()
    assert new != old
    for worker in workers:
        assert worker.current() == new
        assert worker.pages == {}


def test_a_worker_that_does_not_confirm_is_waited_for_only_as_long_as_it_trusts(
    redis_cache, redis_url, caplog
):
    worker = trusting_worker(redis_cache)
    # A frozen worker: subscribed, but never reading what it is sent.
    frozen = redis.Redis.from_url(redis_url).pubsub()
    frozen.subscribe(pagewatch.channel(caches["default"]))
    try:
        with caplog.at_level(logging.WARNING, logger="core.pagewatch"):
            pagecache.start_new_generation()
    finally:
        frozen.close()
    assert "1 of 2 workers did not confirm" in caplog.text
    assert worker.current() == pagecache.generation()


def test_a_worker_that_hangs_stops_trusting_its_copies(redis_cache, monkeypatch):
    worker = trusting_worker(redis_cache)
    # Its subscription hangs, as in a frozen process or on a network that
    # drops packets: the worker can neither hear a change nor say so.
    thawed = threading.Event()
    monkeypatch.setattr(
        redis.client.PubSub, "ping", lambda self, message=None: thawed.wait()
    )
    assert eventually(lambda: worker.current() is None, pagewatch.LEASE * 4)
    thawed.set()
    monkeypatch.undo()
    assert eventually(lambda: worker.current() is not None)


def test_a_worker_whose_connection_drops_stops_trusting_and_hears_again(
    redis_cache, redis_url
):
    worker = trusting_worker(redis_cache)
    redis.Redis.from_url(redis_url).client_kill_filter(_type="pubsub")
    assert eventually(lambda: worker.current() is None, pagewatch.LEASE * 4)
    assert eventually(lambda: worker.current() is not None)
    pagecache.start_new_generation()
    assert worker.current() == pagecache.generation()


@pytest.mark.django_db
def test_the_front_serves_its_copy_until_a_change_is_published(
    content, redis_cache, redis_url, django_capture_on_commit_callbacks
):
    visitor = through_the_front(Client())
    url = PageTree.load().get("regulation").urls()["nl"]
    assert visitor.get(url)["X-Cache"] == "miss"
    assert eventually(lambda: pagewatch.watched_generation() is not None)
    assert visitor.get(url)["X-Cache"] == "hit"  # from Redis, and kept
    # Gone from Redis: this process answers from its own copy.
    client = redis.Redis.from_url(redis_url)
    client.delete(*client.keys("*page:*"))
    copy = visitor.get(url)
    assert copy["X-Cache"] == "hit"
    assert "Nieuw sinds vandaag" not in copy.content.decode()

    page = Page.objects.get(key="regulation")
    page.intro_nl = "Nieuw sinds vandaag."
    page.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)

    now = visitor.get(url)
    assert now["X-Cache"] == "miss"
    assert "Nieuw sinds vandaag." in now.content.decode()
