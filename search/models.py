from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .querysets import SearchEntryQuerySet


class SearchEntry(models.Model):
    """What search finds of one published page version or one published
    institute, in one visitor language (with the Dutch text where the item
    has no translation, as the pages show it).

    Rebuilt from the "published content changed" moment (see index.py), so
    only published content is ever found. A page entry belongs to a
    published version; the search keeps only the versions of the live page
    tree, so a scheduled version is found from its moment on.

    The matching itself is the database's: on PostgreSQL `vector` with a GIN
    index (made in the migration), on SQLite an FTS5 table over
    `title_terms` and `body_terms` kept in step by triggers (also made in
    the migration; a change of this table on SQLite must make them again).
    """

    class Kind(models.TextChoices):
        PAGE = "page", _("page")
        INSTITUTE = "institute", _("institute")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    object_id = models.BigIntegerField(_("object"))
    version = models.ForeignKey(
        "pages.PublishedPage",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(_("visitor language"), max_length=10)
    text_language = models.CharField(_("language of the text"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=300, blank=True)
    config = models.CharField(_("search configuration"), max_length=63)
    title_terms = models.TextField(_("title terms"), blank=True)
    body_terms = models.TextField(_("text terms"), blank=True)
    vector = SearchVectorField(_("search vector"), null=True, blank=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return f"{self.title} ({self.language})"
