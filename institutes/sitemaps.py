from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Institute

LIST = "list"


class InstituteSitemap(Sitemap):
    """The list of institutes and a page per institute, in every language."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return [LIST, *Institute.objects.published().order_by("pk")]

    def location(self, item):
        # The sitemap framework activates each language in turn.
        if item == LIST:
            return reverse("institutes:list")
        return item.get_absolute_url()

    def lastmod(self, item):
        if item == LIST:
            return None
        return item.updated_at
