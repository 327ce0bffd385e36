"""Two editors change one item: a save that meets a newer save is merged per
field; a field both changed is shown side by side and chosen per field."""

import html
from collections import defaultdict

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from institutes.models import Institute, Theme
from pages.models import Page
from scripts.concurrent_edits import FormReader

pytestmark = pytest.mark.django_db


def _editor(username, first, last):
    user = User.objects.create_user(
        username,
        password="een-lang-wachtwoord",
        is_staff=True,
        first_name=first,
        last_name=last,
    )
    user.groups.add(Group.objects.get(name="Redacteuren"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def els(db):
    return _editor("els", "Els", "Peeters")


@pytest.fixture
def jan(db):
    return _editor("jan", "Jan", "Claes")


def opened(client, url):
    """The change form's values, as the browser would send them."""
    reader = FormReader()
    reader.feed(client.get(url).content.decode())
    data = defaultdict(list)
    for name, value in reader.fields:
        data[name].append(value)
    data["_continue"] = ["1"]
    return data


def send(client, url, form, **changes):
    data = {name: list(values) for name, values in form.items()}
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return client.post(url, data)


def page_url(page):
    return f"/admin/pages/page/{page.pk}/change/"


def test_different_fields_are_merged(els, jan, content):
    page = Page.objects.get(key="regulation")
    url = page_url(page)
    form_els, form_jan = opened(els, url), opened(jan, url)
    assert send(els, url, form_els, intro_nl="Intro van Els").status_code == 302
    response = send(jan, url, form_jan, intro_fr="Intro de Jan")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.intro_nl == "Intro van Els"
    assert page.intro_fr == "Intro de Jan"
    shown = " ".join(str(m) for m in response.wsgi_request._messages)
    assert "Inleiding (Nederlands) (Els Peeters)" in shown


def test_the_same_field_is_shown_side_by_side_and_nothing_is_saved(els, jan, content):
    page = Page.objects.get(key="regulation")
    url = page_url(page)
    form_els, form_jan = opened(els, url), opened(jan, url)
    send(els, url, form_els, intro_nl="Intro van Els", title_fr="Titre d'Els")
    response = send(jan, url, form_jan, intro_nl="Intro van Jan", body_de="Text")
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Els Peeters" in text
    assert "Intro van Els" in text and "Intro van Jan" in text
    assert 'name="merge_intro_nl"' in text
    # Els's other change is kept and shown in the form as it will be saved.
    assert 'value="Titre d\'Els"' in text
    assert "Titel (Frans): gewijzigd door Els Peeters" in text
    page.refresh_from_db()
    assert page.intro_nl == "Intro van Els"
    assert page.body_de != "Text"

    # Sent again without a choice: still nothing replaced.
    form = FormReader()
    form.feed(response.content.decode())
    again = defaultdict(list)
    for name, value in form.fields:
        again[name].append(value)
    again["_continue"] = ["1"]
    assert send(jan, url, again).status_code == 200
    page.refresh_from_db()
    assert page.intro_nl == "Intro van Els"

    # Jan keeps Els's introduction: his other field is saved, hers stays.
    assert send(jan, url, again, merge_intro_nl="theirs").status_code == 302
    page.refresh_from_db()
    assert page.intro_nl == "Intro van Els"
    assert page.title_fr == "Titre d'Els"
    assert page.body_de == "Text"


def test_choosing_ones_own_version_replaces_only_that_field(els, jan, content):
    page = Page.objects.get(key="regulation")
    url = page_url(page)
    form_els, form_jan = opened(els, url), opened(jan, url)
    send(els, url, form_els, intro_nl="Intro van Els", intro_en="Els's intro")
    response = send(jan, url, form_jan, intro_nl="Intro van Jan")
    form = FormReader()
    form.feed(response.content.decode())
    again = defaultdict(list)
    for name, value in form.fields:
        again[name].append(value)
    again["_continue"] = ["1"]
    assert send(jan, url, again, merge_intro_nl="mine").status_code == 302
    page.refresh_from_db()
    assert page.intro_nl == "Intro van Jan"
    assert page.intro_en == "Els's intro"


def test_a_choice_made_on_an_older_version_does_not_count(els, jan, content):
    page = Page.objects.get(key="regulation")
    url = page_url(page)
    form_els, form_jan = opened(els, url), opened(jan, url)
    send(els, url, form_els, intro_nl="Intro van Els")
    response = send(jan, url, form_jan, intro_nl="Intro van Jan")
    form = FormReader()
    form.feed(response.content.decode())
    again = defaultdict(list)
    for name, value in form.fields:
        again[name].append(value)
    again["_continue"] = ["1"]
    # Els saves once more before Jan chooses.
    send(els, url, opened(els, url), intro_nl="Intro van Els, herzien")
    response = send(jan, url, again, merge_intro_nl="mine")
    assert response.status_code == 200
    assert "Intro van Els, herzien" in html.unescape(response.content.decode())
    page.refresh_from_db()
    assert page.intro_nl == "Intro van Els, herzien"


def test_institutes_merge_fields_and_themes(els, jan, content):
    gent = Institute.objects.get(key="gent")
    url = f"/admin/institutes/institute/{gent.pk}/change/"
    form_els, form_jan = opened(els, url), opened(jan, url)
    theme = Theme.objects.exclude(pk__in=gent.themes.all()).first()
    themes = [str(pk) for pk in gent.themes.values_list("pk", flat=True)]
    assert send(els, url, form_els, themes=[*themes, str(theme.pk)]).status_code == 302
    assert send(jan, url, form_jan, phone="09 123 45 67").status_code == 302
    gent.refresh_from_db()
    assert gent.phone == "09 123 45 67"
    assert theme in gent.themes.all()


def test_an_item_without_history_shows_every_difference(els, jan, content):
    """Place names keep no versions: what differs is a choice, never lost."""
    from places.models import PlaceName

    place = PlaceName.objects.filter(source=PlaceName.Source.EDITOR).first()
    url = f"/admin/places/placename/{place.pk}/change/"
    form_els, form_jan = opened(els, url), opened(jan, url)
    assert send(els, url, form_els, name="Naam van Els").status_code == 302
    response = send(jan, url, form_jan, postcode="9000")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="merge_name"' in text and 'name="merge_postcode"' in text
    place.refresh_from_db()
    assert place.name == "Naam van Els"


def test_divisions_merge_like_pages(els, jan, content):
    from institutes.models import Division

    division = Division.objects.first()
    url = f"/admin/institutes/division/{division.pk}/change/"
    form_els, form_jan = opened(els, url), opened(jan, url)
    assert send(els, url, form_els, phone="02 111 11 11").status_code == 302
    assert send(jan, url, form_jan, street="Nieuwe straat 1").status_code == 302
    division.refresh_from_db()
    assert (division.phone, division.street) == ("02 111 11 11", "Nieuwe straat 1")


def test_links_under_a_page_are_merged_and_a_clash_is_shown(els, jan, content):
    from pages.models import PageLink

    page = Page.objects.get(key="links")
    link = page.links.order_by("pk").first()
    url = page_url(page)
    form_els, form_jan = opened(els, url), opened(jan, url)
    index = next(
        name.split("-")[1]
        for name, values in form_els.items()
        if name.endswith("-id") and values == [str(link.pk)]
    )
    prefix = f"links-{index}-"
    response = send(els, url, form_els, **{f"{prefix}url": "https://example.org/els"})
    assert response.status_code == 302
    # Jan changes the Dutch label only: Els's address stays.
    changed = {f"{prefix}label_nl": "Label van Jan"}
    assert send(jan, url, form_jan, **changed).status_code == 302
    link.refresh_from_db()
    assert (link.url, link.label_nl) == ("https://example.org/els", "Label van Jan")
    # Both change the address: Jan is shown Els's before his replaces it.
    form_els, form_jan = opened(els, url), opened(jan, url)
    send(els, url, form_els, **{f"{prefix}url": "https://example.org/els-2"})
    response = send(jan, url, form_jan, **{f"{prefix}url": "https://example.org/jan"})
    assert response.status_code == 200
    assert "https://example.org/els-2" in html.unescape(response.content.decode())
    assert PageLink.objects.get(pk=link.pk).url == "https://example.org/els-2"
    again = FormReader()
    again.feed(response.content.decode())
    data = defaultdict(list)
    for name, value in again.fields:
        data[name].append(value)
    data["_continue"] = ["1"]
    assert send(jan, url, data).status_code == 302
    assert PageLink.objects.get(pk=link.pk).url == "https://example.org/jan"
