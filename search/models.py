import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import EditableModel

from . import text
from .querysets import SearchEntryQuerySet, SynonymGroupQuerySet

# A group holds at most this many words, so that a query stays small.
MAX_SYNONYMS = 20


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


def split_words(value):
    """The words of a synonym group as an editor typed them: separated by
    commas, semicolons or new lines."""
    return [word.strip() for word in re.split(r"[,;\n]", value or "") if word.strip()]


class SynonymGroup(EditableModel):
    """Words that visitors use for the same thing in one language: a search
    for any of them also finds the texts that hold another ("armoede" finds
    the pages on exclusion). Editors keep them in the admin; searching reads
    them at every query, so a change counts at once."""

    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES
    )
    words = models.TextField(
        _("words"),
        help_text=_(
            "Two or more single words, separated by commas or each on a line of "
            "its own. A search for one of them also finds texts with the others."
        ),
    )
    objects = SynonymGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("synonyms")
        verbose_name_plural = _("synonyms")
        ordering = ["language", "words"]

    def __str__(self):
        return ", ".join(self.word_list())

    def word_list(self):
        return split_words(self.words)

    def clean(self):
        words = self.word_list()
        not_single = [word for word in words if text.WORD.fullmatch(word) is None]
        if not_single:
            raise ValidationError(
                {
                    "words": _(
                        "Each entry must be a single word, without spaces or "
                        "punctuation: %(words)s."
                    )
                    % {"words": ", ".join(f"“{word}”" for word in not_single)}
                }
            )
        if len({text.fold(word) for word in words}) < 2:
            raise ValidationError({"words": _("Give at least two different words.")})
        too_long = [word for word in words if len(word) > text.MAX_WORD_LENGTH]
        if too_long or len(words) > MAX_SYNONYMS:
            raise ValidationError(
                {
                    "words": _(
                        "At most %(count)d words of at most %(length)d letters each."
                    )
                    % {"count": MAX_SYNONYMS, "length": text.MAX_WORD_LENGTH}
                }
            )
        # Stored as the search reads them: one word a line.
        self.words = "\n".join(words)
