"""The shared full-page cache: which entries are current, and for how long.

Every cached page is stored with the *generation* it was rendered in, a token
kept in the shared cache (Redis, or the database). The one "published content
changed" moment replaces the token, so that every worker of every server
finds its entries out of date on its next request and renders what visitors
should now see; the new page then takes the old entry's place. No entry is
kept beyond the next scheduled change, so a page scheduled for 9:00 shows at
9:00.

Views opt in with `public_page`: their answer is the same for every visitor
with the same address, language and font size. The middleware that reads and
writes the entries is `samenleving.middleware.PageCacheMiddleware`.
"""

import collections
import contextlib
import functools
import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from . import pagewatch
from .signals import next_scheduled_change

GENERATION_KEY = "page-cache:generation"
# On a request: the generation the page cache read for it.
REQUEST_GENERATION = "page_cache_generation"
# Whether a request uses what the process keeps (keeping).
REQUEST_KEEPING = "keeps_published"
# On a response: the query string with which it may be cached ("" for none);
# None or absent, it is not cached.
CACHE_QUERY = "page_cache_query"
# On a response: True when the view reads no query string at all.
ANY_QUERY = "page_cache_any_query"

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
        pagewatch.announce(cache, current, wait=False)
    return current


def current_generation():
    """The current generation, or None when the shared cache does not answer."""
    try:
        announce_missed_change()
        return generation()
    except Exception:
        logger.exception("Page cache unavailable")
        return None


def request_generation(request):
    """The generation for this request, read once (the page cache may have
    read it already, or this process heard of it: core.pagewatch); None
    when the shared cache does not answer."""
    if not hasattr(request, REQUEST_GENERATION):
        generation = pagewatch.watched_generation()
        if generation is None:
            generation = current_generation()
        setattr(request, REQUEST_GENERATION, generation)
    return getattr(request, REQUEST_GENERATION)


# What this process keeps while the published content stays as it is (see
# kept): {name: value}, what visitors' input names, least recently used
# first (see kept_recent), and (generation, moment or None) for which they
# hold.
_kept = {}
_recent = collections.OrderedDict()
_kept_for = None
_MISSING = object()


def keeping(request):
    """Whether this request may use what the process keeps (`kept`,
    `kept_recent`, `kept_fragment`); what it keeps is dropped first when the published
    content has changed since. Decided once per request.

    Not for editors (anyone with a session, as for the page cache), not when
    the shared cache does not answer, and not unless KEEP_PUBLISHED (on with
    Redis: with the database cache, reading the generation would cost a
    query itself)."""
    if request is None:
        return False
    decided = getattr(request, REQUEST_KEEPING, None)
    if decided is None:
        decided = _decide_keeping(request)
        setattr(request, REQUEST_KEEPING, decided)
    return decided


def _decide_keeping(request):
    global _kept_for
    if not settings.KEEP_PUBLISHED or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    generation = request_generation(request)
    if generation is None:
        return False
    now = timezone.now()
    held = _kept_for
    if held is None or held[0] != generation or (held[1] and now >= held[1]):
        _kept.clear()
        _recent.clear()
        _kept_for = (generation, next_scheduled_change(now))
    return True


def kept(request, name, load):
    """What `load()` returns, kept by this process while the published
    content stays as it is: under the current generation, which every
    change an editor makes replaces at once, and never past the next
    scheduled change. So a page that is not cached whole still skips the
    queries for the page tree, the institutes and the postcode rules.
    Loaded every time where `keeping` says no.
    """
    if not keeping(request):
        return load()
    value = _kept.get(name, _MISSING)
    if value is _MISSING:
        value = _kept[name] = load()
    return value


def kept_recent(request, key, load, worth_keeping=None):
    """What `load()` returns, kept like `kept` under `key`, for values that
    a visitor's input names (a part of a page at a made-up address, a finder
    answer): at most KEPT_FRAGMENTS of them, the least recently used dropped
    first, so that input cannot grow what a process keeps. A value for
    which `worth_keeping(value)` says no is not kept."""
    if not keeping(request):
        return load()
    value = _recent.get(key, _MISSING)
    if value is _MISSING:
        value = load()
        if worth_keeping is None or worth_keeping(value):
            _recent[key] = value
            if len(_recent) > settings.KEPT_FRAGMENTS:
                # KeyError: another thread emptied it meanwhile.
                with contextlib.suppress(KeyError):
                    _recent.popitem(last=False)
    else:
        with contextlib.suppress(KeyError):
            _recent.move_to_end(key)
    return value


def kept_fragment(request, key, render, finish):
    """A part of a page, kept under `key`, which must name everything the
    part shows that may differ between requests (core.templatetags.keep):
    `finish(render())` is kept (kept_recent), and `render()` served where
    nothing is kept."""
    if not keeping(request):
        return render()
    return kept_recent(request, key, lambda: finish(render()))


def keep_nothing(request):
    """This request renders every part itself and reads nothing shared: the
    page for a database that is down, which is also rendered in the gunicorn
    master before it forks (a connection opened there would be shared by
    every worker)."""
    setattr(request, REQUEST_GENERATION, None)
    setattr(request, REQUEST_KEEPING, False)


def forget_kept():
    """The next request loads everything anew."""
    global _kept_for
    _kept.clear()
    _recent.clear()
    _kept_for = None


# A change this process could not announce because the shared cache did not
# answer (a Redis restart, a network blip): its entries would otherwise be
# served until they expire once the cache answers again.
_missed_change = False


def start_new_generation(wait=True):
    """Every cached page is old from now on. With `wait`, return once every
    worker that keeps copies of pages has dropped them (core.pagewatch)."""
    global _missed_change
    try:
        cache = shared_cache()
        generation = _new_generation()
        cache.set(GENERATION_KEY, generation, timeout=None)
        pagewatch.announce(cache, generation, wait)
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


def content_changed(**kwargs):
    """Receiver of `published_content_changed`: every cached page is old.

    Once now, so that the editor's next request already sees the change, and
    once more after the commit: a page rendered meanwhile from the data before
    the commit would otherwise be stored under the new generation. After the
    commit, the editor's request waits until every worker has dropped its
    own copies of pages (core.pagewatch).
    """
    start_new_generation(wait=False)
    transaction.on_commit(start_new_generation)


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
