"""Whether the site can answer: the health check, and the 503 page a visitor
gets while the database cannot be reached."""

import logging

from django.apps import apps
from django.db import DatabaseError, InterfaceError, OperationalError, ProgrammingError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    # A query on one of the site's own tables, not only "SELECT 1": a database
    # that connects but lost its schema (an empty SQLite file) is not healthy.
    try:
        apps.get_model("pages", "Page").objects.only("pk").exists()
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


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


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers the 503 page at once,
    with one warning line: an outage to wait out is not a fault in the code,
    and formatting a traceback for every visitor would slow every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.warning("database unavailable: %s", type(exception).__name__)
        return database_unavailable(request)
