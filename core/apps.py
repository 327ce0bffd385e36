from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .groups import editors_rights


class CoreConfig(AppConfig):
    """What every app of the site shares. It imports no other app."""

    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import pagecache
        from .signals import published_content_changed

        published_content_changed.connect(
            pagecache.on_published_content_changed, dispatch_uid="page-cache"
        )
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="page-cache")
        post_migrate.connect(editors_rights, dispatch_uid="editors-group")


def after_migrate(using, **kwargs):
    """A deploy runs migrate: the database cache gets its table (the one step
    every install already takes), and pages rendered by the previous release's
    templates are no longer served."""
    from django.core.management import call_command

    from . import pagecache

    call_command("createcachetable", database=using, verbosity=0)
    pagecache.start_new_generation()
