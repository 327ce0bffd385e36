import sys
from urllib.parse import unquote

from django.db import DatabaseError, connection
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
from django.views.decorators.http import require_GET, require_POST

from . import fontsize

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
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    response = HttpResponsePermanentRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database here: it may be the reason for the error.
    context = {"site_tree": None}
    # Django calls this while the exception is being handled. A database
    # that does not answer is an outage to wait out, not a fault of the page:
    # 503, and when to try again (cached pages are still served meanwhile).
    if isinstance(sys.exc_info()[1], DatabaseError):
        response = render(request, "500.html", context, status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", context, status=500)
