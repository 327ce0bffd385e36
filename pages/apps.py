from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def load_content(self):
        from core.seeding import read_content

        from .seed import load_pages

        return load_pages(read_content(self, "pages.json"))
