import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pages.models import Page
from pages.publishing import publish
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db


def test_root_sends_visitor_to_dutch_by_default(client, content):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


@pytest.mark.parametrize(
    ("header", "language"),
    [("fr-BE,fr;q=0.9", "fr"), ("en-GB,en;q=0.8", "en"), ("de", "de"), ("es,it", "nl")],
)
def test_root_follows_accept_language(client, content, header, language):
    response = client.get("/", headers={"accept-language": header})
    assert response["Location"] == f"/{language}/"


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/nl/", "Samenlevingsopbouw"),
        ("/nl/regionale-instituten/", "Regionale instituten"),
        ("/fr/instituts-regionaux/", "Instituts régionaux"),
        ("/en/regional-institutes/", "Regional institutes"),
        ("/de/regionale-institute/", "Regionale Institute"),
    ],
)
def test_sector_pages_answer_in_their_language(client, content, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{path[1:3]}"' in html
    assert heading in html
    assert html.count("<h1") == 1


def test_every_seed_page_is_served_in_every_language(client, content):
    for page in Page.objects.all():
        for code in LANGUAGES:
            from django.utils.translation import override

            with override(code):
                url = page.get_absolute_url()
            assert client.get(url).status_code == 200, url


def test_slug_of_another_language_redirects_to_the_right_address(client, content):
    response = client.get("/fr/regionale-instituten/")
    assert response.status_code == 301
    assert response["Location"] == "/fr/instituts-regionaux/"


def test_language_switcher_links_to_the_same_page_in_each_language(client, content):
    html = client.get("/nl/regionale-instituten/").content.decode()
    assert 'href="/fr/instituts-regionaux/" hreflang="fr" lang="fr"' in html
    assert 'href="/en/regional-institutes/" hreflang="en" lang="en"' in html
    assert 'href="/de/regionale-institute/" hreflang="de" lang="de"' in html
    assert (
        'rel="alternate" hreflang="fr" href="http://testserver/fr/instituts-regionaux/"'
        in html
    )


def test_breadcrumb_marks_the_current_page(client, content):
    html = client.get("/nl/regelgeving/").content.decode()
    assert 'aria-labelledby="breadcrumb-label"' in html
    assert '<p id="breadcrumb-label" class="breadcrumb__label">U bent hier:</p>' in html
    assert '<span aria-current="page">Regelgeving</span>' in html
    assert '<a href="/nl/regelgeving/" aria-current="page">Regelgeving</a>' in html


def test_home_has_no_breadcrumb(client, content):
    assert "breadcrumb-label" not in client.get("/nl/").content.decode()


def test_useful_links_open_in_a_new_window_and_say_so(client, content):
    html = client.get("/nl/nuttige-links/").content.decode()
    assert html.count('target="_blank" rel="noopener noreferrer"') >= 4
    assert html.count("(opent in nieuw venster)") >= 4
    html = client.get("/fr/liens-utiles/").content.decode()
    assert "(s’ouvre dans une nouvelle fenêtre)" in html


def test_footer_links_to_about_and_accessibility_statement(client, content):
    html = client.get("/en/").content.decode()
    assert 'href="/en/about/"' in html
    assert 'href="/en/accessibility/"' in html


def test_untranslated_page_shows_dutch_text_marked_as_dutch(client, content, make_page):
    publish(
        make_page(
            "Alleen Nederlands", body_nl="Deze tekst bestaat alleen in het Nederlands."
        )
    )
    response = client.get("/fr/alleen-nederlands/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 lang="nl">Alleen Nederlands</h1>' in html
    assert '<div class="prose" lang="nl">' in html
    assert "Cette page n’existe qu’en néerlandais." in html
    assert '<html lang="fr"' in html


def test_a_translated_page_without_a_search_description_is_not_only_dutch(
    client, content, make_page
):
    from pages.editorial import check_page

    texts = {"title": "Vertaald", "intro": "Inleiding.", "body": "Tekst."}
    fields = {
        f"{name}_{code}": text for name, text in texts.items() for code in LANGUAGES
    }
    page = make_page("Vertaald", description_nl="Alleen in het Nederlands.", **fields)
    publish(page)
    html = client.get("/fr/vertaald/").content.decode()
    assert "n’existe qu’en néerlandais" not in html
    assert not any("Nog niet in het" in warning for warning in check_page(page))
    page.body_de = ""
    with translation.override("nl"):
        warnings = check_page(page)
    assert any(w.startswith("Nog niet in het Duits: tekst.") for w in warnings), (
        warnings
    )


def test_unpublished_pages_and_their_subpages_are_hidden(client, content, make_page):
    hidden = make_page("Verborgen")
    publish(make_page("Kind", parent=hidden))
    assert client.get("/nl/verborgen/").status_code == 404
    assert client.get("/nl/verborgen/kind/").status_code == 404
    assert "Verborgen" not in client.get("/nl/").content.decode()


def test_body_is_rendered_as_sanitised_html(client, content, make_page):
    page = make_page(
        "Opmaak",
        body_nl=(
            "# Kop een\n\n## Kop twee\n\n###### Kop zes\n\n"
            "<script>alert(1)</script>\n\n"
            '<a href="javascript:alert(1)" onclick="steal()">klik</a>\n\n'
            "[veilig](https://example.org) en [slecht](javascript:alert(2))\n\n"
            '<img src=x onerror="alert(3)">'
        ),
    )
    publish(page)
    html = client.get("/nl/opmaak/").content.decode()
    body = html.split('<div class="prose">')[1].split("</div>")[0]
    assert "<h2>Kop een</h2>" in body
    assert "<h2>Kop twee</h2>" in body
    assert "<h4>Kop zes</h4>" in body
    assert "<h1" not in body and "<h6" not in body
    assert "<script" not in body and "alert(1)" not in body
    assert "onclick" not in body and "onerror" not in body
    assert "javascript:" not in body
    assert '<a href="https://example.org">veilig</a>' in body


def test_slug_must_be_unique_among_siblings_in_each_language(content, make_page):
    first = make_page("Eerste", slug_fr="meme")
    second = make_page("Tweede", slug_fr="meme")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "slug_fr" in error.value.message_dict
    assert "Eerste" in error.value.message_dict["slug_fr"][0]
    # The same slug under another parent is fine.
    third = make_page("Derde", parent=first, slug_fr="meme")
    third.full_clean()


def test_slug_falls_back_to_dutch_when_checking_siblings(content, make_page):
    make_page("Gedeeld")  # no English slug: English uses "gedeeld"
    other = make_page("Ander", slug_nl="ander", slug_en="gedeeld")
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "slug_en" in error.value.message_dict


def test_page_cannot_move_under_itself_or_its_descendants(content, make_page):
    parent = make_page("Ouder")
    child = make_page("Kind", parent=parent)
    grandchild = make_page("Kleinkind", parent=child)
    for new_parent in (parent, child, grandchild):
        parent.parent = new_parent
        with pytest.raises(ValidationError) as error:
            parent.full_clean()
        assert "parent" in error.value.message_dict


def test_only_one_home_page(content):
    page = Page(title_nl="Tweede start")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "parent" in error.value.message_dict


def test_slug_is_made_from_the_title_when_empty(content, make_page):
    page = make_page("Nieuwe pagina", slug_nl="", title_de="Neue Seite")
    page.full_clean()
    assert page.slug_nl == "nieuwe-pagina"
    assert page.slug_de == "neue-seite"


# With 200 pages of 20 versions each: tests/test_publishing.py.
def test_public_page_costs_at_most_four_queries(
    client, content, make_page, django_assert_max_num_queries
):
    section = publish(make_page("Veel", body_nl="Tekst")).page
    for number in range(10):
        publish(
            make_page(f"Pagina {number}", parent=section, placement=Page.Placement.MAIN)
        )
    for path in ("/nl/", "/nl/veel/", "/en/veel/", "/fr/veel/pagina-5/"):
        with django_assert_max_num_queries(4):
            assert client.get(path).status_code == 200


def test_public_pages_set_no_cookies_and_carry_no_csrf_token(client, content):
    response = client.get("/nl/regelgeving/")
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Cookie" in response["Vary"]


def test_revisit_gets_not_modified(client, content):
    response = client.get("/nl/regelgeving/")
    etag = response["ETag"]
    again = client.get("/nl/regelgeving/", headers={"if-none-match": etag})
    assert again.status_code == 304
    # Another font size is another page: no stale 304.
    client.cookies["lettergrootte"] = "largest"
    assert (
        client.get("/nl/regelgeving/", headers={"if-none-match": etag}).status_code
        == 200
    )
