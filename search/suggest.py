""" "Did you mean …?": the words of a query that no published text holds,
each replaced by the closest word the site's own texts do hold (the search
entries of the visitor's language, and the synonyms that lead to them: no
outside dictionary)."""

import difflib

from . import text

# How alike a typed word and a known word must be (difflib's ratio):
# "samelevingsopbouw" and "samenlevingsopbouw" are 0.97 alike, "gent" and
# "gemeente" 0.67.
CUTOFF = 0.8
# Shorter words are too often close to an unrelated word.
MIN_LENGTH = 4


def vocabulary(texts):
    """{folded word: the word as the texts spell it, in lower case}."""
    known = {}
    for value in texts:
        for word in text.WORD.findall(value):
            known.setdefault(text.fold(word), word.lower())
    return known


def suggestion(words, texts):
    """The query's `words` (folded) with each unknown word replaced by the
    closest known one, as a text to search for; None when no word changes."""
    known = vocabulary(texts)
    suggested, changed = [], False
    for word in words:
        close = []
        if word not in known and len(word) >= MIN_LENGTH:
            close = difflib.get_close_matches(word, known, n=1, cutoff=CUTOFF)
        if close:
            suggested.append(known[close[0]])
            changed = True
        else:
            suggested.append(known.get(word, word))
    return " ".join(suggested) if changed else None
