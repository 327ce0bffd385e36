"""What every worker's first request would otherwise load: run once in the
gunicorn master (preload_app), so that each forked worker starts with it.

No database: the URL patterns and the views they import, the translation
catalogues of every language, the site's templates compiled, and the page a
visitor gets when the database is down rendered once in each language (it
must answer fast exactly when nothing else can), and the hyphenation
dictionaries every page needs (German's alone takes half a second to load).
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils import translation

from core.hyphenation import dictionary
from core.languages import language_codes

logger = logging.getLogger(__name__)


def site_templates():
    """The names of the templates in the site's own template folders."""
    for folder in settings.TEMPLATES[0]["DIRS"]:
        folder = Path(folder)
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            if not name.startswith("admin/"):
                yield name


def warm_up():
    get_resolver().url_patterns  # noqa: B018 - imports every view
    from .health import database_unavailable

    host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".").replace("*", "")
    for code in language_codes():
        with translation.override(code):
            translation.gettext("Home")
            request = RequestFactory().get(f"/{code}/", HTTP_HOST=host or "localhost")
            request.LANGUAGE_CODE = code
            dictionary(code)
            try:
                database_unavailable(request)
            except Exception:  # a cold first answer is no reason not to start
                logger.warning("warm-up: the 503 page did not render", exc_info=True)
    for name in site_templates():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue
