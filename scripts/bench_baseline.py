"""The benchmark's baseline: the least a Django site can do for a page.

One Django view in the same Python and Django, with no middleware, no
database and no templates, answering every request with the bytes in the file
named by BENCH_BODY_FILE (a page of the site, saved by scripts/bench.py).

    BENCH_BODY_FILE=page.html gunicorn scripts.bench_baseline:application
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="baseline-only",  # noqa: S106 - serves one fixed page
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)
application = get_wsgi_application()
