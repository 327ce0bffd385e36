from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents and images")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.history import keep_history
        from core.signals import announce_saved

        from .models import Document

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
