"""Long words break with a hyphen where their language breaks them: soft
hyphens in the words a visitor reads, and nowhere else. A page's body gets
them when it is published, everything else the templates show through the
`hyphenate` filter; every page is as if the whole page had been hyphenated
as it was sent."""

import importlib

import pytest
from django.apps import apps
from django.template import Context, Template
from django.test import Client
from django.utils.translation import override

from core.hyphenation import SOFT_HYPHEN, hyphenate_html, hyphenate_word
from pages.models import PublishedPage
from pages.publishing import publish
from search.models import SearchEntry
from tests.markup import as_seen
from tests.site import (
    KINDS_OF_PAGE,
    LANGUAGES,
    institutes_url,
    page_url_by_key,
    path_of_kind,
    search_url,
)

LONG = "Toegankelijkheidsverklaring"
LONG_HYPHENATED = "Toe|gan|ke|lijk|heids|ver|kla|ring"


def shown(html):
    return html.replace(SOFT_HYPHEN, "|")


@pytest.mark.parametrize(
    ("language", "word", "hyphenated"),
    [
        ("nl", "Samenlevingsopbouw", "Sa|men|le|vings|op|bouw"),
        ("nl", "Ondersteuningsinstituut", "On|der|steu|nings|in|sti|tuut"),
        ("de", "Durchsetzungsverfahren", "Durch|set|zungs|ver|fah|ren"),
        ("fr", "développement", "dé|ve|lop|pe|ment"),
        # The dictionary's guess of single letters is left out.
        ("de", "Gemeinwesenarbeit", "Ge|mein|we|senarbeit"),
    ],
)
def test_a_long_word_gets_the_breaks_of_its_language(language, word, hyphenated):
    assert shown(hyphenate_word(word, language)) == hyphenated


def test_only_long_words_in_read_text_change():
    html = (
        '<html lang="fr"><head><title>Toegankelijkheidsverklaring</title>'
        "<script>var ondersteuningsinstituut = 1;</script></head><body>"
        '<p title="Toegankelijkheidsverklaring">développement court '
        '<span lang="nl">samenlevingsopbouw</span> développement</p>'
        "<textarea>Toegankelijkheidsverklaring</textarea>"
        '<a href="mailto:klachten@vlaamseombudsdienst.be">'
        "klachten@vlaamseombudsdienst.be</a> saamo.be/provincie-antwerpen/"
        "<code>ondersteuningsinstituut</code></body></html>"
    )
    result = shown(hyphenate_html(html, "nl"))
    assert "<title>Toegankelijkheidsverklaring</title>" in result
    assert "var ondersteuningsinstituut" in result
    assert 'title="Toegankelijkheidsverklaring"' in result
    assert "dé|ve|lop|pe|ment court" in result
    assert '<span lang="nl">sa|men|le|vings|op|bouw</span> dé|ve|lop|pe|ment' in result
    assert "<textarea>Toegankelijkheidsverklaring</textarea>" in result
    assert "<code>ondersteuningsinstituut</code>" in result
    # Addresses get no hyphen, only places to break.
    assert 'href="mailto:klachten@vlaamseombudsdienst.be"' in result
    assert "klachten@<wbr>vlaamseombudsdienst<wbr>.be</a>" in result
    assert "saamo<wbr>.be/<wbr>provincie<wbr>-antwerpen/" in result


def test_hyphenating_twice_changes_nothing():
    html = "<p>Samenlevingsopbouw op saamo.be/gent/ of via a@saamo.be</p>"
    once = hyphenate_html(html, "nl")
    assert hyphenate_html(once, "nl") == once


def render(source, language="nl", **context):
    with override(language):
        return Template("{% load hyphens %}" + source).render(Context(context))


def test_the_filter_hyphenates_in_the_page_language_or_the_one_given():
    assert shown(render("{{ t|hyphenate }}", "de", t="Durchsetzungsverfahren")) == (
        "Durch|set|zungs|ver|fah|ren"
    )
    assert shown(render("{{ t|hyphenate:'nl' }}", "de", t="Samenlevingsopbouw")) == (
        "Sa|men|le|vings|op|bouw"
    )


def test_the_filter_escapes_text_and_keeps_html_that_is_safe():
    assert render("{{ t|hyphenate }}", t="<b>saamo.be</b>") == (
        "&lt;b&gt;saamo<wbr>.be&lt;/b&gt;"
    )
    assert shown(
        render(
            "{% filter hyphenate %}<p title='{{ t }}'>{{ t }}</p>{% endfilter %}",
            t=LONG,
        )
    ) == (f"<p title='{LONG}'>{LONG_HYPHENATED}</p>")


@pytest.mark.django_db
def test_a_body_is_stored_hyphenated_when_published_and_the_draft_is_not(make_page):
    page = make_page(LONG, body_nl=f"Onze {LONG} staat op saamo.be.")
    version = publish(page)
    assert shown(version.bodies["nl"]) == (
        f"<p>Onze {LONG_HYPHENATED} staat op saamo<wbr>.be.</p>"
    )
    page.refresh_from_db()
    assert SOFT_HYPHEN not in page.body_nl + page.title_nl
    # Titles are hyphenated where they are shown, never in <title>.
    assert SOFT_HYPHEN not in version.titles["nl"]
    html = Client().get(page_url_by_key("home", "nl")).content.decode()
    assert SOFT_HYPHEN not in html.split("<title>")[1].split("</title>")[0]


@pytest.mark.django_db
def test_versions_published_before_get_their_hyphens_from_the_migration(make_page):
    migration = importlib.import_module(
        "pages.migrations.0014_hyphenate_published_bodies"
    )
    version = publish(make_page("Pagina", body_nl=f"Een {LONG}."))
    PublishedPage.objects.filter(pk=version.pk).update(
        bodies={"nl": f"<p>Een {LONG}.</p>"}
    )
    migration.hyphenate_bodies(apps, None)
    version.refresh_from_db()
    assert shown(version.bodies["nl"]) == f"<p>Een {LONG_HYPHENATED}.</p>"
    migration.hyphenate_bodies(apps, None)
    version.refresh_from_db()
    assert shown(version.bodies["nl"]) == f"<p>Een {LONG_HYPHENATED}.</p>"


@pytest.mark.django_db
def test_search_finds_a_long_word_and_stores_no_soft_hyphen(client, make_page):
    publish(make_page("Verklaring", body_nl=f"Lees onze {LONG} hier."))
    assert not SearchEntry.objects.filter(body__contains=SOFT_HYPHEN).exists()
    html = Client().get(search_url("nl", LONG.lower())).content.decode()
    assert "Verklaring</a>" in html
    # The passage shown is hyphenated like any text on the page.
    assert f"<mark>{LONG_HYPHENATED}</mark>" in shown(html)


@pytest.mark.django_db
def test_open_data_holds_no_soft_hyphen(content):
    for language in LANGUAGES:
        for name in ("open_data_json", "open_data_csv"):
            data = Client().get(institutes_url(name, language)).content.decode()
            assert "Samenlevingsopbouw" in data
            assert SOFT_HYPHEN not in data and "<wbr>" not in data


@pytest.mark.django_db
def test_the_admin_is_left_as_it_is(admin_client, content):
    html = admin_client.get("/admin/pages/page/").content.decode()
    assert SOFT_HYPHEN not in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
def test_every_kind_of_page_is_hyphenated_as_a_whole_page_would_be(content, kind):
    """What the filters and the published bodies give is what hyphenating the
    whole page as it was sent gave: no text is left out, none hyphenated in
    the wrong language, no attribute, <title> or form field touched."""
    for language in LANGUAGES:
        path = path_of_kind(kind, language)
        html = Client().get(path).content.decode()
        assert html == hyphenate_html(as_seen(html), language), path
