import sys
from datetime import UTC, datetime
from urllib.parse import unquote

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, ProgrammingError
from django.http import (
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from core import fontsize

MAX_NEXT_LENGTH = 2000


def safe_return_path(request, target):
    """The local path to return to, or None when the target points elsewhere.

    Only a path on this site is accepted: no scheme, no host, no
    protocol-relative or backslash tricks, no control characters.
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    # Check the target as given and once decoded, so that encoded slashes
    # and control characters cannot sneak past.
    for form in (target, unquote(target)):
        if not form.startswith("/") or form.startswith(("//", "/\\")):
            return None
        if any(ord(char) < 32 or ord(char) == 127 for char in form):
            return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target


# The switch stores a cosmetic preference only: it reads no personal data,
# changes nothing on the server and validates both the size and the return
# target. A forged submission can at most change someone's font size, so the
# form carries no CSRF token, which keeps public pages free of anything
# personal and cacheable as a whole.
@csrf_exempt
@require_POST
def set_font_size(request):
    size = fontsize.clean(request.POST.get("size"))
    target = safe_return_path(request, request.POST.get("next", ""))
    response = HttpResponseRedirect(target or reverse("pages:home"))
    fontsize.set_cookie(response, request, size)
    return response


@never_cache
@require_safe
def healthz(request):
    # A query on one of our own tables, not only "SELECT 1": a database that
    # connects but lost its schema (an empty SQLite file) is not healthy.
    from pages.models import Page

    try:
        Page.objects.only("pk").exists()
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# Where to report a vulnerability (RFC 9116). No e-mail address of the site's
# publisher is verified; the verified route to the Flemish government is its
# information line 1700 (free, from Belgium), which passes a report on.
SECURITY_CONTACTS = ["tel:1700;phone-context=+32"]
# A fixed date, less than a year ahead as RFC 9116 asks: the contact is
# reviewed, and this date moved on, before it comes near
# (tests/test_admin_security.py fails three months ahead).
SECURITY_TXT_EXPIRES = datetime(2027, 11, 30, tzinfo=UTC)


@require_safe
def security_txt(request):
    lines = [
        *(f"Contact: {contact}" for contact in SECURITY_CONTACTS),
        f"Expires: {SECURITY_TXT_EXPIRES:%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: nl, en, fr, de",
        # From the settings, never from the Host header a request brings.
        f"Canonical: {settings.SITE_URL}{reverse('security_txt')}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@require_safe
def favicon(request):
    response = HttpResponsePermanentRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database here: it may be the reason for the error. When it is (the
    # database is down, hung or unreachable), say so with a 503: the visitor
    # may try again shortly, and so may a load balancer or a crawler.
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    return render(request, "500.html", {"site_tree": None}, status=500)


# Errors that mean the database cannot be reached now, not a fault in a page.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# PostgreSQL's "undefined table" and "undefined column": a database whose
# schema is not the code's (not migrated, or emptied) is as unusable as an
# unreachable one. SQLite says the same with an OperationalError.
SCHEMA_MISSING = {"42P01", "42703"}


def is_database_unavailable(exception):
    if isinstance(exception, DATABASE_UNAVAILABLE):
        return True
    return isinstance(exception, ProgrammingError) and (
        getattr(exception.__cause__, "sqlstate", None) in SCHEMA_MISSING
    )


def database_unavailable(request):
    """503 in the visitor's language, rendered without the database."""
    response = render(request, "503.html", {"site_tree": None}, status=503)
    response["Retry-After"] = "30"
    return response


def method_not_allowed(request, allowed):
    """405 as a page in the visitor's language, with the methods that work."""
    response = render(request, "405.html", status=405)
    response["Allow"] = ", ".join(allowed)
    return response
