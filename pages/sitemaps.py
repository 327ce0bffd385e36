from django.contrib.sitemaps import Sitemap

from .tree import PageTree


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return PageTree.load().visible

    def location(self, node):
        return node.url()

    def lastmod(self, node):
        return node.updated_at
