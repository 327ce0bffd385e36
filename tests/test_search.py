"""Site search: what a visitor finds, in which order, and what never.

The same tests run on SQLite (FTS5) and on PostgreSQL (full-text search):
set DATABASE_URL to run them on PostgreSQL.
"""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import override

from institutes.models import Institute
from institutes.publishing import publish as publish_institute
from institutes.publishing import unpublish as unpublish_institute
from pages.models import PublishedPage
from pages.publishing import publish, unpublish
from search.models import SynonymGroup
from tests.site import LANGUAGES, page_title_by_key, translated

pytestmark = pytest.mark.django_db

DEFAULT = LANGUAGES[0]
INSTITUTE_KEY = "limburg"


def search_url(language):
    with override(language):
        return reverse("search:results")


def search(client, query, language=DEFAULT):
    response = client.get(search_url(language), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def titles(html):
    """The titles of the results in their order, without the marks."""
    found = re.findall(r'<h2 class="search-result__title"><a [^>]*>(.*?)</a>', html)
    return [re.sub(r"</?(?:mark|span)[^>]*>", "", title) for title in found]


def passages(html):
    return re.findall(r'<p class="search-result__passage">(.*?)</p>', html, re.S)


@pytest.fixture
def published_page(make_page):
    def make(title, body="", **fields):
        page = make_page(title, body_nl=body, **fields)
        publish(page)
        return page

    return make


@pytest.mark.parametrize(
    ("address", "language"),
    [("/nl/zoeken/", "nl"), ("/fr/recherche/", "fr"), ("/en/search/", "en"),
     ("/de/suche/", "de")],
)  # fmt: skip
def test_search_has_an_address_in_each_language(address, language):
    assert search_url(language) == address


def test_every_page_has_a_search_form_in_its_header(client, content):
    for language in LANGUAGES:
        html = client.get(f"/{language}/").content.decode()
        header = html.split("<header", 1)[1].split("</header>", 1)[0]
        name = translated(language, "Search this site")
        (form,) = re.findall(r'<form class="site-search[^>]*>', header)
        assert 'method="get"' in form
        assert f'action="{search_url(language)}"' in form
        assert f'role="search" aria-label="{name}"' in form
        assert '<label for="site-search-q"' in header
        # A public page holds no token: the form works for anyone, cached.
        assert "csrfmiddlewaretoken" not in header


def test_dutch_plural_finds_the_singular(client, published_page):
    published_page("Werken met buren", "Elke gemeente telt mee.")
    assert "Werken met buren" in titles(search(client, "gemeenten"))


def test_instituten_finds_instituut(client, published_page):
    published_page("Een instituut in de buurt", "Over het werk.")
    assert "Een instituut in de buurt" in titles(search(client, "instituten"))


def test_a_word_finds_a_longer_word_it_starts(client, published_page):
    published_page("Wijkgezondheid", "Over buurtgezondheidszorg in de stad.")
    assert "Wijkgezondheid" in titles(search(client, "buurtgezondheid"))


def test_french_without_accents_finds_the_accented_word(client, published_page):
    published_page(
        "Lokale ontwikkeling",
        "Tekst.",
        title_fr="Le développement local",
        body_fr="Un texte sur le développement des quartiers.",
    )
    html = search(client, "developpement", "fr")
    assert "Le développement local" in titles(html)
    assert "<mark>développement</mark>" in "".join(passages(html))


def test_a_match_in_the_title_comes_before_a_match_in_the_text(client, published_page):
    published_page("Over het werk", "Buurtwerking " * 20 + "in elke wijk.")
    published_page("Buurtwerking", "Een korte tekst.")
    found = titles(search(client, "buurtwerking"))
    assert found.index("Buurtwerking") < found.index("Over het werk")


def test_every_word_must_be_found(client, published_page):
    published_page("Speelpleinwerking", "In de zomer.")
    published_page("Andere pagina", "Speelpleinwerking in de winter.")
    found = titles(search(client, "speelpleinwerking zomer"))
    assert "Speelpleinwerking" in found
    assert "Andere pagina" not in found


def test_the_matching_words_are_marked_and_the_text_escaped(client, published_page):
    published_page("Samen & sterk", "Tom & Jerry <b>vet</b> en de buurtkrant.")
    html = search(client, "buurtkrant")
    assert "<mark>buurtkrant</mark>" in html
    (passage,) = [p for p in passages(html) if "buurtkrant" in p]
    assert "<b>" not in passage
    assert "&amp;" in passage
    assert "Samen &amp; sterk" in html


def test_a_long_text_shows_the_passage_around_the_match(client, published_page):
    published_page("Lange tekst", "begin " * 200 + "zwerfvuilactie " + "einde " * 200)
    (passage,) = passages(search(client, "zwerfvuilactie"))
    assert "<mark>zwerfvuilactie</mark>" in passage
    assert passage.startswith("…") and passage.endswith("…")
    assert len(passage) < 400


def test_institutes_are_found(client, content):
    institute = Institute.objects.get(key=INSTITUTE_KEY)
    html = search(client, "Limburg")
    assert institute.name in titles(html)
    assert f'href="{institute.get_absolute_url(DEFAULT)}"' in html


def test_an_unpublished_institute_is_not_found(client, content):
    institute = Institute.objects.get(key=INSTITUTE_KEY)
    unpublish_institute(institute)
    assert institute.name not in titles(search(client, "Limburg"))


def test_an_institutes_draft_is_found_once_published(client, content):
    institute = Institute.objects.get(key=INSTITUTE_KEY)
    institute.description_nl = "Wij organiseren een zwerfvuilactie."
    institute.save()
    assert institute.name not in titles(search(client, "zwerfvuilactie"))
    publish_institute(institute)
    assert institute.name in titles(search(client, "zwerfvuilactie"))


def test_a_scheduled_institute_is_found_from_its_moment(client, content):
    institute = Institute.objects.get(key=INSTITUTE_KEY)
    institute.description_nl = "Wij organiseren een zwerfvuilactie."
    institute.save()
    moment = timezone.now() + timedelta(hours=2)
    publish_institute(institute, at=moment)
    assert institute.name not in titles(search(client, "zwerfvuilactie"))
    assert institute.name in titles(search(client, "Limburg"))
    with mock.patch(
        "django.utils.timezone.now", return_value=moment + timedelta(seconds=1)
    ):
        assert institute.name in titles(search(client, "zwerfvuilactie"))


def test_a_page_without_translation_is_found_in_dutch(client, published_page):
    published_page("Buurtfeest", "Een buurtfeest in elke straat.")
    for language in LANGUAGES[1:]:
        html = search(client, "buurtfeest", language)
        assert "Buurtfeest" in titles(html)
        # The result says that its text is Dutch.
        assert f'<li class="search-result" lang="{DEFAULT}">' in html


def test_a_translated_page_is_found_in_the_visitors_language(client, published_page):
    published_page(
        "Buurtfeest",
        "Een feest.",
        title_en="Street party",
        slug_en="street-party",
        body_en="A party in every street.",
    )
    html = search(client, "party", "en")
    assert "Street party" in titles(html)
    assert "/en/street-party/" in html
    assert "Buurtfeest" not in titles(search(client, "party", DEFAULT))


def test_a_draft_is_never_found(client, make_page):
    make_page("Kladversie", body_nl="Een geheim ontwerpwoord.")
    assert titles(search(client, "ontwerpwoord")) == []


def test_only_the_published_text_of_a_changed_page_is_found(client, published_page):
    page = published_page("Buurthuis", "Open op maandag.")
    page.body_nl = "Open op zaterdag."
    page.save()
    assert titles(search(client, "zaterdag")) == []
    assert "Buurthuis" in titles(search(client, "maandag"))


def test_a_page_taken_offline_is_no_longer_found(client, published_page):
    page = published_page("Buurthuis", "Open op maandag.")
    unpublish(page)
    assert titles(search(client, "maandag")) == []


def test_a_page_under_an_offline_page_is_not_found(client, published_page):
    parent = published_page("Bovenaan", "Tekst.")
    child = published_page("Eronder", "Een buurtmoestuin.", parent=parent)
    assert "Eronder" in titles(search(client, "buurtmoestuin"))
    unpublish(parent)
    assert child.pk and titles(search(client, "buurtmoestuin")) == []


def test_a_scheduled_page_is_found_from_its_moment(client, make_page):
    page = make_page("Later", body_nl="Een aangekondigde buurtwandeling.")
    publish(page, at=timezone.now() + timedelta(hours=1))
    assert titles(search(client, "buurtwandeling")) == []
    # The moment passes: nothing is published again, the clock moves on.
    PublishedPage.objects.filter(page=page).update(
        valid_from=timezone.now() - timedelta(minutes=1)
    )
    assert "Later" in titles(search(client, "buurtwandeling"))


def test_no_result_says_so_and_offers_the_finder_and_the_main_pages(client, content):
    html = search(client, "qwxzyv")
    message = translated(
        DEFAULT,
        "No page or institute holds all of these words. Try other or fewer words, "
        "or look further here:",
    )
    assert message in html
    with override(DEFAULT):
        assert f'href="{reverse("institutes:finder")}"' in html
    assert 'href="/nl/regionale-instituten/"' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 2000,
        "gemeente " * 300,
        "' OR 1=1; DROP TABLE search_searchentry; --",
        '"unterminated',
        "*",
        "NEAR(gemeente werk)",
        "title_terms : gemeente",
        "gemeente & !werk | (x",
        "<script>alert(1)</script>",
        "<mark>gemeente</mark>",
        "null\x00byte",
        "%",
        "_",
        "ünïcödé ☃ 日本",
    ],
)
def test_a_hostile_query_gets_a_plain_answer(client, content, query):
    html = search(client, query)
    assert "<script>alert" not in html
    assert "<mark>gemeente</mark></" not in html.split('id="main"')[1].split("<ol")[0]
    # The query is shown escaped and bounded, and never in full when long.
    assert "x" * 201 not in html
    assert "gemeente " * 30 not in html


def test_a_long_query_says_it_was_shortened(client, content):
    html = search(client, "gemeente " * 300)
    assert "200" in html.split('class="notice"')[1].split("</p>")[0]


def test_the_query_is_echoed_escaped(client, content):
    html = search(client, "<b>gemeente</b>")
    assert "&lt;b&gt;gemeente&lt;/b&gt;" in html
    assert "<b>gemeente</b>" not in html


def test_the_results_page_has_a_description_and_is_not_indexed(client, content):
    html = search(client, "gemeente")
    assert '<meta name="description" content="' in html
    assert '<meta name="robots" content="noindex">' in html


def test_at_most_five_queries_however_many_pages(
    client, published_page, django_assert_max_num_queries
):
    """The page tree, the synonyms, the entries, and whether the query is a
    place's name (the finder's answer)."""
    for number in range(30):
        published_page(f"Buurtpagina {number}", f"Over de gemeente, deel {number}.")
    html = search(client, "gemeente")
    assert len(titles(html)) > 30
    for language in LANGUAGES:
        with django_assert_max_num_queries(5):
            search(client, "gemeente", language)


def test_more_results_than_shown_says_so(client, published_page):
    from search.views import MAX_RESULTS

    for number in range(MAX_RESULTS + 1):
        published_page(f"Buurtpagina {number}", "Over de zwerfvuilraapactie.")
    html = search(client, "zwerfvuilraapactie")
    assert len(titles(html)) == MAX_RESULTS
    count = html.split('class="search-count">')[1].split("</p>")[0]
    assert str(MAX_RESULTS) in count and "zwerfvuilraapactie" in count


def test_words_are_stemmed_alike_in_many_threads_at_once():
    """A server answers searches in several threads; stemming is per thread."""
    from concurrent.futures import ThreadPoolExecutor

    from search import text

    words = ["développements", "gemeenten", "instituten", "quartiers", "quelque"] * 200
    expected = [text.stem(text.fold(word), "fr") for word in words]
    # The stemmers themselves, past the cache of stemmed words.
    stem = text.stem.__wrapped__

    def stem_all(_):
        return [stem(text.fold(word), "fr") for word in words]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(found == expected for found in pool.map(stem_all, range(16)))


# People's words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "query"),
    [("nl", "armoede"), ("nl", "uitsluiting"), ("fr", "pauvreté"),
     ("en", "poverty"), ("de", "Armut")],
)  # fmt: skip
def test_words_for_poverty_find_the_pages_on_exclusion(
    client, content, language, query
):
    """The seeded synonyms: none of these words is in the site's texts, yet
    they find the home page on vulnerable groups and the institutes."""
    home = page_title_by_key("home", language)
    html = search(client, query, language)
    found = titles(html)
    assert home in found
    assert any(name.startswith(("SAAMO", "Samenlevingsopbouw")) for name in found)
    # The synonym the text holds is what is marked.
    assert "<mark>" in "".join(passages(html))


def test_an_editors_synonym_counts_at_once(client, published_page):
    published_page("Zwerfvuil", "Over de opruimactie in de straat.")
    assert titles(search(client, "afvalraap")) == []
    group = SynonymGroup(language="nl", words="afvalraap, opruimactie")
    group.full_clean()
    group.save()
    assert "Zwerfvuil" in titles(search(client, "afvalraap"))
    # A group counts in its own language (and, as Dutch is every text's
    # fallback, a Dutch group in every language), not in another.
    assert "Zwerfvuil" in titles(search(client, "afvalraap", "fr"))
    french = SynonymGroup(language="fr", words="ramassage, opruimactie")
    french.full_clean()
    french.save()
    assert titles(search(client, "ramassage", "fr")) == ["Zwerfvuil"]
    assert titles(search(client, "ramassage")) == []


@pytest.mark.parametrize(
    ("words", "error"),
    [("armoede", "minstens twee"), ("armoede, sociale uitsluiting", "één los woord"),
     (", ,", "minstens twee"), ("arm, Arm", "minstens twee")],
)  # fmt: skip
def test_a_synonym_group_must_be_single_words(words, error):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        SynonymGroup(language="nl", words=words).full_clean()
    assert error in str(raised.value)


def test_editors_keep_the_synonyms_in_the_admin(client, django_user_model, content):
    from django.contrib.auth.models import Group

    from core.groups import EDITORS_GROUP

    editor = django_user_model.objects.create_user("redacteur", password="x")
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(editor)
    response = client.post(
        "/admin/search/synonymgroup/add/",
        {"language": "nl", "words": "fietsherstel\nfietsatelier"},
    )
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(words="fietsherstel\nfietsatelier").exists()
    listing = client.get("/admin/search/synonymgroup/").content.decode()
    assert "Synoniemen" in listing
    assert "fietsherstel, fietsatelier" in listing


@pytest.mark.parametrize(
    ("language", "typed", "meant"),
    [("nl", "samelevingsopbouw", "samenlevingsopbouw"),
     ("fr", "comunautaire", "communautaire"),
     ("en", "comunity", "community"),
     ("de", "Gemeinwesenarbiet", "gemeinwesenarbeit")],
)  # fmt: skip
def test_a_misspelling_gets_did_you_mean(client, content, language, typed, meant):
    html = search(client, typed, language)
    assert titles(html) == []
    (suggestion,) = re.findall(r'<p class="search-suggestion">(.*?)</p>', html, re.S)
    with override(language):
        link = reverse("search:results") + "?" + urlencode({"q": meant})
    assert f'href="{escape(link)}">{meant}</a>' in suggestion
    question = translated(
        language, 'Did you mean <a href="%(url)s">%(suggestion)s</a>?'
    )
    assert question.split("<a")[0] in suggestion
    assert titles(search(client, meant, language))


def test_a_misspelt_synonym_is_suggested_too(client, content):
    html = search(client, "armoed")
    assert ">armoede</a>?" in html
    assert page_title_by_key("home", "nl") in titles(search(client, "armoede"))


def test_no_suggestion_when_nothing_close_is_known(client, content):
    assert "search-suggestion" not in search(client, "qwxzyv")


@pytest.mark.parametrize(
    ("language", "query", "institute"),
    [("nl", "Sint-Niklaas", "oost-vlaanderen"), ("fr", "9040", "gent"),
     ("en", "Hasselt", "limburg"), ("de", "sint niklaas", "oost-vlaanderen")],
)  # fmt: skip
def test_a_town_offers_the_finders_answer(client, content, language, query, institute):
    html = search(client, query, language)
    (place,) = re.findall(r'<section class="search-place".*?</section>', html, re.S)
    found = Institute.objects.get(key=institute)
    assert f'href="{found.get_absolute_url(language)}"' in place
    with override(language):
        finder = reverse("institutes:finder") + "?" + urlencode({"q": query})
    assert f'href="{escape(finder)}"' in place
    # The finder answers for what was carried over.
    answer = client.get(finder).content.decode()
    assert found.get_absolute_url(language) in answer


def test_ordinary_words_offer_no_place(client, content):
    assert "search-place" not in search(client, "samenlevingsopbouw")
    assert "search-place" not in search(client, "1234567")


def test_institute_extracts_read_as_sentences(client, content):
    for language in LANGUAGES:
        html = search(client, "Heusden", language)
        (passage,) = [p for p in passages(html) if "Heusden" in p]
        plain = re.sub(r"</?mark>", "", passage)
        assert "Limburg Limburg" not in plain
        assert "Heusden-Zolder Heusden-Zolder" not in plain
        # Every part ends as a sentence.
        assert plain.rstrip(" …").endswith(".")
        assert " ".join(plain.split()) == plain


def test_dutch_names_in_results_in_another_language_are_marked(client, content):
    html = search(client, "Limburg", "fr")
    assert '<span lang="nl">SAAMO <mark>Limburg</mark></span>' in html
    assert '(<span lang="nl">samenlevingsopbouw</span>)' in html
    # A search word inside a name keeps both marks.
    assert '<span lang="nl"><mark>SAAMO</mark> Limburg</span>' in search(
        client, "saamo", "fr"
    )
    assert 'lang="nl"' not in "".join(passages(search(client, "Limburg")))


def test_page_extracts_end_headings_as_sentences():
    from search.index import plain

    assert (
        plain(
            "<h2>Contact</h2><p>Afdeling Welzijn</p><ul><li>een;</li><li>twee</li></ul>"
        )
        == "Contact. Afdeling Welzijn. een; twee."
    )


def test_a_passage_starts_where_the_sentence_with_the_match_starts(
    client, published_page
):
    published_page(
        "Lange tekst",
        "Een aanloop van veel woorden die niets zeggen. Hier staat het "
        "buurtfeest in een zin. " + "En daarna nog veel meer woorden. " * 20,
    )
    (passage,) = passages(search(client, "buurtfeest"))
    assert passage.startswith("… Hier staat het <mark>buurtfeest</mark>")
