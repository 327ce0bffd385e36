"""“Was this page helpful?” in a real browser, with and without JavaScript."""

import pytest
from playwright.sync_api import expect

from feedback.models import Feedback
from pages.tree import PageTree
from tests.axe import violations as axe_check

pytestmark = pytest.mark.browser


def regulation_url():
    return PageTree.load().by_key["regulation"].url("nl")


def test_without_javascript_a_no_with_a_comment_is_sent(new_page):
    page = new_page(javascript=False)
    page.goto(regulation_url())
    form = page.get_by_role("form", name="Was deze pagina nuttig?")
    form.get_by_label("Zo niet: wat zocht u? (niet verplicht)").fill(
        "Een telefoonnummer"
    )
    form.get_by_role("button", name="Nee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt")
    answer = Feedback.objects.get()
    assert (answer.helpful, answer.comment) == (False, "Een telefoonnummer")


def test_with_javascript_no_opens_the_comment_and_then_sends(new_page):
    page = new_page()
    page.goto(regulation_url())
    form = page.get_by_role("form", name="Was deze pagina nuttig?")
    comment = form.get_by_label("Zo niet: wat zocht u? (niet verplicht)")
    expect(comment).to_be_hidden()
    form.get_by_role("button", name="Nee").click()
    expect(comment).to_be_focused()
    assert axe_check(page, "form.feedback") == []
    page.keyboard.type("Het adres")
    form.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt")
    assert axe_check(page) == []
    assert Feedback.objects.get().comment == "Het adres"


def test_a_comment_that_is_too_long_comes_back_with_the_summary_focused(new_page):
    page = new_page(javascript=True)
    page.goto(regulation_url())
    form = page.get_by_role("form", name="Was deze pagina nuttig?")
    form.get_by_role("button", name="Nee").click()
    comment = form.get_by_label("Zo niet: wat zocht u? (niet verplicht)")
    # The field stops typing at 500 characters; a script can still send more.
    comment.evaluate("field => field.removeAttribute('maxlength')")
    comment.fill("x" * 600)
    form.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Zo niet: wat zocht u? (niet verplicht)")).to_have_value(
        "x" * 600
    )
    assert axe_check(page) == []
    assert not Feedback.objects.exists()


def test_a_wrong_answer_is_reported_with_the_keyboard_from_the_finder(new_page):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("nl"):
        finder = reverse("institutes:finder")
    page = new_page()
    page.goto(f"{finder}?q=Hasselt")
    summary = page.locator("details.report > summary")
    expect(summary).to_have_text("Klopt dit niet?")
    field = page.get_by_label("Wat klopt er niet? (niet verplicht)")
    expect(field).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(field).to_be_visible()
    assert axe_check(page, "details.report") == []
    field.fill("Het nummer werkt niet")
    page.get_by_role("button", name="Mijn melding versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt")
    report = Feedback.objects.get()
    assert (report.about, report.comment) == (
        f"{finder}?q=Hasselt",
        "Het nummer werkt niet",
    )
