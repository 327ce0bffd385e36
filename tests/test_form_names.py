"""Every form on a public page has an accessible name of its own, so that a
screen reader's list of forms and landmarks tells them apart; every page a
search engine may show has a description."""

import pytest

from tests.markup import attrs, find, text
from tests.site import (
    KINDS_OF_PAGE,
    LANGUAGES,
    finder_url,
    institutes_url,
    path_of_kind,
)

pytestmark = pytest.mark.django_db


def form_names(html):
    root_elements = {
        attrs(element).get("id"): element
        for tag in ("h1", "h2", "span", "p", "legend")
        for element in find(html, tag)
        if attrs(element).get("id")
    }
    names = []
    for form in find(html, "form"):
        present = attrs(form)
        if present.get("aria-label"):
            names.append(present["aria-label"].strip())
            continue
        ids = (present.get("aria-labelledby") or "").split()
        names.append(
            " ".join(text(root_elements[i]) for i in ids if i in root_elements).strip()
        )
    return names


@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_form_has_a_name_of_its_own(client, content, language, kind):
    response = client.get(path_of_kind(kind, language))
    names = form_names(response.content.decode())
    assert names, "every page has at least the font-size switch"
    assert all(names), f"a form without an accessible name: {names}"
    assert len(set(names)) == len(names), f"forms share a name: {names}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_finder_and_its_answers_have_a_description(client, content, language):
    descriptions = []
    for path in (
        institutes_url("finder", language),
        finder_url(language, "9040"),
        institutes_url("list", language),
        institutes_url("open_data", language),
    ):
        html = client.get(path).content.decode()
        found = find(html, "meta", name="description")
        assert len(found) == 1, path
        descriptions.append(attrs(found[0])["content"])
    assert all(len(d) > 40 for d in descriptions), descriptions
    assert len(set(descriptions)) == len(descriptions)
    assert descriptions[1].startswith("9040")
