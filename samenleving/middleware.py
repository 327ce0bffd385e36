import contextlib
import ipaddress

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from core.hyphenation import hyphenate_html

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
        meta = request.META
        if meta.get("REMOTE_ADDR") in self.trusted:
            with contextlib.suppress(ValueError):
                meta["REMOTE_ADDR"] = str(
                    ipaddress.ip_address(meta.get("HTTP_X_REAL_IP", "").strip())
                )
        else:
            for header in PROXY_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)
