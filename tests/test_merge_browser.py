"""Two editors in two browsers change one page and one institute: a field
only one of them changed is merged, a field both changed is shown side by
side and chosen; nothing is lost."""

import pytest
from django.contrib.auth.models import User

from institutes.models import Institute
from pages.models import Page
from tests import axe
from tests.browsing import AdminSite
from tests.test_admin_accessibility import ALLOWED

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "een-lang-wachtwoord-voor-tests"


@pytest.fixture
def two_editors(open_admin, open_page):
    els = open_admin()
    User.objects.filter(username=els.username).update(
        first_name="Els", last_name="Peeters"
    )
    User.objects.create_superuser(
        "jan", "jan@example.org", PASSWORD, first_name="Jan", last_name="Claes"
    )
    jan = AdminSite(open_page(axe=True).page, "jan", PASSWORD)
    jan.log_in()
    return els, jan


def test_two_editors_lose_nothing(two_editors):
    els, jan = two_editors
    page = Page.objects.get(key="regulation")
    url = f"/admin/pages/page/{page.pk}/change/"
    els.open(url)
    jan.open(url)

    els.field("Inleiding", "nl").fill("De inleiding van Els.")
    els.save("Concept opslaan")

    jan.language_tab("Inleiding", "Français").click()
    jan.field("Inleiding", "fr").fill("L'introduction de Jan.")
    jan.language_tab("Inleiding", "Nederlands").click()
    jan.field("Inleiding", "nl").fill("De inleiding van Jan.")
    jan.save("Concept opslaan")

    choice = jan.page.get_by_role("group", name="Inleiding (Nederlands)")
    assert "Iemand anders heeft dit item bewaard" in jan.page.inner_text("#content")
    assert "De inleiding van Els." in choice.inner_text()
    assert "De inleiding van Jan." in choice.inner_text()
    assert axe.violations(jan.page, allowed=ALLOWED) == [], "the conflict screen"
    page.refresh_from_db()
    assert page.intro_nl == "De inleiding van Els."

    choice.get_by_label("De versie van Els Peeters houden", exact=False).check()
    jan.save("Concept opslaan")
    page.refresh_from_db()
    assert page.intro_nl == "De inleiding van Els."
    assert page.intro_fr == "L'introduction de Jan."

    # An institute: different fields, merged without a question.
    gent = Institute.objects.get(key="gent")
    url = f"/admin/institutes/institute/{gent.pk}/change/"
    els.open(url)
    jan.open(url)
    els.page.get_by_label("Telefoon").fill("09 111 22 33")
    els.save("Concept opslaan")
    jan.field("Beschrijving", "nl").fill("Beschrijving van Jan.")
    jan.save("Concept opslaan")
    assert "Telefoon (Els Peeters)" in jan.page.inner_text(".messagelist")
    gent.refresh_from_db()
    assert (gent.phone, gent.description_nl) == (
        "09 111 22 33",
        "Beschrijving van Jan.",
    )
    assert els.problems == [] and jan.problems == []
