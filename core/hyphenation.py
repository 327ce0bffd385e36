"""Soft hyphens in long words, so that a narrow screen breaks them where the
language breaks them, with a hyphen.

CSS `hyphens: auto` does this only where the browser has the language's
dictionary, which Chromium lacks on some platforms. The server adds a soft
hyphen (U+00AD, invisible unless the line breaks there) at the break points
of words of at least MIN_LETTERS letters, in the language of the element the
word is in. Only the text the visitor reads changes: tags, attributes,
scripts, form fields and addresses (with @, / or digits) stay as they are.

Where it happens: a page's body when it is published (pages.publishing,
stored in the published version), and the `hyphenate` template filter
(core/templatetags/hyphens.py) for titles, menus, institutes, search results
and the templates' own sentences. What is not read as a page holds no soft
hyphen: the drafts and their history, search entries, open data, <title>,
descriptions, the admin.

An address (a web address, an e-mail address) must not gain a hyphen: it
gets <wbr> break opportunities after its slashes and @ and before its dots
and hyphens, the places where a reader expects an address to be broken.
"""

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
MIN_LETTERS = 12
# The shortest piece a break may leave on either side of it.
MIN_PIECE = 2

# Tags whose text is not read as running text, or must stay exactly as typed.
RAW_TEXT = {"script", "style", "textarea", "title", "code", "pre", "kbd", "samp"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip

TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.S)
TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/)?\s*>", re.S)
LANG = re.compile(r"""\blang\s*=\s*["']?([a-zA-Z-]+)""")
# A run of letters (no digits, no @ or / around it: not an address).
WORD = re.compile(
    r"(?<![\w@/.\-\u00ad])[^\W\d_]{" + str(MIN_LETTERS) + r",}(?![\w@/\u00ad])(?!\.\w)"
)


# An e-mail or web address as the text shows it: saamo.be/brussel/, a@b.be.
ADDRESS = re.compile(
    r"[\w.+-]+@[\w.-]+\w|(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}\b(?:/[^\s<]*)?"
)
ADDRESS_BREAK = re.compile(r"(?<=[/@])(?=[^/])|(?<=\w)(?=[.-]\w)")


@lru_cache(maxsize=16)
def dictionary(language):
    code = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=code) if code else None


@lru_cache(maxsize=4096)
def hyphenate_word(word, language):
    hyphenator = dictionary(language)
    if hyphenator is None:
        return word
    points = [0, *hyphenator.positions(word), len(word)]
    # Dictionaries sometimes cut a compound into single letters
    # ("we-se-n-a-r-beit"): such a run is a guess, so it gets no break at
    # all. A break stays only with a real piece on both sides of it.
    kept = [0]
    for before, point, after in zip(points, points[1:-1], points[2:], strict=False):
        if point - before >= MIN_PIECE and after - point >= MIN_PIECE:
            kept.append(point)
    kept.append(len(word))
    return SOFT_HYPHEN.join(word[a:b] for a, b in zip(kept, kept[1:], strict=False))


def break_address(address):
    return ADDRESS_BREAK.sub("<wbr>", address)


# The header, menus and footer bring the same texts on every page: each is
# worked out once per worker.
@lru_cache(maxsize=8192)
def hyphenate_text(text, language):
    """Text (as HTML) with soft hyphens in its long words and break
    opportunities in its addresses."""
    text = WORD.sub(lambda m: hyphenate_word(m.group(0), language), text)
    return ADDRESS.sub(lambda m: break_address(m.group(0)), text)


# What a tag changes for the text after it: None for a comment or doctype,
# else (closing, name, language or None, opens an element). The same tags
# come back on every page: each is read once per worker.
@lru_cache(maxsize=8192)
def read_tag(token):
    tag = TAG.match(token)
    if tag is None:
        return None
    closing, name, attributes, self_closing = tag.groups()
    name = name.lower()
    if closing:
        return True, name, None, False
    if name in VOID or self_closing:
        return False, name, None, False
    found = LANG.search(attributes)
    return False, name, found.group(1) if found else None, True


def hyphenate_html(html, language):
    """HTML with soft hyphens in the long words of its text, each in the
    language of the element it is in (a lang attribute changes it)."""
    return _Text(language).hyphenate(html)


class _Text:
    """Where the text is, read from the tags seen so far."""

    def __init__(self, language):
        self.language = language
        self.stack = []  # (tag, language) of the open elements
        self.raw = 0  # depth inside elements whose text stays as it is
        self.current = language

    def hyphenate(self, html):
        parts = []
        for token in TOKEN.findall(html):
            if token[0] != "<":
                parts.append(token if self.raw else hyphenate_text(token, self.current))
                continue
            parts.append(token)
            tag = read_tag(token)
            if tag is None:
                continue
            closing, name, lang, opens = tag
            stack = self.stack
            if closing:
                for index in range(len(stack) - 1, -1, -1):
                    if stack[index][0] == name:
                        if name in RAW_TEXT:
                            self.raw = max(self.raw - 1, 0)
                        del stack[index:]
                        self.current = stack[-1][1] if stack else self.language
                        break
            elif opens:
                self.current = lang or self.current
                stack.append((name, self.current))
                if name in RAW_TEXT:
                    self.raw += 1
        return "".join(parts)
