"""What every response says about itself (Content-Security-Policy,
Permissions-Policy), and whom the site believes about a visitor: the proxy's
headers are read only from the proxies in DJANGO_TRUSTED_PROXIES."""

import contextlib
import ipaddress

from django.conf import settings

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
