from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import ALL


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")
    # External links are found by the link checker: editors read the list.
    editors_may = {
        "page": ALL,
        "pagelink": ALL,
        "document": ALL,
        "rendition": ALL,
        "externallink": ("view",),
    }

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import links
        from core.history import keep_history
        from core.signals import announce_saved

        from . import signals  # noqa: F401
        from .documents.models import Document
        from .models import Page, PageLink
        from .tree import PageTree

        keep_history(Page, excluded_fields=["created_at"])
        keep_history(PageLink)
        # Pages show a file's address, size and text alternative.
        post_save.connect(announce_saved, sender=Document, weak=False)
        post_delete.connect(announce_saved, sender=Document, weak=False)
        # Versions keep the texts; the file is not copied into each of them
        # (a version's reason names a new upload), and putting back an older
        # version leaves the current file in place.
        keep_history(
            Document,
            excluded_fields=[
                "data", "uploaded_at", "sha256", "content_type", "width", "height",
                "kind", "filename", "size",
            ],
        )  # fmt: skip
        from .links import pages_linking_to

        links.register(
            page_tree=PageTree.for_request, pages_linking_to=pages_linking_to
        )

    def load_content(self, update=False):
        from core.seeding import read_content, read_earlier

        from .seed import load_pages

        return load_pages(read_content(self, "pages.json"), update, read_earlier(self))
