import re

import pytest
from django.contrib.auth.models import Group, User

from pages.models import Page
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = User.objects.create_user(
        "redacteur", password="een-lang-wachtwoord", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redacteuren"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editors_group_has_exactly_the_content_permissions():
    codenames = set(
        Group.objects.get(name="Redacteuren").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    pages = {
        ("pages", f"{action}_{model}")
        for model in ("page", "pagelink")
        for action in ("add", "change", "delete", "view")
    }
    assert pages <= codenames
    assert {label for label, _codename in codenames} <= {
        "pages",
        "places",
        "institutes",
        "feedback",
        "search",
    }
    # Of places, only the place names: Statbel's tables are loaded, not edited.
    assert {code for label, code in codenames if label == "places"} == {
        f"{action}_placename" for action in ("add", "change", "delete", "view")
    }
    # Of search, only the synonyms: the entries are made from what is published.
    assert {code for label, code in codenames if label == "search"} == {
        f"{action}_synonymgroup" for action in ("add", "change", "delete", "view")
    }


def test_editor_sees_the_page_form_in_dutch_with_language_tabs(editor_client, content):
    page = Page.objects.get(key="regulation")
    response = editor_client.get(f"/admin/pages/page/{page.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "pagina wijzigen" in html
    for code in LANGUAGES:
        assert f'name="title_{code}"' in html
        assert f'name="body_{code}"' in html
    assert "admin-extra/translation-tabs." in html
    # Every script and stylesheet comes from the site itself.
    for url in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html):
        assert url.startswith("/static/"), url
    assert "googleapis" not in html


def test_admin_assets_are_served_by_the_site(editor_client, content):
    page = Page.objects.get(key="regulation")
    html = editor_client.get(f"/admin/pages/page/{page.pk}/change/").content.decode()
    for url in re.findall(r'src="(/static/[^"]+)"', html):
        response = editor_client.get(url)
        assert response.status_code == 200, url


def _form_data(page, **changes):
    data = {
        "parent": page.parent_id or "",
        "order": page.order,
        "placement": page.placement,
        "key": page.key or "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    for code in LANGUAGES:
        for field in ("title", "slug", "intro", "body", "description"):
            data[f"{field}_{code}"] = getattr(page, f"{field}_{code}") or ""
    data["loaded_version"] = page.updated_at.isoformat()
    data.update(changes)
    return data


def test_editor_can_change_a_page(editor_client, content):
    page = Page.objects.get(key="regulation")
    response = editor_client.post(
        f"/admin/pages/page/{page.pk}/change/", _form_data(page, title_nl="Decreet")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title_nl == "Decreet"


def test_moving_a_page_under_its_own_child_is_refused(
    editor_client, content, make_page
):
    parent = Page.objects.get(key="regulation")
    child = make_page("Onderdeel", parent=parent)
    response = editor_client.post(
        f"/admin/pages/page/{parent.pk}/change/", _form_data(parent, parent=child.pk)
    )
    assert response.status_code == 200
    assert "kan niet onder zichzelf" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent.key == "home"


def test_duplicate_slug_among_siblings_is_refused(editor_client, content):
    page = Page.objects.get(key="regulation")
    response = editor_client.post(
        f"/admin/pages/page/{page.pk}/change/", _form_data(page, slug_fr="liens-utiles")
    )
    assert response.status_code == 200
    assert (
        "gebruikt “liens-utiles” al als naam in het webadres"
        in response.content.decode()
    )


def test_an_edit_saved_meanwhile_is_not_silently_overwritten(editor_client, content):
    page = Page.objects.get(key="regulation")
    stale = _form_data(page, title_nl="Mijn versie")
    Page.objects.filter(pk=page.pk).update(title_nl="Versie van een collega")
    page.refresh_from_db()
    page.save()  # bumps the last-changed time as a real save would
    response = editor_client.post(f"/admin/pages/page/{page.pk}/change/", stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit item bewaard" in html
    assert 'value="Mijn versie"' in html
    page.refresh_from_db()
    assert page.title_nl == "Versie van een collega"
    # Keeping one's own version is a choice made on the version shown.
    seen = re.search(r'name="merge_seen" value="([^"]+)"', html).group(1)
    stale.update(merge_seen=seen, merge_title_nl="mine")
    assert (
        editor_client.post(f"/admin/pages/page/{page.pk}/change/", stale).status_code
        == 302
    )
    page.refresh_from_db()
    assert page.title_nl == "Mijn versie"


def test_view_on_site_leads_to_the_public_page(editor_client, content):
    page = Page.objects.get(key="regulation")
    html = editor_client.get(f"/admin/pages/page/{page.pk}/change/").content.decode()
    assert re.search(r'<a href="/nl/regelgeving/" class="viewsitelink">', html)


def test_page_list_shows_the_tree_in_order(editor_client, content, make_page):
    regulation = Page.objects.get(key="regulation")
    make_page("Decreet van 1991", parent=regulation, order=1)
    html = editor_client.get("/admin/pages/page/").content.decode()
    titles = re.findall(r'<th class="field-indented_title"><a [^>]+>([^<]+)</a>', html)
    assert titles[0] == "Samenlevingsopbouw"
    position = titles.index("— Regelgeving")
    assert titles[position + 1] == "— — Decreet van 1991"
    assert titles.index("— Regionale instituten voor samenlevingsopbouw") < position
