"""“Was this page helpful?”: answers reach the editors, nothing about the
visitor is kept, and floods and bots are turned away."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection

from core.spreadsheets import spreadsheet_safe
from feedback import ratelimit
from feedback.models import Feedback
from pages.tree import PageTree

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


def page(key):
    return PageTree.load().by_key[key]


def post(client, data, address=ADDRESS, language="nl"):
    return client.post(
        {"nl": "/nl/reactie/", "fr": "/fr/avis/"}[language],
        data,
        REMOTE_ADDR=address,
    )


def test_every_content_page_asks_and_says_nothing_personal_is_kept(client, content):
    regulation = page("regulation")
    html = client.get(regulation.url("nl")).content.decode()
    assert 'aria-labelledby="feedback-title"' in html
    assert "Was deze pagina nuttig?" in html
    assert f'name="page" value="{regulation.pk}"' in html
    assert "We vragen en bewaren geen persoonsgegevens" in html
    # Nothing personal in the page, so that it can be cached whole.
    assert "csrfmiddlewaretoken" not in html


def test_a_vote_and_a_comment_arrive_in_the_admin(client, content):
    regulation = page("regulation")
    response = post(client, {"page": regulation.pk, "helpful": "yes"})
    assert response.status_code == 303
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Uw antwoord is bewaard" in thanks.content.decode()
    assert regulation.url("nl") in thanks.content.decode()
    post(
        client,
        {"page": regulation.pk, "helpful": "no", "comment": "Geen adres gevonden."},
        language="fr",
    )
    answers = list(Feedback.objects.order_by("pk"))
    assert [(a.helpful, a.language, a.comment) for a in answers] == [
        (True, "nl", ""),
        (False, "fr", "Geen adres gevonden."),
    ]

    editor = User.objects.create_user("redacteur", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Redacteuren"))
    client.force_login(editor)
    listing = client.get("/admin/feedback/feedback/").content.decode()
    assert "Geen adres gevonden." in listing
    assert "Antwoorden per pagina" in listing
    assert "<td>1 / 1</td>" in listing  # this week: one yes, one no
    export = client.post(
        "/admin/feedback/feedback/",
        {"action": "export_csv", "_selected_action": [a.pk for a in answers]},
    )
    assert export["Content-Type"].startswith("text/csv")
    assert "Geen adres gevonden." in export.content.decode()
    # Editors read answers; they cannot make or change them.
    assert (
        client.get(f"/admin/feedback/feedback/{answers[0].pk}/change/").status_code
        == 200
    )
    assert client.get("/admin/feedback/feedback/add/").status_code == 403


def test_no_address_is_stored_anywhere(client, content):
    regulation = page("regulation")
    post(client, {"page": regulation.pk, "helpful": "no", "comment": "Te lang"})
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our own table names
            for row in cursor.fetchall():
                assert not any(ADDRESS in str(value) for value in row), table


def test_fifty_posts_from_one_address_are_refused_after_the_limit(client, content):
    regulation = page("regulation")
    statuses = [
        post(client, {"page": regulation.pk, "helpful": "yes"}).status_code
        for _ in range(50)
    ]
    assert statuses == [303] * ratelimit.LIMIT + [429] * (50 - ratelimit.LIMIT)
    assert Feedback.objects.count() == ratelimit.LIMIT
    refused = post(client, {"page": regulation.pk, "helpful": "yes"})
    assert "Te veel antwoorden tegelijk" in refused.content.decode()
    # Another address is not affected.
    other = post(
        client, {"page": regulation.pk, "helpful": "yes"}, address="198.51.100.2"
    )
    assert other.status_code == 303


def test_the_limit_starts_again_in_the_next_window(content):
    start = ratelimit._window_start(ratelimit.timezone.now())
    for _ in range(ratelimit.LIMIT):
        assert ratelimit.allow(ADDRESS, now=start)
    assert not ratelimit.allow(ADDRESS, now=start)
    assert ratelimit.allow(ADDRESS, now=start + ratelimit.WINDOW)


def test_a_bot_that_fills_the_hidden_field_is_thanked_and_ignored(client, content):
    regulation = page("regulation")
    response = post(
        client, {"page": regulation.pk, "helpful": "yes", "website": "http://spam"}
    )
    assert response.status_code == 303
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"page": ""},
        {"helpful": ""},
        {"page": "abc", "helpful": "yes"},
        {"page": "999999", "helpful": "yes"},
        {"page": "-1", "helpful": "yes"},
        {"helpful": "maybe"},
        {"comment": "x\x00y"},
    ],
)
def test_bad_input_gets_a_clear_answer_and_nothing_is_stored(client, content, data):
    data = {"page": page("regulation").pk, "helpful": "no", **data}
    response = post(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Uw antwoord is niet verstuurd" in html
    # The summary names the problem.
    start = html.index("data-error-summary")
    summary = html[start : html.index("</ul>", start)]
    assert "<li>" in summary
    assert not Feedback.objects.exists()


def test_a_too_long_comment_comes_back_with_the_text_kept(client, content):
    comment = "woord " * 200
    response = post(
        client, {"page": page("regulation").pk, "helpful": "no", "comment": comment}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "korter dan 500 tekens" in html
    assert comment.strip() in html
    assert 'aria-invalid="true"' in html


def test_thanks_for_an_unknown_page_is_not_found(client, content):
    assert client.get("/nl/reactie/bedankt/?page=abc").status_code == 404
    assert client.get("/nl/reactie/bedankt/?page=999999").status_code == 404
    assert client.get("/nl/reactie/").status_code == 405


def test_cells_that_a_spreadsheet_would_run_are_neutralised():
    for text in ["=HYPERLINK(1)", "+SUM(1+1)", "-2+3", "@SUM(1)", "\tx", "\rx"]:
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("Geen adres") == "Geen adres"


# "Klopt dit niet?" on the finder and the institute pages ---------------------


REPORT = "/nl/reactie/klopt-niet/"


def reportable_pages():
    from django.urls import reverse
    from django.utils import translation

    from institutes.models import Institute

    with translation.override("nl"):
        finder = reverse("institutes:finder")
        return {
            "finder": (f"{finder}?q=9000", f"{finder}?q=9000"),
            "list": (reverse("institutes:list"), reverse("institutes:list")),
            "detail": (
                Institute.objects.get(key="gent").get_absolute_url("nl"),
                Institute.objects.get(key="gent").get_absolute_url("nl"),
            ),
        }


@pytest.mark.parametrize("kind", ["finder", "list", "detail"])
def test_a_wrong_answer_can_be_reported_where_it_appears(client, content, kind):
    address, about = reportable_pages()[kind]
    response = client.get(address)
    html = response.content.decode()
    assert "Klopt dit niet?" in html
    assert f'action="{REPORT}"' in html
    assert f'name="about" value="{about}"' in html
    assert "We vragen en bewaren geen persoonsgegevens" in html
    # Nothing personal in the page, so that it can be cached whole.
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies

    sent = client.post(
        REPORT,
        {"about": about, "comment": "Het telefoonnummer werkt niet."},
        REMOTE_ADDR=ADDRESS,
    )
    assert sent.status_code == 303
    thanks = client.get(sent["Location"]).content.decode()
    assert "Uw antwoord is bewaard" in thanks
    assert f'href="{about}"' in thanks
    report = Feedback.objects.get()
    assert (report.page, report.about, report.helpful, report.comment) == (
        None,
        about,
        False,
        "Het telefoonnummer werkt niet.",
    )


@pytest.mark.parametrize(
    "about",
    [
        "",
        "https://example.org/nl/instituten/",
        "//example.org/nl/instituten/",
        "/nl/",
        "/admin/",
        "/nl/bestaat-niet/",
        "/\\example.org",
    ],
)
def test_a_report_about_another_address_is_refused(client, content, about):
    response = client.post(
        REPORT, {"about": about, "comment": "x"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 400
    assert "Uw melding is niet verstuurd" in response.content.decode()
    assert not Feedback.objects.exists()
    assert client.get("/nl/reactie/bedankt/", {"about": about}).status_code == 404


def test_a_bot_that_reports_is_thanked_and_ignored(client, content):
    about = reportable_pages()["list"][1]
    response = client.post(
        REPORT, {"about": about, "website": "spam"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 303
    assert not Feedback.objects.exists()
