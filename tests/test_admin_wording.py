"""The admin in plain Dutch: no Django jargon, no "True", no change listed
that nobody made, and no visitor's contact details in the feedback inbox."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, User

from feedback.models import Feedback
from institutes.models import Institute
from pages.models import Page
from pages.publishing import State, draft_state, publish

from .test_publishing import CHANGE, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("redacteur", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteuren"))
    client.force_login(user)
    return client


JARGON = ("Choose", "Remove all", "Slug", "Sleutel", "True", "False", "De instituut")


def test_the_institute_form_speaks_plain_dutch(editor_client, content):
    gent = Institute.objects.get(key="gent")
    html = editor_client.get(
        f"/admin/institutes/institute/{gent.pk}/change/"
    ).content.decode()
    for word in JARGON:
        assert word not in html, word
    assert "Naam in het webadres" in html
    assert 'type="checkbox" name="themes"' in html
    # The cross beside the region would delete the region: not offered.
    assert "delete-related" not in html
    listing = editor_client.get("/admin/institutes/institute/").content.decode()
    assert "icon-yes" not in listing and 'alt="True"' not in listing


def test_save_and_delete_messages_name_no_article_or_objects(editor_client, content):
    gent = Institute.objects.get(key="gent")
    url = f"/admin/institutes/institute/{gent.pk}/change/"
    from tests.test_merge import opened, send

    response = send(editor_client, url, opened(editor_client, url))
    response = editor_client.get(response["Location"])
    assert "Concept van “SAAMO Gent” opgeslagen." in response.content.decode()
    region = gent.region
    url = f"/admin/institutes/region/{region.pk}/change/"
    response = send(editor_client, url, opened(editor_client, url))
    response = editor_client.get(response["Location"])
    assert "Bewaard: werkgebied “" in response.content.decode()
    regulation = Page.objects.get(key="regulation")
    html = editor_client.get(
        f"/admin/pages/page/{regulation.pk}/delete/"
    ).content.decode()
    assert "beschermde" not in html and "objecten" not in html.lower()
    assert "kan niet verwijderd worden zolang het volgende ernaar verwijst" in html


def test_a_save_that_changes_nothing_lists_no_change_and_keeps_published(
    editor_client, content
):
    page = Page.objects.get(key="regulation")
    page.body_en = "First line.\nSecond line."
    page.save()
    publish(page)
    page.refresh_from_db()
    assert draft_state(page, page.published_versions.all()) == State.PUBLISHED
    # A browser sends every line break as CR LF, also in untouched fields.
    data = form_data(page, _continue="Concept opslaan")
    data = {
        name: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for name, value in data.items()
    }
    assert editor_client.post(CHANGE.format(page.pk), data).status_code == 302
    page.refresh_from_db()
    assert page.body_en == "First line.\nSecond line."
    assert draft_state(page, page.published_versions.all()) == State.PUBLISHED
    history = editor_client.get(f"/admin/pages/page/{page.pk}/history/")
    newest = history.content.decode().split('class="version"')[1]
    assert "Tekst (Engels)" not in newest
    # A visible change does show.
    editor_client.post(
        CHANGE.format(page.pk), form_data(page, intro_de="Neu.", _continue="1")
    )
    page.refresh_from_db()
    assert draft_state(page, page.published_versions.all()) == State.CHANGED


def test_contact_details_in_feedback_never_reach_the_editors(
    client, editor_client, content
):
    from tests.test_feedback import page, post

    regulation = page("regulation")
    client.logout()
    post(
        client,
        {
            "page": regulation.pk,
            "helpful": "no",
            "comment": "Mail me op jan.peeters@example.be of bel 0470 12 34 56.",
        },
    )
    answer = Feedback.objects.get()
    assert answer.comment == (
        "Mail me op [e-mailadres weggelaten] of bel [telefoonnummer weggelaten]."
    )
    assert str(answer) == "Regelgeving: niet nuttig"


def test_editors_mark_answers_handled_and_read_yes_or_no(editor_client, content):
    regulation = Page.objects.get(key="regulation")
    answer = Feedback.objects.create(page=regulation, language="nl", helpful=True)
    listing = editor_client.get("/admin/feedback/feedback/").content.decode()
    assert 'alt="True"' not in listing and "nog te doen" in listing
    response = editor_client.post(
        "/admin/feedback/feedback/",
        {"action": "mark_handled", "_selected_action": [answer.pk]},
        follow=True,
    )
    assert "1 antwoord als afgehandeld gemarkeerd." in response.content.decode()
    answer.refresh_from_db()
    assert answer.handled
    export = editor_client.post(
        "/admin/feedback/feedback/",
        {"action": "export_csv", "_selected_action": [answer.pk]},
    )
    rows = list(csv.reader(io.StringIO(export.content.decode().lstrip("\ufeff"))))
    assert rows[0][0] == "gegeven op (Brusselse tijd)"
    assert rows[1][4:] == ["ja", "", "ja"]
