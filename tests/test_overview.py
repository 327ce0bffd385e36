"""The editors' overview: recent changes by everyone, and what is scheduled."""

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pages.models import Page
from pages.publishing import publish

from .test_merge import jan, opened, send  # noqa: F401

pytestmark = pytest.mark.django_db


def test_recent_changes_by_everyone_with_links_to_the_diff(jan, content):  # noqa: F811
    page = Page.objects.get(key="regulation")
    url = f"/admin/pages/page/{page.pk}/change/"
    send(jan, url, opened(jan, url), intro_fr="Nouvelle introduction.")
    index = jan.get("/admin/").content.decode()
    assert 'href="/admin/overzicht/"' in index
    text = html.unescape(jan.get("/admin/overzicht/").content.decode())
    changes = text.split('id="changes-title"')[1]
    first = changes.split("<tbody>")[1].split("</tr>")[0]
    assert "Jan Claes" in first
    assert "Pagina “Regelgeving”: Opgeslagen als concept" in first
    assert "Inleiding (Frans)" in first
    record = page.history.latest()
    link = f"/admin/pages/page/{page.pk}/history/?versie={record.history_id}"
    assert link in first
    diff = jan.get(link).content.decode()
    assert f'id="version-{record.history_id}"' in diff
    assert "Nouvelle introduction." in diff


def test_the_overview_lists_what_is_scheduled(jan, content, make_page):  # noqa: F811
    moment = timezone.now() + timedelta(days=2)
    page = make_page("Straks online")
    publish(page, at=moment, until=moment + timedelta(days=5))
    text = html.unescape(jan.get("/admin/overzicht/").content.decode())
    scheduled = text.split('id="changes-title"')[0].split("<tbody>")[1]
    assert scheduled.count("Straks online") == 2
    assert "Wordt gepubliceerd op" in scheduled
    assert "Wordt offline gehaald op" in scheduled


def test_visitors_and_anonymous_users_do_not_see_the_overview(client, content):
    response = client.get("/admin/overzicht/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_public_pages_are_the_same_for_editors_and_carry_a_hidden_edit_link(
    jan,  # noqa: F811
    content,
):
    client = Client()  # the page as sent, like the editor's
    page = Page.objects.get(key="regulation")
    anonymous = client.get("/nl/regelgeving/").content
    editor = jan.get("/nl/regelgeving/").content
    assert anonymous == editor
    edit = f'data-edit-link hidden><a href="/admin/pages/page/{page.pk}/change/">'
    assert edit in anonymous.decode()
    admin = jan.get("/admin/").content.decode()
    assert "editor-mark" in admin and 'data-editor="1"' in admin
    login = client.get("/admin/login/").content.decode()
    assert "editor-mark" in login and 'data-editor=""' in login
