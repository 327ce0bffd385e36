from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.groups import ALL


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    # Of search, only the synonyms: the entries are made from what is published.
    editors_may = {"synonymgroup": ALL}

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.signals import published_content_changed

        from .index import on_published_content_changed

        published_content_changed.connect(
            on_published_content_changed, dispatch_uid="search-index"
        )
        # Content published before search existed, or by a data migration,
        # sends no signal: after every migrate the entries are made again
        # (and on PostgreSQL the configuration of a newly added language).
        post_migrate.connect(rebuild_after_migrate, sender=self)

    def load_content(self, update=False):
        # Groups are only ever added: an editor's change to one stays, with
        # or without --update.
        from core.seeding import read_content

        from .seed import load_synonyms

        return load_synonyms(read_content(self, "synonyms.json"))


def rebuild_after_migrate(**kwargs):
    from django.db import connection

    from .index import ensure_postgres_configurations, rebuild
    from .models import SearchEntry

    # Not after migrating back to before the table existed.
    if SearchEntry._meta.db_table in connection.introspection.table_names():
        if connection.vendor == "postgresql":
            ensure_postgres_configurations()
        rebuild()
