"""Search entries, rebuilt whenever published content changes.

A published page version or a published institute gets one entry per
visitor language, holding the text that visitor sees: the translation, or
the Dutch text where there is none. Drafts never get one.
"""

import html
import re

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext, override

from core.hyphenation import SOFT_HYPHEN
from core.languages import language_codes, with_fallback
from pages.markup import without_markers

from . import text
from .models import SearchEntry

SPACES = re.compile(r"\s+")
# Where a heading, a paragraph, a list item or a line of a text ends: in a
# result's passage, each reads as a sentence of its own.
BLOCK_END = re.compile(r"</(?:h[1-6]|p|li|dt|dd|td|th|blockquote)>|<br\s*/?>", re.I)
SENTENCE_END = ".!?:;…"

# PostgreSQL's own stemming configurations. The migration copies those of the
# site's languages into "search_<name>" with accents removed first; other
# languages are matched word for word.
POSTGRES_STEMMERS = {
    "arabic", "armenian", "basque", "catalan", "danish", "dutch", "english",
    "finnish", "french", "german", "greek", "hindi", "hungarian", "indonesian",
    "irish", "italian", "lithuanian", "nepali", "norwegian", "portuguese",
    "romanian", "russian", "serbian", "spanish", "swedish", "tamil", "turkish",
    "yiddish",
}  # fmt: skip


def postgres_config(language):
    name = text.language_name(language)
    return f"search_{name}" if name in POSTGRES_STEMMERS else "simple"


def ensure_postgres_configurations():
    """Make the "search_<name>" configuration of every site language that
    lacks one (a language added after the migration that made the first)."""
    names = {text.language_name(code) for code in language_codes()}
    with connection.cursor() as cursor:
        for name in sorted(names & POSTGRES_STEMMERS):
            cursor.execute(
                "SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [f"search_{name}"]
            )
            if cursor.fetchone():
                continue
            # The names come from the fixed set above, never from input.
            cursor.execute(
                f"CREATE TEXT SEARCH CONFIGURATION search_{name} "  # noqa: S608
                f"(COPY = pg_catalog.{name})"
            )
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION search_{name} ALTER MAPPING "
                f"FOR hword, hword_part, word WITH unaccent, {name}_stem"
            )


def plain(markup):
    """The text of some HTML, each block ending as a sentence ("Contact."
    rather than a heading running into the next paragraph)."""
    parts = []
    for block in BLOCK_END.split(markup or ""):
        # A published body holds soft hyphens (core.hyphenation): the words
        # are searched without them.
        text = html.unescape(strip_tags(block)).replace(SOFT_HYPHEN, "")
        part = SPACES.sub(" ", text).strip()
        if part:
            parts.append(part if part[-1] in SENTENCE_END else f"{part}.")
    return " ".join(parts)


def sentences(*texts):
    """Texts joined as sentences: each ends with a full stop if it has none."""
    return " ".join(
        part if part[-1] in SENTENCE_END else f"{part}."
        for part in (SPACES.sub(" ", value or "").strip() for value in texts)
        if part
    )


def _entry(kind, object_id, language, text_language, title, body, **fields):
    entry = SearchEntry(
        kind=kind,
        object_id=object_id,
        language=language,
        text_language=text_language,
        title=title[:300],
        body=body,
        config=postgres_config(text_language),
        **fields,
    )
    if connection.vendor != "postgresql":
        entry.title_terms = text.terms(title, text_language)
        entry.body_terms = text.terms(body, text_language)
    return entry


def page_entries(version):
    for code in language_codes():
        title, text_language = with_fallback(version.titles, code)
        intro, description = (
            with_fallback(getattr(version, name), text_language)[0]
            for name in ("intros", "descriptions")
        )
        intro, description = without_markers(intro), without_markers(description)
        body = plain(with_fallback(version.bodies, text_language)[0])
        yield _entry(
            SearchEntry.Kind.PAGE,
            version.page_id,
            code,
            text_language,
            title,
            sentences(intro, body, description),
            version=version,
        )


def institute_entries(institute):
    for code in language_codes():
        text_language = institute.field_language("description", code)
        # Sentences in the language of the description, so that a result's
        # passage reads as text, never as field values run together.
        with override(text_language):
            parts = [institute.translated("description", code)]
            if institute.former_name:
                parts.append(
                    gettext("Formerly called %(name)s.")
                    % {"name": institute.former_name}
                )
            if institute.short_name and institute.short_name != institute.name:
                parts.append(
                    gettext("Also called %(name)s.") % {"name": institute.short_name}
                )
            municipality = institute.translated("municipality", text_language)
            if municipality:
                parts.append(
                    gettext("Its office is in %(municipality)s.")
                    % {"municipality": municipality}
                )
        yield _entry(
            SearchEntry.Kind.INSTITUTE,
            institute.version.pk,
            code,
            text_language,
            institute.name,
            sentences(*parts),
            url=institute.get_absolute_url(code),
        )


def _store(entries):
    created = SearchEntry.objects.bulk_create(entries)
    if connection.vendor == "postgresql" and created:
        # The title weighs more than the text (A above B), and each entry is
        # stemmed with the configuration of its text's language.
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in created]).update(
            vector=SearchVector("title", weight="A", config=F("config"))
            + SearchVector("body", weight="B", config=F("config"))
        )


def _current_versions():
    from pages.models import PublishedPage

    now = timezone.now()
    return PublishedPage.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now)
    )


def index_page(page_id):
    """The entries of a page's versions now live or still to come."""
    SearchEntry.objects.filter(kind=SearchEntry.Kind.PAGE, object_id=page_id).delete()
    versions = _current_versions().filter(page_id=page_id)
    _store([entry for version in versions for entry in page_entries(version)])


def _institute_entries():
    """The entries of the institutes' versions now live or still to come;
    each is found while its version is live (querysets.py)."""
    from institutes.models import PublishedInstitute

    versions = PublishedInstitute.objects.current().select_related("region")
    return [
        entry
        for version in versions
        for entry in institute_entries(version.as_institute())
    ]


def index_institutes():
    """The institutes' entries made again: a dozen institutes, four
    languages each."""
    SearchEntry.objects.filter(kind=SearchEntry.Kind.INSTITUTE).delete()
    _store(_institute_entries())


def rebuild():
    """Every entry made again from what is published."""
    SearchEntry.objects.all().delete()
    entries = [
        entry for version in _current_versions() for entry in page_entries(version)
    ]
    entries.extend(_institute_entries())
    _store(entries)


def on_published_content_changed(sender, instance=None, page=None, **kwargs):
    """The receiver of core.signals.published_content_changed."""
    from institutes.models import (
        Division,
        Institute,
        PostcodeRule,
        PublishedInstitute,
        Region,
        Theme,
    )
    from pages.models import Page, PageLink, PublishedPage
    from places.models import PlaceName

    if sender is PublishedPage and page is not None:
        index_page(page.pk)
    elif sender in (PublishedInstitute, Institute):
        # Published, taken offline, or deleted with its versions.
        index_institutes()
    elif sender in (Division, Page, PageLink, PlaceName, PostcodeRule, Region, Theme):
        # A draft, or what search does not show: the published versions
        # (and their entries) change only by publishing.
        return
    else:
        rebuild()
