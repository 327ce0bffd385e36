from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self):
        from core import links
        from core.history import keep_history

        from . import signals  # noqa: F401
        from .models import Page, PageLink
        from .tree import PageTree

        keep_history(Page, excluded_fields=["created_at"])
        keep_history(PageLink)
        links.register(page_tree=PageTree.for_request)

    def load_content(self, update=False):
        from core.seeding import read_content, read_earlier

        from .seed import load_pages

        return load_pages(read_content(self, "pages.json"), update, read_earlier(self))
