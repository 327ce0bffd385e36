"""The files a site has at fixed addresses: robots.txt, security.txt and
the favicon."""

from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe


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
