"""Content checks shown to the editor after a save. They warn, never block:
an editor may have a good reason, and a draft may be unfinished."""

import re

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from core.languages import default_language, language_codes

# Link texts that say nothing about where a link goes, in our languages.
VAGUE_LINK_TEXTS = {
    "klik hier", "hier", "lees meer", "meer", "meer info", "link", "deze link",
    "cliquez ici", "ici", "lire la suite", "en savoir plus", "plus",
    "click here", "here", "read more", "more", "this link",
    "hier klicken", "klicken sie hier", "mehr", "weiterlesen", "mehr erfahren",
}  # fmt: skip
# Dutch terms of the sector that French, English and German texts quote as
# they are; a screen reader needs lang="nl" to say them right (WCAG 3.1.2).
# Names (Samenlevingsopbouw Vlaanderen) need no mark, so the check looks for
# the terms as common nouns: in lower case, plurals included.
DUTCH_TERMS = ("samenlevingsopbouw", "opbouwwerk", "buurtwerk", "bestuursdecreet")
MAX_SENTENCE_WORDS = 25

HEADING = re.compile(r"^(#{1,6})\s", re.M)
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
BARE_ADDRESS = re.compile(r"^(https?://|www\.)\S+$", re.I)
MARKED = re.compile(r"\*[^*]+\*\{[^}]*lang=")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _language_name(code):
    return get_language_info(code)["name_translated"]


def check_text(text, code):
    """Warnings about one text in one language."""
    warnings = []
    language = _language_name(code)
    levels = [len(m.group(1)) for m in HEADING.finditer(text)]
    previous = 1  # the page title is the h1
    for level in levels:
        level = max(level, 2)
        if level > previous + 1:
            warnings.append(
                _(
                    "Body (%(language)s): a heading of level %(level)d follows one "
                    "of level %(previous)d; do not skip heading levels."
                )
                % {"language": language, "level": level, "previous": previous}
            )
            break
        previous = level
    for label, url in LINK.findall(text):
        clean = label.strip().strip(".:!").lower()
        if clean in VAGUE_LINK_TEXTS:
            warnings.append(
                _(
                    "Body (%(language)s): the link text “%(text)s” does not say "
                    "where the link leads."
                )
                % {"language": language, "text": label}
            )
        elif BARE_ADDRESS.match(label.strip()):
            warnings.append(
                _(
                    "Body (%(language)s): the link text “%(text)s” is an address; "
                    "write what the reader finds there."
                )
                % {"language": language, "text": label}
            )
        if url.lower().startswith("http:"):
            warnings.append(
                _(
                    "Body (%(language)s): the link to %(url)s is not secure "
                    "(http:); use https: if the site offers it."
                )
                % {"language": language, "url": url}
            )
    plain = LINK.sub(r"\1", HEADING.sub("", text))
    for paragraph in re.split(r"\n\s*\n|\n[-*] ", plain):
        for sentence in SENTENCE_END.split(" ".join(paragraph.split())):
            words = len(sentence.split())
            if words > MAX_SENTENCE_WORDS:
                warnings.append(
                    _(
                        "Body (%(language)s): a sentence of %(count)d words "
                        "(“%(start)s…”); sentences of at most %(max)d words are "
                        "easier to read."
                    )
                    % {
                        "language": language,
                        "count": words,
                        "start": " ".join(sentence.split()[:6]),
                        "max": MAX_SENTENCE_WORDS,
                    }
                )
    if code != default_language():
        unmarked = MARKED.sub("", text)
        for term in DUTCH_TERMS:
            if re.search(rf"(?<![\w-]){re.escape(term)}\w*", unmarked):
                warnings.append(
                    _(
                        "Body (%(language)s): the Dutch term “%(term)s” has no "
                        "language mark; write *%(term)s*{lang=nl}."
                    )
                    % {"language": language, "term": term}
                )
    return warnings


def check_page(page):
    """Warnings about a page's draft, in the editor's language."""
    warnings = []
    for code in language_codes():
        if not getattr(page, f"title_{code}"):
            warnings.append(
                _(
                    "The page has no title in %(language)s yet: visitors then see "
                    "the Dutch text."
                )
                % {"language": _language_name(code)}
            )
        missing = [
            label
            for field, label in (("intro", _("introduction")), ("body", _("body")))
            if getattr(page, f"{field}_{default_language()}")
            and not getattr(page, f"{field}_{code}")
        ]
        if missing:
            warnings.append(
                _(
                    "Not yet in %(language)s: %(fields)s. Visitors then read the "
                    "Dutch text, with a notice that the page is only in Dutch."
                )
                % {"language": _language_name(code), "fields": ", ".join(missing)}
            )
        warnings.extend(check_text(getattr(page, f"body_{code}") or "", code))
    return warnings
