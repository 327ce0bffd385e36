"""Links by key, language of parts, delete protection and content checks."""

import html

import pytest

from institutes.models import Institute
from pages.models import Page
from pages.publishing import publish

from .test_history import editor, editor_client  # noqa: F401
from .test_publishing import CHANGE, form_data

pytestmark = pytest.mark.django_db


def test_links_to_pages_lead_to_the_page_in_the_visitors_language(client, content):
    expected = {
        "/nl/vlaamse-overheid/": '<a href="/nl/regelgeving/">Regelgeving</a>',
        "/fr/autorite-flamande/": '<a href="/fr/reglementation/">Réglementation</a>',
        "/en/flemish-government/": '<a href="/en/regulation/">Regulation</a>',
        "/de/flaemische-behoerden/": '<a href="/de/rechtsvorschriften/">',
    }
    for path, link in expected.items():
        assert link in client.get(path).content.decode(), path


def test_links_follow_a_rename_without_republishing_the_linking_page(client, content):
    regulation = Page.objects.get(key="regulation")
    regulation.slug_fr = "legislation"
    regulation.save()
    publish(regulation)
    html = client.get("/fr/autorite-flamande/").content.decode()
    assert '<a href="/fr/legislation/">Réglementation</a>' in html


def test_links_to_institutes_and_to_pages_by_number(client, content, make_page):
    about = Page.objects.get(key="about")
    target = publish(make_page("Zonder sleutel")).page
    publish(
        make_page(
            "Verwijzingen",
            body_nl=(
                f"[SAAMO Gent](instituut:gent) en [de pagina](pagina:{target.pk}) en "
                f"[nog niet online](pagina:{about.pk + 1000})."
            ),
        )
    )
    gent = Institute.objects.get(key="gent")
    html = client.get("/nl/verwijzingen/").content.decode()
    assert f'<a href="{gent.get_absolute_url("nl")}">SAAMO Gent</a>' in html
    assert '<a href="/nl/zonder-sleutel/">de pagina</a>' in html
    # A link to a page that is not online is plain text, not a broken link.
    assert "nog niet online" in html
    assert "pagina:" not in html


def test_passages_in_another_language_are_marked(client, content, make_page):
    html = client.get("/fr/").content.decode()
    assert '<em lang="nl">samenlevingsopbouw</em>' in html
    publish(
        make_page(
            "Talen",
            body_nl=(
                '*Bonjour*{lang=fr} *kwaad*{lang="x onmouseover=alert(1)"} '
                "*klik*{onclick=alert(2)}"
            ),
        )
    )
    html = client.get("/nl/talen/").content.decode()
    assert '<em lang="fr">Bonjour</em>' in html
    assert "<em>kwaad</em>" in html
    assert "onclick" not in html and "onmouseover" not in html


def test_pages_and_institutes_that_others_link_to_cannot_be_deleted(
    editor_client,  # noqa: F811
    content,
    make_page,
):
    regulation = Page.objects.get(key="regulation")
    response = editor_client.post(
        f"/admin/pages/page/{regulation.pk}/delete/", {"post": "yes"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vlaamse overheid" in html
    assert Page.objects.filter(pk=regulation.pk).exists()

    make_page("Over Gent", body_nl="[SAAMO Gent](instituut:gent)")
    gent = Institute.objects.get(key="gent")
    response = editor_client.post(
        f"/admin/institutes/institute/{gent.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 200
    assert "Over Gent" in response.content.decode()
    assert Institute.objects.filter(pk=gent.pk).exists()


def test_the_body_field_lists_what_an_editor_can_link_to(editor_client, content):  # noqa: F811
    page = Page.objects.get(key="regulation")
    html = editor_client.get(CHANGE.format(page.pk)).content.decode()
    assert "<code>[Nuttige links](pagina:links)</code>" in html
    assert "(instituut:gent)</code>" in html


def test_content_checks_warn_in_dutch_but_never_block_a_save(
    editor_client,  # noqa: F811
    content,
):
    page = Page.objects.get(key="regulation")
    long_sentence = " ".join(["woord"] * 30) + "."
    body = (
        "## Kop\n\n#### Te diep\n\n[klik hier](https://example.org) en "
        "[https://example.org](https://example.org) en [oud](http://example.org)\n\n"
        + long_sentence
    )
    response = editor_client.post(
        CHANGE.format(page.pk),
        form_data(
            page,
            body_nl=body,
            title_de="",
            body_fr="Le samenlevingsopbouw en Flandre.",
            _continue="Concept opslaan",
        ),
        follow=True,
    )
    html = response.content.decode()
    page.refresh_from_db()
    assert page.body_nl == body
    for warning in (
        "sla geen kopniveaus over",
        "de linktekst “klik hier” zegt niet waar",
        "is een adres; schrijf wat de lezer er vindt",
        "is niet beveiligd (http:)",
        "een zin van 30 woorden",
        "heeft nog geen titel in het Duits",
        "de Nederlandse term “samenlevingsopbouw” heeft geen taalmarkering",
    ):
        assert warning in html, warning


def test_a_link_to_an_unknown_key_or_an_image_is_refused_with_the_keys(
    admin_client, content
):
    page = Page.objects.get(key="regulation")
    response = admin_client.post(
        CHANGE.format(page.pk),
        form_data(
            page,
            body_nl="Zie [subsidies](pagina:subsidies) en ![kaart](https://x.be/k.png).",
            body_fr="[Gent](instituut:gentt)",
            _continue="1",
        ),
    )
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "De link “pagina:subsidies” leidt nergens heen" in text
    assert "regulation (Regelgeving)" in text
    assert "De link “instituut:gentt” leidt nergens heen" in text
    assert "gent (SAAMO Gent)" in text
    assert "De tekst kan geen afbeeldingen tonen" in text
    page.refresh_from_db()
    assert "subsidies" not in page.body_nl
    # Existing keys and numbers, and an image shown as code, are accepted.
    response = admin_client.post(
        CHANGE.format(page.pk),
        form_data(
            page,
            body_nl=f"[Links](pagina:links), [hier](pagina:{page.pk}), `![x](y)`",
            _continue="1",
        ),
    )
    assert response.status_code == 302


def test_taking_offline_what_others_link_to_asks_to_confirm(
    admin_client, content, make_page
):
    from pages.models import PublishedPage

    def live_version(page):
        return PublishedPage.objects.live().filter(page=page).first()

    page = Page.objects.get(key="regulation")
    make_page("Verwijst", body_nl="Lees [de regels](pagina:regulation).")
    data = form_data(page, _unpublish="Offline halen")
    response = admin_client.post(CHANGE.format(page.pk), data)
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Deze pagina's linken ernaar" in text
    assert ">Verwijst</a>" in text
    assert live_version(page) is not None
    data["confirm_offline"] = "1"
    assert admin_client.post(CHANGE.format(page.pk), data).status_code == 302
    assert live_version(page) is None


def test_unpublishing_a_linked_institute_asks_to_confirm(
    admin_client, content, make_page
):
    from tests.test_merge import opened, send

    gent = Institute.objects.get(key="gent")
    make_page("Over Gent", body_nl="[SAAMO Gent](instituut:gent)")
    url = f"/admin/institutes/institute/{gent.pk}/change/"
    form = opened(admin_client, url)
    form.pop("_continue")
    form["_unpublish"] = ["1"]
    response = send(admin_client, url, form)
    assert response.status_code == 200
    assert ">Over Gent</a>" in response.content.decode()
    assert gent.published_versions.live().exists()
    assert send(admin_client, url, form, confirm_offline="1").status_code == 302
    assert not gent.published_versions.live().exists()
