"""The site's one page cache: whole public pages in the shared cache.

Every entry is stored with the *generation* it was rendered in, a token kept
in the shared cache (Redis with REDIS_URL, else the database). Publishing,
unpublishing, a revert, a save of anything a page shows and a restore replace
the token (the one "published content changed" moment), so every server
finds its entries out of date on its next request. No entry outlives the next
scheduled change, so a page scheduled for 9:00 shows at 9:00.

A view opts in with `public_page`: its answer is the same for every visitor
with the same address, language and text size. Editors (anyone with a
session cookie), previews and forms never touch the cache. nginx in front
keeps what this cache serves until the end of the second in which it got it
(`X-Accel-Expires`, deploy/nginx): a change reaches every visitor within a
second.
"""

import functools
import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)

from . import fontsize
from .signals import next_scheduled_change

GENERATION_KEY = "page-cache:generation"
# On a response: the query string with which it may be cached ("" for none);
# absent, it is not a public page.
CACHE_QUERY = "page_cache_query"
# On a response: True when the view reads no query string at all.
ANY_QUERY = "page_cache_any_query"
# Browsers and shared caches may keep a public page, but must ask again (with
# its ETag) before each use: a reload right after a publish shows the new page.
PUBLIC_CACHE_CONTROL = {"public": True, "no_cache": True}

logger = logging.getLogger(__name__)


def shared_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _new_generation():
    return secrets.token_hex(8)


def generation():
    """The current generation. When none is stored (a flushed Redis, a culled
    row), a new one starts: the entries of the old one are then never used."""
    cache = shared_cache()
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


# A change this process could not announce because the shared cache did not
# answer (a Redis restart, a network blip): its entries would otherwise be
# served until they expire once the cache answers again.
_missed_change = False


def start_new_generation():
    """Every cached page is out of date from now on."""
    global _missed_change
    try:
        shared_cache().set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception:
        _missed_change = True
        logger.exception("Could not start a new page-cache generation")
    else:
        _missed_change = False


def announce_missed_change():
    """Before this process reads the cache: a change it could not announce
    is announced now, so that no server serves a page from before it."""
    if _missed_change:
        start_new_generation()


def on_published_content_changed(**kwargs):
    """Receiver of `published_content_changed`.

    Once now, so that the editor's next request already sees the change, and
    once more after the commit: a page rendered meanwhile from the data before
    the commit would otherwise be stored under the new generation.
    """
    start_new_generation()
    transaction.on_commit(start_new_generation)


def clear():
    """Drop the site's own entries (a restore): a new generation, then every
    key under the site's prefix. Never the whole Redis database, which other
    software may share."""
    cache = shared_cache()
    config = settings.CACHES[settings.PAGE_CACHE_ALIAS]
    if config["BACKEND"].endswith(".RedisCache"):
        import redis

        client = redis.Redis.from_url(config["LOCATION"])
        with client.pipeline(transaction=False) as pipeline:
            for key in client.scan_iter(match=cache.make_key("*"), count=500):
                pipeline.unlink(key)
            pipeline.execute()
    else:
        # The database cache's table holds nothing but the site's entries.
        cache.clear()
    start_new_generation()


def lifetime(rendered_after):
    """Seconds a page rendered after a moment may be kept: at most
    PAGE_CACHE_SECONDS and never beyond the next scheduled change. 0: not at all.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    moment = next_scheduled_change(rendered_after)
    if moment is not None:
        seconds = min(seconds, int((moment - timezone.now()).total_seconds()))
    return max(seconds, 0)


def public_page(view):
    """The view answers every visitor alike and reads no query string: its
    page is cached once per address, and served for that address with any
    query string (a newsletter's tracking tags, say). A view that reads the
    query string says with `cache_with_query` which one is worth keeping."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not hasattr(response, CACHE_QUERY):
            setattr(response, CACHE_QUERY, "")
            setattr(response, ANY_QUERY, True)
        return response

    return wrapped


def cache_with_query(response, query):
    """Cache this response only for this exact query string (None: never).

    Only a query in its one canonical form is kept, so that endless variants
    of the same question, or garbage, cannot fill the cache."""
    setattr(response, CACHE_QUERY, query)
    setattr(response, ANY_QUERY, False)
    return response


def has_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class PageCacheMiddleware:
    """Whole public pages from the shared cache.

    Only GET and HEAD of a view marked `public_page`, answered 200 without a
    cookie, for a visitor without a session. An entry is found by scheme,
    host, address, query string in its one canonical form, language and the
    cleaned text size, so a garbage cookie reads the normal size's entry and
    adds none. The generation and the entries come in one round trip.
    """

    METHODS = ("GET", "HEAD")
    MAX_QUERY_LENGTH = 200

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.language_of(request)
        if language is None:
            response = self.get_response(request)
            if is_public(response):
                self.mark(request, response)
            return until_the_end_of_this_second(response)
        started = timezone.now()
        keys = self.keys(language, request)
        generation, entry = self.look_up(request, keys)
        if entry is not None:
            return until_the_end_of_this_second(self.from_entry(request, entry))
        response = self.get_response(request)
        if is_public(response):
            self.mark(request, response)
        query = request.META.get("QUERY_STRING", "")
        if (
            generation is not None
            and self.may_store(request, response, query)
            and (len(keys) > 1 or not query)
        ):
            self.store(keys[-1], generation, response, started)
        return until_the_end_of_this_second(response)

    def language_of(self, request):
        """The page's language when the request may use the cache, else None."""
        if not enabled() or request.method not in self.METHODS or has_session(request):
            return None
        return translation.get_language_from_path(request.path_info)

    def keys(self, language, request):
        """Where this request's page may be kept: under its address without
        a query string (for a view that reads none), and with it. A long
        query string can still be answered by a page that reads none, but
        is never stored."""
        query = request.META.get("QUERY_STRING", "")
        keys = [self.key(language, request, "")]
        if query and len(query) <= self.MAX_QUERY_LENGTH:
            keys.append(self.key(language, request, query))
        return keys

    @staticmethod
    def key(language, request, query):
        # Scheme and host too: the open data and the institutes' structured
        # data hold absolute addresses. get_host() admits only ALLOWED_HOSTS.
        origin = f"{request.scheme}://{request.get_host()}"
        address = f"{origin}{request.path}?{query}".encode("utf-8", "backslashreplace")
        digest = hashlib.sha256(address).hexdigest()
        return f"page:{language}:{fontsize.from_request(request)}:{digest}"

    def look_up(self, request, keys):
        """(the current generation, a usable entry or None); (None, None)
        when the cache does not answer."""
        try:
            announce_missed_change()
            found = shared_cache().get_many([GENERATION_KEY, *keys])
            current = found.get(GENERATION_KEY) or generation()
        except Exception:
            logger.exception("Page cache unavailable")
            return None, None
        query = request.META.get("QUERY_STRING", "")
        for key in keys:
            entry = found.get(key)
            if (
                entry is not None
                and entry["generation"] == current
                and entry["expires"] > timezone.now().timestamp()
                and (not query or entry["any_query"] or entry["query"] == query)
            ):
                return current, entry
        return current, None

    @staticmethod
    def may_store(request, response, query):
        session = getattr(request, "session", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and getattr(response, CACHE_QUERY, None) == query
            and not (session is not None and session.accessed)
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def mark(request, response):
        """A public page may be kept by browsers and by nginx, and must be
        revalidated before each use; an editor's copy is theirs alone."""
        if has_session(request):
            patch_cache_control(response, private=True, no_cache=True)
        elif "private" not in response.get("Cache-Control", ""):
            patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
            if not response.streaming and not response.has_header("ETag"):
                set_response_etag(response)

    def store(self, key, generation, response, started):
        seconds = lifetime(started)
        if seconds <= 0:
            return
        entry = {
            "generation": generation,
            "status": response.status_code,
            "headers": list(response.items()),
            "content": response.content,
            "query": getattr(response, CACHE_QUERY),
            "any_query": getattr(response, ANY_QUERY, False),
            "expires": timezone.now().timestamp() + seconds,
        }
        try:
            shared_cache().set(key, entry, seconds)
        except Exception:
            logger.exception("Page cache unavailable")
            return
        response["X-Cache"] = "miss"

    @staticmethod
    def from_entry(request, entry):
        content = b"" if request.method == "HEAD" else entry["content"]
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        # A revalidation with the page's ETag: 304, as ConditionalGetMiddleware
        # answers for a page rendered now.
        response = get_conditional_response(
            request, etag=response["ETag"], response=response
        )
        response["X-Cache"] = "hit"
        return response


def until_the_end_of_this_second(response):
    """nginx may keep a public page until the end of the current second, and
    no longer. Its own lifetimes count whole seconds from the second an entry
    arrived in, so "1s" could mean almost two; an absolute moment cannot.
    nginx never passes this header on to the visitor."""
    if response.status_code == 200 and "public" in response.get("Cache-Control", ""):
        response["X-Accel-Expires"] = f"@{int(time.time())}"
    return response


def is_public(response):
    return getattr(response, CACHE_QUERY, None) is not None
