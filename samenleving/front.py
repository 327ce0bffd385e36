"""The page cache's front door: a cached page is served before Django's
handler and middleware run.

A page in the cache passes nothing between it and the visitor but the first
three middleware (the request log, the proxy headers and the page cache), so
the front does just what those three do for a cached page, and nothing else:

- the proxy's headers are believed or dropped as ProxyHeadersMiddleware does;
- the entry is found, checked and turned into a response by the same
  PageCacheMiddleware code, so a page is the same, header for header, from
  here as from the middleware (a revalidation gets its 304 here too);
- the request is logged, and given its id, as RequestLogMiddleware does.

With Redis, a worker serves a page it has found there before from its own
copy, without asking Redis, while it is sure to hear of every change
(core.pagewatch).

Anything else goes to Django untouched: a miss, a request with a session, a
method other than GET or HEAD, an address without a language, a host that
is not allowed, a cache that is down. On a miss the front tells the
middleware which generation it read, so the page is stored without a
second look in the cache.
"""

import logging
import time
from http.client import responses

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from core import pagewatch

from .middleware import LOOKED_UP, PageCacheMiddleware, ProxyHeadersMiddleware
from .requestlog import REQUEST_ID_HEADER, log_line, log_request, request_id_from

logger = logging.getLogger(__name__)

# A request with one of these asks whether its copy is still good: its
# answer may be a 304, which Django's own code decides (from_entry).
CONDITIONS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


class PageCacheFront:
    """WSGI: cached pages from here, everything else from `application`."""

    def __init__(self, application):
        self.application = application
        self.proxy_headers = ProxyHeadersMiddleware(None)
        self.page_cache = PageCacheMiddleware(None)

    def __call__(self, environ, start_response):
        found = self.look_up(environ)
        if found is None:
            return self.application(environ, start_response)
        request, entry, started = found
        if any(condition in environ for condition in CONDITIONS):
            response = self.respond(request, entry, started)
            start_response(
                f"{response.status_code} {response.reason_phrase}",
                list(response.items()),
            )
            return [response.content]
        # The page as stored, with no response object in between.
        request.request_id = request_id_from(request)
        headers = self.page_cache.hit_headers(entry)
        headers.append((REQUEST_ID_HEADER, request.request_id))
        log_line(request, entry["status"], "hit", started)
        start_response(f"{entry['status']} {responses[entry['status']]}", headers)
        return [b"" if request.method == "HEAD" else entry["content"]]

    def serve(self, environ):
        """The response for a cached page, or None: Django answers. (Django's
        test client takes a response object, not WSGI's call.)"""
        found = self.look_up(environ)
        return None if found is None else self.respond(*found)

    def respond(self, request, entry, started):
        request.request_id = request_id_from(request)
        response = self.page_cache.from_entry(request, entry)
        log_request(request, response, started)
        return response

    def look_up(self, environ):
        """(request, entry, start time) for a page in the cache; else None,
        and Django answers, with its own error page should anything here go
        wrong."""
        if environ.get("REQUEST_METHOD") not in PageCacheMiddleware.METHODS:
            return None
        try:
            return self._look_up(environ)
        except Exception:
            logger.exception("Page cache front failed")
            environ.pop(LOOKED_UP, None)
            return None

    def _look_up(self, environ):
        started = time.perf_counter()
        # A copy: Django, on a miss, cleans the proxy headers itself.
        request = WSGIRequest(environ.copy())
        self.proxy_headers.believe_or_drop(request.META)
        language = self.page_cache.language_of(request)
        if language is None:
            return None
        try:
            keys = self.page_cache.keys(language, request)
        except DisallowedHost:
            return None  # Django answers 400 and logs it
        watch = pagewatch.watch()
        watched = None if watch is None else watch.current()
        if watched is not None:
            # This process's own copy, when it has one.
            _key, entry = self.page_cache.usable(
                request, keys, watch.pages.get, watched
            )
            if entry is not None:
                return request, entry, started
        key, entry, generation = self.page_cache.look_up(request, keys)
        if entry is None:
            environ[LOOKED_UP] = generation
            return None
        if watched is not None and entry["generation"] == watched:
            watch.keep(key, entry)
        return request, entry, started
