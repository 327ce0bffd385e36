"""Every version kept, shown as a readable diff, and any version put back."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User

from institutes.models import Institute, PostcodeRule, Region, Theme
from pages.models import Page, PageLink

from .test_publishing import CHANGE, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = User.objects.create_user("redacteur", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteuren"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def revert_button(html, index):
    """The revert form of the index-th version on the history screen."""
    return re.findall(r'<form method="post" action="([^"]+/revert/)">', html)[index]


def test_page_history_shows_who_did_what_per_field_and_language(editor_client, content):
    page = Page.objects.get(key="regulation")
    editor_client.post(
        CHANGE.format(page.pk),
        form_data(page, body_fr="Nouveau texte.", _continue="Concept opslaan"),
    )
    page.refresh_from_db()
    editor_client.post(CHANGE.format(page.pk), form_data(page, _publish="Publiceren"))
    html = editor_client.get(f"/admin/pages/page/{page.pk}/history/").content.decode()
    assert "Tekst (Frans)" in html
    assert "Nouveau texte." in html
    assert "Opgeslagen als concept" in html
    assert "Gepubliceerd" in html
    assert "Door redacteur" in html
    for internal in ("loaded_version", "body_fr", "updated_at", "[fr]"):
        assert internal not in html
    # Django's own log lists no internal field either.
    messages = [entry.get_change_message() for entry in LogEntry.objects.all()]
    assert messages and not any("loaded_version" in m for m in messages)


def test_reverting_a_page_makes_that_version_the_draft_and_is_recorded(
    client, editor_client, content
):
    page = Page.objects.get(key="links")
    original_title = page.title_nl
    original_links = sorted(page.links.values_list("url", flat=True))
    data = form_data(page, title_nl="Links", _publish="Publiceren")
    # Remove every link in the same save.
    links = list(page.links.all())
    data.update(
        {
            "links-TOTAL_FORMS": str(len(links)),
            "links-INITIAL_FORMS": str(len(links)),
        }
    )
    for index, link in enumerate(links):
        data.update(
            {
                f"links-{index}-id": link.pk,
                f"links-{index}-page": page.pk,
                f"links-{index}-order": link.order,
                f"links-{index}-url": link.url,
                f"links-{index}-label_nl": link.label_nl,
                f"links-{index}-DELETE": "on",
            }
        )
    assert editor_client.post(CHANGE.format(page.pk), data).status_code == 302
    assert not PageLink.objects.filter(page=page).exists()

    html = editor_client.get(f"/admin/pages/page/{page.pk}/history/").content.decode()
    # The oldest version is the last on the screen.
    response = editor_client.post(revert_button(html, -1))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title_nl == original_title
    assert sorted(page.links.values_list("url", flat=True)) == original_links
    # A draft: visitors still see the published version until it is published.
    assert "Links</h1>" in client.get("/nl/nuttige-links/").content.decode()
    html = editor_client.get(f"/admin/pages/page/{page.pk}/history/").content.decode()
    assert "Teruggezet naar de versie van" in html
    assert page.history.count() >= 3


def test_reverting_an_institute_puts_back_its_data_and_themes(editor_client, content):
    institute = Institute.objects.get(key="gent")
    themes = set(institute.themes.values_list("pk", flat=True))
    phone = institute.phone
    institute.phone = "09 999 99 99"
    institute.save()
    institute.themes.clear()
    html = editor_client.get(
        f"/admin/institutes/institute/{institute.pk}/history/"
    ).content.decode()
    assert "Telefoon" in html
    assert "09 999 99 99" in html
    before = institute.history.filter(phone=phone).order_by("-history_date")[0]
    assert f"/history/{before.history_id}/revert/" in html
    response = editor_client.post(
        f"/admin/institutes/institute/{institute.pk}/history/{before.history_id}/revert/"
    )
    assert response.status_code == 302
    institute.refresh_from_db()
    assert institute.phone == phone
    assert set(institute.themes.values_list("pk", flat=True)) == themes


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (PostcodeRule, "note_nl", "Een nieuwe noot."),
        (Region, "name_nl", "Andere naam"),
        (Theme, "name_nl", "Ander thema"),
    ],
)
def test_rules_regions_and_themes_have_history_and_revert(
    editor_client, content, model, field, value
):
    obj = model.objects.order_by("pk").first()
    before = getattr(obj, field)
    setattr(obj, field, value)
    obj.save()
    opts = model._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/"
    html = editor_client.get(url).content.decode()
    assert "(Nederlands)" in html
    assert value in html
    editor_client.post(revert_button(html, -1))
    obj.refresh_from_db()
    assert getattr(obj, field) == before


def test_only_editors_who_may_change_can_revert(client, content):
    viewer = User.objects.create_user("lezer", password="x" * 20, is_staff=True)
    client.force_login(viewer)
    page = Page.objects.get(key="links")
    page.save()
    version = page.history.last()
    response = client.post(
        f"/admin/pages/page/{page.pk}/history/{version.history_id}/revert/"
    )
    assert response.status_code == 403


def test_a_long_history_comes_in_pages_each_version_with_its_own_diff(
    editor_client, content
):
    region = Region.objects.get(key="gent")
    for number in range(30):
        region.name_nl = f"Gent {number}"
        region.save()
    url = f"/admin/institutes/region/{region.pk}/history/"
    first = editor_client.get(url).content.decode()
    assert first.count('class="version"') == 25
    assert "<ins>Gent 29</ins>" in first and "huidige versie" in first
    assert "Pagina 1 van 2" in first and 'rel="next"' in first
    second = editor_client.get(url + "?p=2").content.decode()
    # The oldest of the first screen is compared with the newest of the next.
    assert "<del>Gent 4</del>" in first
    assert "<ins>Gent 29</ins>" not in second and "huidige versie" not in second
    assert "<ins>Gent 4</ins>" in second and 'rel="prev"' in second
    assert editor_client.get(url + "?p=x").status_code == 200


@pytest.mark.parametrize("model", [Institute, Page])
def test_a_revert_leaves_alone_what_the_editor_may_not_change(
    editor_client, content, model
):
    obj = model.objects.filter(key__isnull=False).exclude(key="").order_by("pk")[0]
    key = obj.key
    obj.save()
    # A superuser gives the item another key; the editor then puts back the
    # version from before.
    obj.key = f"{key}-nieuw"
    obj.save()
    before = obj.history.filter(key=key).order_by("history_date")[0]
    opts = model._meta
    response = editor_client.post(
        f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/"
        f"{before.history_id}/revert/",
        follow=True,
    )
    assert response.status_code == 200
    obj.refresh_from_db()
    assert obj.key == f"{key}-nieuw"
    assert "Niet teruggezet" in response.content.decode()
