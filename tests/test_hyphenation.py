"""Long words break with a hyphen where their language breaks them: the
server puts soft hyphens in the words a visitor reads, and nowhere else."""

import pytest
from django.test import Client

from core.hyphenation import SOFT_HYPHEN, hyphenate_html, hyphenate_word
from pages.models import Page, PublishedPage
from tests.site import page_url_by_key


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


@pytest.mark.django_db
def test_pages_are_sent_with_soft_hyphens_and_stored_without(content):
    # Django's own client: the suite's `client` reads pages without them.
    html = Client().get(page_url_by_key("accessibility", "nl")).content.decode()
    assert (
        "Toe\u00adgan\u00adke\u00adlijk\u00adheids\u00adver\u00adkla\u00adring" in html
    )
    page = Page.objects.get(key="accessibility")
    assert SOFT_HYPHEN not in page.body_nl + page.title_nl
    version = PublishedPage.objects.live().get(page=page)
    assert SOFT_HYPHEN not in version.bodies["nl"] + version.titles["nl"]


@pytest.mark.django_db
def test_the_admin_is_left_as_it_is(admin_client, content):
    html = admin_client.get("/admin/pages/page/").content.decode()
    assert SOFT_HYPHEN not in html
