"""Each worker's own copy of the pages it serves from the shared cache,
dropped on every change before the editor who made it hears it is saved.

Reading a page from the shared cache costs a round trip to Redis per request,
for the generation and the page. A worker can serve the pages it has read
before from its own memory instead, as long as it learns of every change at
once. With Redis, each worker subscribes to the changes:

- `announce` publishes every new generation (core.pagecache starts one for
  every change). Each subscribed worker then reads the current generation
  from Redis, which drops its copies of older ones, and acknowledges.
- After a commit, the publisher waits for every acknowledgement before the
  editor's request goes on, so when an editor sees the change saved, every
  worker of every server has already dropped its copies.
- A worker trusts its copies only while it knows that its subscription is
  alive: it pings Redis every PING_EVERY seconds, and trusts what it holds
  for LEASE seconds from the moment it sent the last ping that was answered.
  Redis answers a ping after any message published before it, so a worker
  that misses a change (a network cut, a frozen process) has stopped
  trusting its copies by the time the publisher gives up waiting for it.
  A worker whose connection drops stops trusting them at once.

A worker that does not trust its copies asks the shared cache, as without
this module. Pages are still rendered once for every server: a worker keeps
only the pages it found in the shared cache.
"""

import logging
import os
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

CHANNEL_KEY = "page-cache:changes"
ACKS_KEY = "page-cache:heard:{generation}"
# A worker trusts its copies this long after its last answered ping. Below
# the cache's socket timeout (settings.CACHES): a publisher waits this long.
LEASE = 0.5
PING_EVERY = 0.1
# After a lost connection, try again after this long.
RETRY_AFTER = 0.5


def possible(cache):
    return settings.PAGE_CACHE_NEAR and isinstance(cache, RedisCache)


def redis_client(cache):
    return cache._cache.get_client(write=True)


def channel(cache):
    """Publish and subscribe ignore Redis's numbered databases: the channel
    names the database, as well as the key prefix."""
    number = redis_client(cache).connection_pool.connection_kwargs.get("db", 0)
    return f"{number}:{cache.make_key(CHANNEL_KEY)}"


def announce(cache, generation, wait):
    """Tell every subscribed worker that `generation` has started; with
    `wait`, return once each has taken it, or once a worker that has not
    can no longer trust its copies (LEASE)."""
    if not possible(cache):
        return
    client = redis_client(cache)
    listeners = client.publish(channel(cache), generation)
    if not wait or not listeners:
        return
    heard = cache.make_key(ACKS_KEY.format(generation=generation))
    deadline = time.monotonic() + LEASE + PING_EVERY
    missing = listeners
    while missing:
        left = deadline - time.monotonic()
        if left <= 0 or client.blpop([heard], timeout=left) is None:
            logger.warning(
                "%d of %d workers did not confirm a page-cache change; "
                "they no longer trust their copies",
                missing,
                listeners,
            )
            break
        missing -= 1
    client.delete(heard)


class Watch:
    """One process's subscription to the changes, and its copies of pages.

    `pages` holds entries of the shared cache (see PageCacheMiddleware.store)
    by key; an entry may be served only while its generation is the one this
    process has heard of last, and only while the lease holds (`current`).
    """

    def __init__(self, alias, read_generation, max_pages):
        self.alias = alias
        self.read_generation = read_generation
        self.max_pages = max_pages
        self.name = uuid.uuid4().hex
        # (generation, trusted until by time.monotonic()), replaced whole so
        # that a request never reads half of an update.
        self.state = (None, 0.0)
        self.pages = {}
        self.stopped = threading.Event()
        self.thread = None
        self.lost = False

    def start(self):
        self.thread = threading.Thread(
            target=self.run, name="page-cache-watch", daemon=True
        )
        self.thread.start()

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=5)

    def current(self):
        """The generation whose pages this process may serve from memory, or
        None when it cannot be sure it has heard of every change."""
        generation, until = self.state
        if time.monotonic() < until:
            return generation
        return None

    def keep(self, key, entry):
        pages = self.pages
        if len(pages) >= self.max_pages:
            try:
                del pages[next(iter(pages))]  # the oldest
            except (KeyError, RuntimeError, StopIteration):
                return
        pages[key] = entry

    def distrust(self):
        self.state = (None, 0.0)
        self.pages = {}

    def run(self):
        while not self.stopped.is_set():
            try:
                self.follow()
            except Exception as error:
                if not self.lost:
                    # Once per outage, not at every try.
                    logger.warning(
                        "Not subscribed to page-cache changes (%r); pages come "
                        "from the shared cache until it is back",
                        error,
                    )
                self.lost = True
            self.distrust()
            self.stopped.wait(RETRY_AFTER)

    def follow(self):
        cache = caches[self.alias]
        client = redis_client(cache)
        subscription = client.pubsub()
        try:
            subscription.subscribe(channel(cache))
            message = subscription.get_message(timeout=LEASE)
            if message is None or message["type"] != "subscribe":
                raise ConnectionError("Redis did not confirm the subscription")
            # Subscribed: any change from now on will be heard.
            asked = time.monotonic()
            self.take_current_generation(client, cache, None)
            self.state = (self.state[0], asked + LEASE)
            if self.lost:
                logger.warning("Subscribed to page-cache changes again")
                self.lost = False
            while not self.stopped.is_set():
                self.ping(subscription, client, cache)
        finally:
            subscription.close()

    def ping(self, subscription, client, cache):
        """One ping, and the changes heard until its answer; then until it
        is time for the next."""
        asked = time.monotonic()
        subscription.ping()
        answered = False
        while True:
            now = time.monotonic()
            if answered and now >= asked + PING_EVERY:
                return
            if not answered and now >= asked + LEASE:
                raise TimeoutError("Redis did not answer a ping in time")
            wait_until = asked + (PING_EVERY if answered else LEASE)
            message = subscription.get_message(timeout=max(wait_until - now, 0))
            if message is None:
                continue
            if message["type"] == "pong":
                answered = True
                self.state = (self.state[0], asked + LEASE)
            elif message["type"] == "message":
                self.take_current_generation(client, cache, message["data"])

    def take_current_generation(self, client, cache, announced):
        """Read the generation (not the one announced: two changes may be
        announced in another order than they were stored), drop the copies
        of any other, and confirm to the announcer."""
        generation = self.read_generation()
        if generation != self.state[0]:
            self.pages = {}
            self.state = (generation, self.state[1])
        if announced is not None:
            heard = cache.make_key(
                ACKS_KEY.format(generation=announced.decode("ascii", "replace"))
            )
            with client.pipeline(transaction=False) as pipeline:
                pipeline.rpush(heard, self.name)
                pipeline.expire(heard, 60)
                pipeline.execute()


_watch = None
_watch_pid = None
_watch_lock = threading.Lock()


def watch():
    """This process's Watch, started on its first request (so in each
    gunicorn worker, after the fork); None when there is none to have. What
    the process keeps of the published content (core.pagecache.kept) follows
    the generation it has heard of too."""
    global _watch, _watch_pid
    if _watch_pid == os.getpid():
        return _watch
    with _watch_lock:
        if _watch_pid != os.getpid():
            from . import pagecache

            cache = caches[settings.PAGE_CACHE_ALIAS]
            _watch = None
            wanted = pagecache.enabled() or settings.KEEP_PUBLISHED
            if wanted and possible(cache):
                _watch = Watch(
                    settings.PAGE_CACHE_ALIAS,
                    pagecache.generation,
                    settings.PAGE_CACHE_NEAR_PAGES,
                )
                _watch.start()
            _watch_pid = os.getpid()
    return _watch


def watched_generation():
    """The generation this process has heard of last, if it can be sure it
    is the current one; else None."""
    current = watch()
    return None if current is None else current.current()


def stop_watching():
    global _watch, _watch_pid
    with _watch_lock:
        if _watch is not None and _watch_pid == os.getpid():
            _watch.stop()
        _watch = None
        _watch_pid = None
