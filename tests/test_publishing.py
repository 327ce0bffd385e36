"""Drafts, publishing, scheduling, preview and the 'content changed' moment."""

import html as html_module
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from core.signals import next_scheduled_change, published_content_changed
from institutes.models import Institute, PublishedInstitute
from institutes.publishing import publish as publish_institute
from pages.models import Page, PublishedPage
from pages.publishing import State, draft_state, publish, unpublish
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db

CHANGE = "/admin/pages/page/{}/change/"


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("redacteur", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteuren"))
    client.force_login(user)
    return client


def form_data(page, **changes):
    data = {
        "parent": page.parent_id or "",
        "order": page.order,
        "placement": page.placement,
        "key": page.key or "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "loaded_version": page.updated_at.isoformat() if page.pk else "",
    }
    for code in LANGUAGES:
        for field in ("title", "slug", "intro", "body", "description"):
            data[f"{field}_{code}"] = getattr(page, f"{field}_{code}") or ""
    data.update(changes)
    return data


def later(**delta):
    moment = timezone.localtime(timezone.now() + timedelta(**delta))
    return {"date": moment.strftime("%d-%m-%Y"), "time": moment.strftime("%H:%M:%S")}


def schedule_fields(name, **delta):
    moment = later(**delta)
    return {f"{name}_0": moment["date"], f"{name}_1": moment["time"]}


def test_a_saved_draft_changes_nothing_for_visitors_until_published(
    client, editor_client, content
):
    page = Page.objects.get(key="regulation")
    response = editor_client.post(
        CHANGE.format(page.pk),
        form_data(page, title_nl="Decreet en besluit", _continue="Concept opslaan"),
    )
    assert response.status_code == 302
    assert "Regelgeving</h1>" in client.get("/nl/regelgeving/").content.decode()
    page.refresh_from_db()
    assert page.title_nl == "Decreet en besluit"
    assert draft_state(page, page.published_versions.all()) == State.CHANGED

    response = editor_client.post(
        CHANGE.format(page.pk), form_data(page, _publish="Publiceren")
    )
    assert response.status_code == 302
    html = client.get("/nl/regelgeving/").content.decode()
    assert "Decreet en besluit</h1>" in html
    assert draft_state(page, page.published_versions.all()) == State.PUBLISHED


def test_a_new_page_starts_as_a_draft(client, editor_client, content):
    home = Page.objects.get(key="home")
    new = Page(parent=home, title_nl="Nieuws", slug_nl="nieuws", order=99)
    data = form_data(new, _continue="Concept opslaan")
    data["loaded_version"] = ""
    response = editor_client.post("/admin/pages/page/add/", data)
    assert response.status_code == 302
    page = Page.objects.get(slug_nl="nieuws")
    assert client.get("/nl/nieuws/").status_code == 404
    listing = editor_client.get("/admin/pages/page/").content.decode()
    row = re.search(r"Nieuws</a></th>(.*?)</tr>", listing, re.S).group(1)
    assert "concept" in row
    # "Weergeven op website" leads to the preview, not to a 404.
    html = editor_client.get(CHANGE.format(page.pk)).content.decode()
    assert (
        f'href="/admin/pages/page/{page.pk}/preview/nl/" class="viewsitelink"' in html
    )


def test_the_page_list_shows_every_state(editor_client, content, make_page):
    changed = Page.objects.get(key="regulation")
    changed.title_nl = "Regels"
    changed.save()
    publish(make_page("Straks"), at=timezone.now() + timedelta(days=1))
    make_page("Nog niet af")
    html = editor_client.get("/admin/pages/page/").content.decode()

    def state(title):
        return re.search(
            rf">[— ]*{title}</a></th><td class=\"field-state\">([^<]+)<", html
        ).group(1)

    assert state("Regels") == "gewijzigd na publicatie"
    assert state("Straks") == "gepland"
    assert state("Nog niet af") == "concept"
    assert state("Nuttige links") == "gepubliceerd"


def test_preview_shows_the_draft_in_every_language_to_staff_only(
    client, editor_client, content
):
    page = Page.objects.get(key="regulation")
    page.title_fr = "Réglementation nouvelle"
    page.save()
    url = f"/admin/pages/page/{page.pk}/preview/fr/"
    response = editor_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert "Réglementation nouvelle</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Content-Language"] == "fr"
    # The same templates: the menus and breadcrumb, with the draft's title.
    assert 'class="breadcrumb' in html
    assert html.count("Réglementation nouvelle") >= 3
    # The language switcher leads to the preview in the other languages.
    assert f'href="/admin/pages/page/{page.pk}/preview/de/"' in html
    # Visitors still see the published version.
    assert (
        "Réglementation nouvelle"
        not in client.get("/fr/reglementation/").content.decode()
    )

    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")


def test_preview_of_the_form_as_it_is_saves_nothing(editor_client, content):
    page = Page.objects.get(key="regulation")
    url = f"/admin/pages/page/{page.pk}/preview/nl/"
    posted = editor_client.post(url, form_data(page, intro_nl="Nog niet bewaard."))
    assert posted.status_code == 303
    preview = posted["Location"]
    assert preview.startswith(url + "?formulier=")
    html = html_module.unescape(editor_client.get(preview).content.decode())
    assert "Nog niet bewaard." in html
    assert "Voorbeeld: bezoekers zien dit nog niet" in html
    assert "nog niet bewaard" in html
    assert f'href="/admin/pages/page/{page.pk}/change/"' in html
    # The other languages preview the same unsaved form.
    token = preview.split("=", 1)[1]
    assert f"/preview/fr/?formulier={token}" in html
    page.refresh_from_db()
    assert page.intro_nl != "Nog niet bewaard."
    # Without the token, or for another page: the draft as saved.
    saved = editor_client.get(url).content.decode()
    assert "Nog niet bewaard." not in saved
    assert "zoals het laatst bewaard is" in saved
    other = Page.objects.get(key="links")
    other_url = f"/admin/pages/page/{other.pk}/preview/nl/?formulier={token}"
    assert "Nog niet bewaard." not in editor_client.get(other_url).content.decode()


def test_scheduled_versions_take_effect_at_their_moment(client, content):
    page = Page.objects.get(key="regulation")
    page.title_nl = "Nieuwe regels"
    page.save()
    soon = timezone.now() + timedelta(hours=1)
    publish(page, at=soon)
    assert "Regelgeving</h1>" in client.get("/nl/regelgeving/").content.decode()
    assert next_scheduled_change() == soon
    # Time passes: the scheduled version's moment comes.
    hour = timedelta(hours=1, seconds=1)
    PublishedPage.objects.filter(page=page).update(
        valid_from=models_shift("valid_from", -hour),
        valid_until=models_shift("valid_until", -hour),
    )
    assert "Nieuwe regels</h1>" in client.get("/nl/regelgeving/").content.decode()

    unpublish(page, at=timezone.now() + timedelta(minutes=5))
    assert client.get("/nl/regelgeving/").status_code == 200
    PublishedPage.objects.filter(page=page).update(
        valid_until=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/nl/regelgeving/").status_code == 404


def models_shift(field, delta):
    from django.db.models import F

    return F(field) + delta


def test_scheduling_in_the_admin_keeps_the_current_version_until_then(
    client, editor_client, content
):
    page = Page.objects.get(key="regulation")
    response = editor_client.post(
        CHANGE.format(page.pk),
        form_data(
            page,
            title_nl="Regels vanaf morgen",
            _publish="Publiceren",
            **schedule_fields("publish_at", days=1),
        ),
    )
    assert response.status_code == 302
    assert "Regelgeving</h1>" in client.get("/nl/regelgeving/").content.decode()
    html = editor_client.get(CHANGE.format(page.pk)).content.decode()
    publication = re.search(
        r'field-publication.*?class="readonly">(.*?)</div>', html, re.S
    ).group(1)
    assert "Wordt gepubliceerd op" in publication
    assert "offline" not in publication
    # The current version ends where the new one starts: no going offline.
    assert re.search(r'name="unpublish_at_0"[^>]*value="\d', html) is None
    history = editor_client.get(f"/admin/pages/page/{page.pk}/history/")
    assert "Gepland om online te gaan op" in history.content.decode()


def test_going_offline_must_come_after_going_online(editor_client, content):
    page = Page.objects.get(key="links")
    response = editor_client.post(
        CHANGE.format(page.pk),
        form_data(
            page,
            _publish="Publiceren",
            **schedule_fields("publish_at", days=2),
            **schedule_fields("unpublish_at", days=1),
        ),
    )
    assert response.status_code == 200
    assert "Kies een moment nadat de pagina online gaat." in response.content.decode()
    assert PublishedPage.objects.filter(page=page).count() == 1


def test_taking_a_page_offline(client, editor_client, content):
    page = Page.objects.get(key="links")
    # Other pages link to it: taking it offline is confirmed (tests/test_links.py).
    response = editor_client.post(
        CHANGE.format(page.pk),
        form_data(page, _unpublish="Offline halen", confirm_offline="1"),
    )
    assert response.status_code == 302
    assert client.get("/nl/nuttige-links/").status_code == 404
    assert draft_state(page, page.published_versions.all()) == State.DRAFT


def test_taking_a_section_offline_names_the_pages_it_hides(editor_client, content):
    about = Page.objects.get(key="about")
    child = Page.objects.create(parent=about, key="team", title_nl="Ons team")
    response = editor_client.post(
        CHANGE.format(about.pk),
        form_data(about, _unpublish="Offline halen", confirm_offline="1"),
        follow=True,
    )
    html = response.content.decode()
    assert "ook de pagina’s eronder" in html
    assert child.title_nl in html


def test_the_home_page_cannot_be_taken_offline(client, editor_client, content):
    home = Page.objects.get(key="home")
    html = editor_client.get(CHANGE.format(home.pk)).content.decode()
    assert 'name="_unpublish"' not in html
    response = editor_client.post(
        CHANGE.format(home.pk), form_data(home, _unpublish="Offline halen")
    )
    assert response.status_code == 200
    assert "De startpagina kan niet offline" in response.content.decode()
    scheduled = editor_client.post(
        CHANGE.format(home.pk),
        form_data(
            home, _publish="Publiceren", **schedule_fields("unpublish_at", days=1)
        ),
    )
    assert scheduled.status_code == 200
    assert "De startpagina kan niet offline" in scheduled.content.decode()
    assert client.get("/nl/").status_code == 200
    assert not PublishedPage.objects.filter(page=home, valid_until__isnull=False)


def test_public_page_costs_at_most_four_queries_with_many_versions(
    client, content, make_page, django_assert_max_num_queries
):
    section = publish(make_page("Veel", body_nl="[Regels](pagina:regulation)")).page
    now = timezone.now()
    # In the main menu, so that every page lists all 200.
    pages = [
        make_page(
            f"Pagina {n}",
            parent=section,
            body_nl="Tekst",
            placement=Page.Placement.MAIN,
        )
        for n in range(200)
    ]
    for page in pages:
        versions = [publish(page) for _ in range(1)]
        # 19 older versions, each valid for an hour in the past.
        PublishedPage.objects.bulk_create(
            PublishedPage(
                page=page,
                parent_page=section.pk,
                titles={"nl": f"Oud {v}"},
                slugs={"nl": f"oud-{v}"},
                draft_version=now,
                placement="main",
                valid_from=now - timedelta(hours=v + 1),
                valid_until=now - timedelta(hours=v),
            )
            for v in range(1, 20)
        )
        assert versions
    assert PublishedPage.objects.count() >= 200 * 20
    for path in ("/nl/", "/nl/veel/", "/fr/veel/pagina-150/", "/en/veel/pagina-7/"):
        with django_assert_max_num_queries(4):
            assert client.get(path).status_code == 200


def test_publishing_and_saving_shown_content_is_one_moment(content, make_page):
    seen = []

    def listener(sender, **kwargs):
        seen.append(sender)

    published_content_changed.connect(listener)
    try:
        page = make_page("Moment")
        publish(page)
        institute = Institute.objects.get(key="gent")
        institute.phone = "09 123 45 67"
        institute.save()
        publish_institute(institute)
    finally:
        published_content_changed.disconnect(listener)
    assert Page in seen
    assert PublishedPage in seen
    assert PublishedInstitute in seen
