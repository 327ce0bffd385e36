from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedRecordQuerySet(models.QuerySet):
    def is_loaded(self, kind, key):
        return self.filter(kind=kind, key=str(key)).exists()

    def mark(self, kind, key):
        self.get_or_create(kind=kind, key=str(key))

    def should_create(self, kind, key, existing):
        """Whether a seed item is new: never loaded and not in `existing`."""
        if self.is_loaded(kind, key):
            return False
        if existing.exists():
            self.mark(kind, key)
            return False
        return True


class SeedRecord(models.Model):
    """A piece of seed content that was loaded once.

    Loading the content again skips it, so that an item an editor deleted
    or changed stays as the editor left it.
    """

    kind = models.CharField(_("kind"), max_length=50)
    key = models.CharField(_("key"), max_length=100)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    objects = SeedRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("loaded seed item")
        verbose_name_plural = _("loaded seed items")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="unique_seed_record")
        ]

    def __str__(self):
        return f"{self.kind}: {self.key}"
