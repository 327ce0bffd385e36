"""The error pages, in the visitor's language, and the methods a public
address may be asked with."""

import sys

from django.http import HttpResponse
from django.shortcuts import render

from .health import database_unavailable, is_database_unavailable
from .security import ADMIN_PREFIX


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database here: it may be the reason for the error. When it is (the
    # database is down, hung or unreachable), say so with a 503: the visitor
    # may try again shortly, and so may a load balancer or a crawler.
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    return render(request, "500.html", {"site_tree": None}, status=500)


def method_not_allowed(request, allowed):
    """405 as a page in the visitor's language, with the methods that work."""
    response = render(request, "405.html", status=405)
    response["Allow"] = ", ".join(allowed)
    return response


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
        return method_not_allowed(request, allowed)
