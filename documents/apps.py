from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents and images")

    def ready(self):
        from core.history import keep_history

        from .models import Document

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
