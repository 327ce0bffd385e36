import contextlib
import hashlib
import ipaddress
import logging
import re

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.middleware import locale
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from core import pagecache
from core.hyphenation import hyphenate_html

from . import fontsize

logger = logging.getLogger(__name__)

# Public pages: everything from our own origin, nothing inline, nothing framed.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

# The admin: the same origin-only policy. Its widgets set styles through the
# CSSOM, which a policy without 'unsafe-inline' still allows, and its icons
# are data: URIs in its own stylesheets.
ADMIN_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

ADMIN_PREFIX = "/admin/"


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.

    X-Content-Type-Options, Referrer-Policy, HSTS and X-Frame-Options come
    from Django's own SecurityMiddleware and XFrameOptionsMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = ADMIN_CSP if request.path.startswith(ADMIN_PREFIX) else PUBLIC_CSP
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


class AdminLanguageMiddleware:
    """The admin speaks Dutch unless the editor chose another language.

    LocaleMiddleware would follow the browser's Accept-Language on URLs
    without a language prefix; editors work in Dutch by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            available = {code for code, _name in settings.LANGUAGES}
            language = chosen if chosen in available else settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class VaryOnFontSizeMiddleware:
    """Every public HTML page is rendered at the size in the font-size cookie,
    404 and 500 pages included, so caches must keep one copy per cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["Cookie"])
        return response


REPEATED_SLASHES = re.compile(r"/{2,}")


class CollapseSlashesMiddleware:
    """`/nl//over-deze-site/` and `/nl/over-deze-site//` are the same page as
    `/nl/over-deze-site/`: one address per page, so 301 to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "//" in request.path:
            target = REPEATED_SLASHES.sub("/", request.path)
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                f"{target}?{query}" if query else target
            )
        return self.get_response(request)


def _without_language(path):
    """Paths that never carry a language: static files, the admin, the
    sitemap and the site-wide files."""
    return path.startswith(
        (settings.STATIC_URL, ADMIN_PREFIX, "/sitemap.xml", "/.well-known/")
    )


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that only `/` is sent on to a language's home page.
    Any other address without a language (`/.env`, `/wp-login.php`, a
    missing static file or admin path) is a plain 404, not first a redirect
    to `/nl/...`: the page tree would take any path under a language."""

    def process_response(self, request, response):
        path = request.path_info
        if response.status_code == 404 and (
            _without_language(path)
            or (path != "/" and not translation.get_language_from_path(path))
        ):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


# What a public address may be asked with. Forms that post to the site (font
# size, feedback) are the only views that take POST; they are csrf_exempt,
# since public pages carry no token (DESIGN-NOTES 4).
SAFE_METHODS = ("GET", "HEAD")


class PublicMethodsMiddleware:
    """Only GET and HEAD on public pages, POST only on the forms' endpoints.

    Anything else gets a 405 page in the visitor's language before the CSRF
    check could answer with its own page; OPTIONS says what is allowed and
    never returns the page. The admin keeps Django's own handling.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not request.path.startswith(ADMIN_PREFIX)
            and not response.streaming
            and not response.content
        ):
            # A view's own require_safe/require_POST: the same styled page.
            from .views import method_not_allowed

            allowed = [m.strip() for m in response.get("Allow", "").split(",")]
            return method_not_allowed(request, [m for m in allowed if m])
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(ADMIN_PREFIX) or request.method in SAFE_METHODS:
            return None
        takes_post = getattr(view_func, "csrf_exempt", False)
        if request.method == "POST" and takes_post:
            return None
        allowed = ["POST"] if takes_post else list(SAFE_METHODS)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ", ".join([*allowed, "OPTIONS"])
            return response
        from .views import method_not_allowed

        return method_not_allowed(request, allowed)


class SoftHyphenMiddleware:
    """Soft hyphens in the long words of every public HTML page, each in its
    element's language (see core.hyphenation). Placed innermost, so that the
    ETag and Content-Length are those of the page as sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(ADMIN_PREFIX)
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        language = translation.get_language() or settings.LANGUAGE_CODE
        html = response.content.decode(response.charset)
        response.content = hyphenate_html(html, language).encode(response.charset)
        return response


# Headers a proxy sets about the visitor; from anyone else they are lies.
PROXY_HEADERS = (
    "HTTP_X_REAL_IP",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
)


class ProxyHeadersMiddleware:
    """Behind nginx every request comes from the proxy's address. When it does
    (DJANGO_TRUSTED_PROXIES), the visitor's address is the one in X-Real-IP
    and the scheme the one in X-Forwarded-Proto; from any other address those
    headers are dropped before anything reads them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = set(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        self.believe_or_drop(request.META)
        return self.get_response(request)

    def believe_or_drop(self, meta):
        if meta.get("REMOTE_ADDR") in self.trusted:
            with contextlib.suppress(ValueError):
                meta["REMOTE_ADDR"] = str(
                    ipaddress.ip_address(meta.get("HTTP_X_REAL_IP", "").strip())
                )
        else:
            for header in PROXY_HEADERS:
                meta.pop(header, None)


# Set in a request's environ by the front when it looked in the cache and
# found nothing to serve: the generation it read (None: the cache is down).
LOOKED_UP = "samenleving.page_cache.looked_up"


class PageCacheMiddleware:
    """Whole public pages from the shared cache (see core.pagecache).

    Only GET and HEAD of a view marked `public_page`, answered 200 without a
    cookie, for a visitor without a session: editors (and so every preview)
    are never served from it nor stored in it. An entry is found by address,
    query string in its one canonical form, language and the cleaned font
    size (and scheme and host), so a garbage cookie reads the normal size's
    entry and adds none.
    """

    METHODS = ("GET", "HEAD")
    MAX_QUERY_LENGTH = 200

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.language_of(request)
        if language is None:
            response = self.get_response(request)
            if self.is_public(response) and self.has_session(request):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        started = timezone.now()
        keys = self.keys(language, request)
        if LOOKED_UP in request.META:
            # The front (samenleving.front) has looked already, in vain.
            generation = request.META.pop(LOOKED_UP)
        else:
            _key, entry, generation = self.look_up(request, keys)
            if entry is not None:
                return self.from_entry(request, entry)
        # For what the process keeps (core.pagecache.kept); None: the cache
        # is down, and is not asked again for this request.
        setattr(request, pagecache.REQUEST_GENERATION, generation)
        if generation is None:
            # The cache is down: serve the page from the database.
            return self.get_response(request)
        response = self.get_response(request)
        query = request.META.get("QUERY_STRING", "")
        if self.may_store(request, response, query) and (len(keys) > 1 or not query):
            self.store(keys[-1], generation, response, started)
        return response

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

    def look_up(self, request, keys):
        """(the key and the cache's entry for the page, the current
        generation). Key and entry are None when no entry is usable; all
        three are None when the cache is down."""
        try:
            pagecache.announce_missed_change()
            # The generation and the entries in one round trip.
            found = pagecache.shared_cache().get_many([pagecache.GENERATION_KEY, *keys])
            generation = found.get(pagecache.GENERATION_KEY) or pagecache.generation()
        except Exception:
            logger.exception("Page cache unavailable")
            return None, None, None
        key, entry = self.usable(request, keys, found.get, generation)
        return key, entry, generation

    @classmethod
    def usable(cls, request, keys, get, generation):
        """(key, entry) of the first entry that `get` finds under the
        request's keys and may answer it; else (None, None)."""
        query = request.META.get("QUERY_STRING", "")
        for key in keys:
            entry = cls.usable_entry(get(key), generation, query)
            if entry is not None:
                return key, entry
        return None, None

    @staticmethod
    def usable_entry(entry, generation, query):
        """The entry, if it is of the current generation, still holds and
        answers this query string: its own, or any when its view reads none."""
        if (
            entry is None
            or entry["generation"] != generation
            or entry["expires"] <= timezone.now().timestamp()
        ):
            return None
        if query and not entry["any_query"] and entry["query"] != query:
            return None
        return entry

    def language_of(self, request):
        """The page's language when the request may use the cache, else None."""
        if (
            not pagecache.enabled()
            or request.method not in self.METHODS
            or self.has_session(request)
        ):
            return None
        return translation.get_language_from_path(request.path_info)

    @staticmethod
    def has_session(request):
        return settings.SESSION_COOKIE_NAME in request.COOKIES

    @staticmethod
    def is_public(response):
        return getattr(response, pagecache.CACHE_QUERY, None) is not None

    @staticmethod
    def key(language, request, query):
        # Scheme and host too: the open data and the institutes' structured
        # data hold absolute addresses. get_host() admits only ALLOWED_HOSTS.
        origin = f"{request.scheme}://{request.get_host()}"
        address = f"{origin}{request.path}?{query}".encode("utf-8", "backslashreplace")
        digest = hashlib.sha256(address).hexdigest()
        size = fontsize.from_request(request)
        return f"page:{language}:{size}:{digest}"

    def may_store(self, request, response, query):
        session = getattr(request, "session", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and getattr(response, pagecache.CACHE_QUERY, None) == query
            and not (session is not None and session.accessed)
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def store(self, key, generation, response, started):
        seconds = pagecache.lifetime(started)
        if seconds <= 0:
            return
        if not response.has_header("ETag"):
            set_response_etag(response)
        entry = {
            "generation": generation,
            "status": response.status_code,
            # Cache-Control is the hit's own (hit_headers).
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() != "cache-control"
            ],
            "content": response.content,
            "query": getattr(response, pagecache.CACHE_QUERY),
            "any_query": getattr(response, pagecache.ANY_QUERY, False),
            "expires": timezone.now().timestamp() + seconds,
        }
        try:
            pagecache.shared_cache().set(key, entry, seconds)
        except Exception:
            logger.exception("Page cache unavailable")
            return
        self.allow_shared_caching(response, seconds)
        response["X-Cache"] = "miss"

    def from_entry(self, request, entry):
        content = b"" if request.method == "HEAD" else entry["content"]
        response = HttpResponse(
            content, status=entry["status"], headers=self.hit_headers(entry)
        )
        # A revalidation with the page's ETag: 304, as ConditionalGetMiddleware
        # answers for a page rendered now.
        response = get_conditional_response(
            request, etag=response["ETag"], response=response
        )
        response["X-Cache"] = "hit"
        return response

    @classmethod
    def hit_headers(cls, entry):
        """The headers of a page from the cache: the page's own, how long a
        browser or CDN may keep it, and (for operators and load tests) that
        it came from the cache."""
        seconds_left = int(entry["expires"] - timezone.now().timestamp())
        return [
            *entry["headers"],
            ("Cache-Control", cls.shared_cache_control(seconds_left)),
            ("X-Cache", "hit"),
        ]

    @staticmethod
    def shared_cache_control(seconds_left):
        """A browser or CDN may keep the page briefly, and never beyond the
        moment our own entry ends; then it asks again with the ETag."""
        seconds = max(min(settings.PAGE_HTTP_MAX_AGE, seconds_left), 0)
        return f"public, max-age={seconds}, s-maxage={seconds}, must-revalidate"

    @classmethod
    def allow_shared_caching(cls, response, seconds_left):
        response["Cache-Control"] = cls.shared_cache_control(seconds_left)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers the 503 page at once,
    with one warning line: an outage to wait out is not a fault in the code,
    and formatting a traceback for every visitor would slow every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .views import database_unavailable, is_database_unavailable

        if not is_database_unavailable(exception):
            return None
        logger.warning("database unavailable: %s", type(exception).__name__)
        return database_unavailable(request)
