"""The content says only what is true, and says it the same way everywhere:
one term per concept in each language, one kind of apostrophe in French, the
division named alike in the footer and in the text, a statement that claims
only what was verified, and no sentence about a list that is not there."""

import json
import re
from pathlib import Path

import pytest

from pages.markup import without_markers
from tests.markup import attrs, find
from tests.site import LANGUAGES, institutes_url, page_url_by_key

ROOT = Path(__file__).resolve().parent.parent
PAGES = json.loads((ROOT / "pages/content/pages.json").read_text(encoding="utf-8"))
INSTITUTES = json.loads(
    (ROOT / "institutes/content/institutes.json").read_text(encoding="utf-8")
)
OTHER_LANGUAGES = [code for code in LANGUAGES if code != LANGUAGES[0]]


def catalogue(language):
    """Every translation in a language's catalogue, joined (msgid left out)."""
    po = (ROOT / f"locale/{language}/LC_MESSAGES/django.po").read_text("utf-8")
    texts = []
    for entry in po.split("\n\n"):
        if "\nmsgstr" not in entry:
            continue
        msgstr = entry.split("\nmsgstr", 1)[1]
        texts.append("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', msgstr)))
    return texts


def translation(language, msgid):
    po = (ROOT / f"locale/{language}/LC_MESSAGES/django.po").read_text("utf-8")
    for entry in po.split("\n\n"):
        found = re.search(r'(?ms)^msgid (".*?")\nmsgstr (".*)', entry)
        if found and "".join(re.findall(r'"(.*?)"', found.group(1))) == msgid:
            return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', found.group(2)))
    raise LookupError(msgid)


def texts_in(data, language):
    """Every string in a language in the seed content (a {"nl": ...} dict's
    value), wherever it is nested."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == language and isinstance(value, str):
                found.append(value)
            else:
                found += texts_in(value, language)
    elif isinstance(data, list):
        for item in data:
            found += texts_in(item, language)
    return found


def everything_in(language):
    return (
        texts_in(PAGES, language) + texts_in(INSTITUTES, language) + catalogue(language)
    )


def page(key):
    return next(entry for entry in PAGES if entry["key"] == key)


def test_french_uses_the_typographic_apostrophe_only():
    texts = everything_in("fr")
    # A character shown as itself (<code>'</code>) is not typography.
    prose = [re.sub(r"<code>.*?</code>", "", t) for t in texts]
    straight = [t[:60] for t in prose if "'" in t]
    assert straight == []
    assert sum("’" in t for t in texts) > 50


def test_german_has_one_name_for_the_flemish_government():
    names = set()
    for text in everything_in("de"):
        names.update(
            re.findall(
                r"[Ff]lämisch\w* (Regierung|Behörde\w*|Verwaltung|Obrigkeit)\b", text
            )
        )
    assert names == {"Behörden"}


def test_one_translation_of_maatschappelijke_dienstverlening_per_language():
    theme = next(
        t
        for t in INSTITUTES["themes"]
        if t["key"] == "maatschappelijke-dienstverlening"
    )
    home = page("home")["body"]
    others = {
        "fr": ["aide sociale", "action sociale"],
        "en": ["social assistance", "social welfare"],
        "de": ["Sozialhilfe", "Sozialdienst"],
    }
    for language in LANGUAGES:
        assert theme["name"][language].lower() in home[language].lower(), language
        for text in everything_in(language):
            for other in others.get(language, []):
                assert other.lower() not in text.lower(), (language, other)


def test_the_division_is_named_alike_in_the_footer_and_the_text():
    division = INSTITUTES["divisions"][0]["name"]
    footer = "A website of the Flemish government, Departement Zorg."
    for language in LANGUAGES:
        # "Departement Zorg (Department of Care)", read without the marks
        # that say the name is Dutch.
        footer_text = re.sub(r"<[^>]+>", "", translation(language, footer))
        assert division[language] in footer_text, language
        assert "Departement Zorg" in without_markers(page("home")["body"][language])
        for text in everything_in(language):
            # Whether the division still has that name is not known.
            assert "Welzijn en Samenleving" not in text, text[:60]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_regional_institutes_page_has_below_it_what_it_says(
    client, content, language
):
    html = client.get(page_url_by_key("regional-institutes", language)).content.decode()
    body = html.split('<div class="prose"', 1)[1]
    text, below = body.split("</div>", 1)
    below = below.split("</article>", 1)[0]
    claims = {
        "nl": "onder deze tekst",
        "fr": "sous ce texte",
        "en": "below this text",
        "de": "unter diesem text",
    }
    assert claims[language] not in text.lower()
    # The text points below to the finder and to the list's own page.
    assert find(below, "form", role="search")
    assert institutes_url("list", language) in [
        attrs(a).get("href") for a in find(below, "a")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statement_claims_partial_compliance_and_links_the_ombudsman(
    client, content, language
):
    html = client.get(page_url_by_key("accessibility", language)).content.decode()
    status = {
        "nl": "<strong>gedeeltelijk conform</strong>",
        "fr": "<strong>partiellement conforme</strong>",
        "en": "<strong>partially compliant</strong>",
        "de": "<strong>teilweise konform</strong>",
    }
    assert status[language] in html
    assert "volledig conform</strong>" not in html
    assert 'href="https://www.vlaamseombudsdienst.be/"' in html
    assert 'href="mailto:klachten@vlaamseombudsdienst.be"' in html
