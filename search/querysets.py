from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL

from . import text

# The FTS5 table's columns are (title_terms, body_terms); bm25 takes a weight
# for each.
FTS_RANK = (
    "SELECT -bm25(search_fts, {weights}) FROM search_fts "
    "WHERE search_fts MATCH %s AND search_fts.rowid = search_searchentry.id"
)


class SynonymGroupQuerySet(models.QuerySet):
    def words(self, languages):
        """Every word of the groups in `languages`, as typed."""
        return [
            word
            for group in self.filter(language__in=languages)
            for word in group.word_list()
        ]

    def alternatives(self, words, languages):
        """For each of the query's words, the word and its synonyms in
        `languages`, as (word, synonym, ...): one query for the groups of
        those languages. A group counts when one of its words is the query's
        word, or has its stem in the group's language ("kwetsbaar" and
        "kwetsbare")."""
        groups = [
            (group.language, [text.fold(word) for word in group.word_list()])
            for group in self.filter(language__in=languages)
        ]
        found = []
        for word in words:
            alternatives = {word: None}
            for language, members in groups:
                wanted = text.stem(word, language)
                if any(
                    member == word or text.stem(member, language) == wanted
                    for member in members
                ):
                    alternatives.update(dict.fromkeys(members))
            found.append(tuple(alternatives)[: text.MAX_ALTERNATIVES])
        return found


class SearchEntryQuerySet(models.QuerySet):
    def visible(self, language, version_ids):
        """The entries in the visitor's `language` of the institutes'
        versions live now (read in the same query) and of the given page
        versions (those of the live page tree)."""
        from institutes.published import live_version_ids

        return self.filter(language=language).filter(
            Q(kind=self.model.Kind.INSTITUTE, object_id__in=live_version_ids())
            | Q(version_id__in=version_ids)
        )

    def texts(self, language, version_ids):
        """The titles and texts a visitor can find, for "Did you mean …?"."""
        for title, body in self.visible(language, version_ids).values_list(
            "title", "body"
        ):
            yield title
            yield body

    def matching(self, words, languages, language, version_ids):
        """The entries in the visitor's `language`, among the institutes and
        the given page versions, that hold every one of the query's `words`
        as read in one of `languages` (the visitor's, then the default),
        best first: a match in the title before a match in the text only.

        Each of `words` is a tuple of alternatives (the word typed and its
        synonyms): an entry holds the word when it holds one of them."""
        entries = self.visible(language, version_ids)
        if connections[self.db].vendor == "postgresql":
            entries = entries._postgres(words, languages)
        else:
            entries = entries._sqlite(words, languages)
        return entries.annotate(
            title_hit=Case(When(title_rank__gt=0, then=Value(1)), default=Value(0))
        ).order_by("-title_hit", "-rank", "title", "pk")

    def _postgres(self, words, languages):
        from .index import postgres_config

        query = None
        for alternatives in words:
            either = None
            for word in alternatives:
                # Only letters and digits reach here, so each word is one
                # plain lexeme. Each language's configuration stems it (and
                # drops it when it is a stop word); "simple" keeps it as
                # typed, so that it also finds the start of a longer word
                # ("samenleving" in "samenlevingsopbouw") when stemming
                # changed its end.
                lexeme = f"'{word}':*" if text.is_prefix(word) else f"'{word}'"
                configs = [postgres_config(language) for language in languages]
                if text.is_prefix(word):
                    configs.append("simple")
                for config in dict.fromkeys(configs):
                    one = SearchQuery(lexeme, config=config, search_type="raw")
                    either = one if either is None else either | one
            query = either if query is None else query & either
        return self.filter(vector=query).annotate(
            rank=SearchRank(F("vector"), query),
            # The weights are those of D, C, B and A: only the title (A) counts.
            title_rank=SearchRank(F("vector"), query, weights=[0, 0, 0, 1]),
        )

    def _sqlite(self, words, languages):
        groups = []
        for alternatives in words:
            # As on PostgreSQL: each word stemmed in each language, or as
            # typed; each a quoted FTS5 string, so nothing in it is syntax.
            forms = {}
            for word in alternatives:
                star = " *" if text.is_prefix(word) else ""
                for form in [text.stem(word, language) for language in languages]:
                    forms[f'"{form}"{star}'] = None
                forms[f'"{word}"{star}'] = None
            groups.append("(" + " OR ".join(forms) + ")")
        expression = " AND ".join(groups)
        # The SQL is fixed; the visitor's words are a parameter.
        return self.annotate(
            rank=RawSQL(FTS_RANK.format(weights="10.0, 1.0"), [expression]),  # noqa: S611
            title_rank=RawSQL(  # noqa: S611
                FTS_RANK.format(weights="1.0, 0.0"),
                [f"title_terms : ({expression})"],
            ),
        ).filter(rank__isnull=False)
