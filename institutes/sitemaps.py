from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .published import listed_institutes

LIST = "list"
FINDER = "finder"
OPEN_DATA = "open_data"
PAGES = (LIST, FINDER, OPEN_DATA)


class InstituteSitemap(Sitemap):
    """The list of institutes, the finder, the open data and a page per
    institute, in every language."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [*PAGES, *sorted(listed_institutes(), key=lambda i: i.pk)]

    def location(self, item):
        # The sitemap framework activates each language in turn.
        if item in PAGES:
            return reverse(f"institutes:{item}")
        return item.get_absolute_url()

    def lastmod(self, item):
        if item in PAGES:
            return None
        return item.updated_at
