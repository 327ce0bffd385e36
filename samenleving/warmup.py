"""What every worker's first request would otherwise load: run once in the
gunicorn master (preload_app), so that each forked worker starts with it.

No database and no request: the URL patterns and the views they import, the
translation catalogues of every language, and the site's templates compiled.
"""

from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

from core.languages import language_codes


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
    for code in language_codes():
        with translation.override(code):
            translation.gettext("Home")
    for name in site_templates():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue
