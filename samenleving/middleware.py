import contextlib
import ipaddress
import logging
import re

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers

from core.hyphenation import hyphenate_html

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
# since public pages carry no token (docs/design.md, rule 4).
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
