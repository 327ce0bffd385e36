"""Words as search compares them: without accents, lower case, stemmed by the
Snowball stemmer of their language (PostgreSQL stems with Snowball too), and
the highlighted passage of a text."""

import functools
import re
import threading
import unicodedata

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

# Letters and digits; everything else (the underscore too) separates words.
WORD = re.compile(r"[^\W_]+")
# A visitor's query is cut to this length and to this many words, so that
# neither a long text nor many words make a search slow.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
MAX_WORD_LENGTH = 40
# A word and its synonyms: at most this many are looked for.
MAX_ALTERNATIVES = 12
# Shorter words are matched whole, longer ones also as the start of a word
# ("samenleving" finds "samenlevingsopbouw").
MIN_PREFIX_LENGTH = 4
# Words around the first match shown in a result.
PASSAGE_WORDS = 30
# What ends a sentence between two words.
SENTENCE_END = re.compile(r"[.!?…]")


def fold(text):
    """Lower case without accents: "Développement" -> "developpement"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def language_name(language):
    """The English name of a language, lower case, as Snowball and PostgreSQL
    name their stemmers: "dutch" for nl."""
    return get_language_info(language)["name"].lower()


# A Snowball stemmer keeps its state while it works on a word, so threads
# (gunicorn's, or a test server's) must not share one: one per thread.
_per_thread = threading.local()


def stemmer(language):
    stemmers = _per_thread.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        name = language_name(language)
        known = name in snowballstemmer.algorithms()
        stemmers[language] = snowballstemmer.stemmer(name) if known else None
    return stemmers[language]


# Stemming is pure Python and the same few thousand words recur in every
# text: a word is stemmed once, however often it is indexed or highlighted.
@functools.lru_cache(maxsize=65536)
def stem(word, language):
    found = stemmer(language)
    return found.stemWord(word) if found is not None else word


def terms(text, language):
    """The stems of a text's words, separated by spaces."""
    return " ".join(stem(word, language) for word in WORD.findall(fold(text)))


def query_words(query):
    """The words of a visitor's query, folded, bounded in number and length."""
    words = WORD.findall(fold(query[:MAX_QUERY_LENGTH]))
    return [word[:MAX_WORD_LENGTH] for word in words][:MAX_QUERY_WORDS]


def is_prefix(word):
    return len(word) >= MIN_PREFIX_LENGTH


def matches(token, language, words):
    """Whether a word of a text matches one of the query's words as the
    database matches them: stemmed, or as typed; the start of a word too
    when the query's word is long enough."""
    folded = fold(token)
    token_stem = stem(folded, language)
    for word in words:
        wanted = stem(word, language)
        if token_stem == wanted or folded == word:
            return True
        if is_prefix(word) and (
            token_stem.startswith(wanted) or folded.startswith(word)
        ):
            return True
    return False


def _marked(text, spans):
    parts, last = [], 0
    for start, end in spans:
        parts.append(escape(text[last:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped


def highlight(text, words, language, passage=False):
    """The text, escaped, with the words that match the query in <mark>.

    With `passage`, only some words around the first match (or the start of
    the text when nothing matches, e.g. a match in the title only)."""
    tokens = list(WORD.finditer(text))
    start, end = 0, len(tokens)
    if passage and len(tokens) > PASSAGE_WORDS:
        first = next(
            (i for i, t in enumerate(tokens) if matches(t.group(), language, words)),
            0,
        )
        start = max(first - PASSAGE_WORDS // 3, 0)
        # From the start of the sentence that holds the match, when it
        # starts among the words before it: a passage reads as sentences.
        for i in range(first, start, -1):
            if SENTENCE_END.search(text[tokens[i - 1].end() : tokens[i].start()]):
                start = i
                break
        end = min(start + PASSAGE_WORDS, len(tokens))
    start_char = tokens[start].start() if start else 0
    end_char = tokens[end - 1].end() if end < len(tokens) else len(text)
    spans = [
        (tokens[i].start() - start_char, tokens[i].end() - start_char)
        for i in range(start, end)
        if matches(tokens[i].group(), language, words)
    ]
    marked = _marked(text[start_char:end_char], spans)
    prefix = "… " if start else ""
    suffix = " …" if end < len(tokens) else ""
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308 - _marked escapes
