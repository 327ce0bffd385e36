"""The benchmark's baseline: the least a Django site can do for a page.

One Django view in the same Python and Django, with no middleware, no
database and no templates, answering with the bytes of a page of the site:
each file in the folder BENCH_BODY_DIR (saved there by scripts/bench.py) at
/<its name>, so every kind of page is measured against the same bytes.

    BENCH_BODY_DIR=pages/ gunicorn scripts.bench_baseline:application
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import Http404, HttpResponse
from django.urls import path

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
}
PAGES = {
    file.name: (file.read_bytes(), CONTENT_TYPES[file.suffix])
    for file in Path(os.environ["BENCH_BODY_DIR"]).iterdir()
}


def page(request, name):
    if name not in PAGES:
        raise Http404
    body, content_type = PAGES[name]
    return HttpResponse(body, content_type=content_type)


urlpatterns = [path("<str:name>", page)]

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
