from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedRecordQuerySet(models.QuerySet):
    def create_once(self, kind, key, existing, create):
        """Create a seed item unless it was created before; the new item or None.

        An item counts as created before when it was loaded once (an editor
        may have changed or deleted it since) or when `existing`, the items
        already stored under its key, is not empty. `create` may return None
        to skip the item without remembering it, e.g. when its parent is gone.
        """
        key = str(key)
        if self.filter(kind=kind, key=key).exists():
            return None
        if existing.exists():
            self.create(kind=kind, key=key)
            return None
        item = create()
        if item is not None:
            self.create(kind=kind, key=key)
        return item


class SeedRecord(models.Model):
    """A piece of seed content that was loaded once.

    Loading the content again skips it, so that an item an editor deleted
    or changed stays as the editor left it; `load_content --update` changes
    only the fields that still hold the seed value they were given.
    """

    kind = models.CharField(_("kind"), max_length=50)
    key = models.CharField(_("key"), max_length=100)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    # {field: fingerprint of the seed value it was given}: a field that
    # still holds it may take a corrected seed text (core.seeding).
    fields = models.JSONField(_("fields as loaded"), default=dict, blank=True)

    objects = SeedRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("loaded seed item")
        verbose_name_plural = _("loaded seed items")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="unique_seed_record")
        ]

    def __str__(self):
        return f"{self.kind}: {self.key}"


class EditableModel(models.Model):
    """Content that editors change in the admin.

    `updated_at` is the version an admin form was opened at: the editors'
    admin (core.admin.EditorAdmin) refuses to save over a newer one.
    """

    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


def fixed_key(help_text, required=True):
    """The key by which the site finds an item; only a superuser may change it."""
    return models.SlugField(
        _("key"),
        max_length=50,
        unique=True,
        null=not required,
        blank=not required,
        help_text=help_text,
    )
