"""The editors' side: our admin customisations add no axe violation.

Checked with the same rule tags as the public site on the login page and on
the list and edit pages for pages, institutes and postcode rules. Django's
admin has a few violations of its own; each is let through narrowly (one rule,
on the elements inside one selector) with the reason beside it. The parts
that are ours (the page tree in the list, the read-only postcode coverage,
the translation tabs) are also checked on their own, in the same walk, with
nothing let through.
"""

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from institutes.models import Institute, PostcodeRule
from pages.documents.models import Document
from pages.models import Page
from search.models import SynonymGroup
from tests import axe

# Logging in commits a session; the content is restored afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Django's own markup, not ours: (rule id, selector, reason).
DJANGO_OWN = [
    (
        "page-has-heading-one",
        "html",
        "Django's login template has no <h1> (its content_title block is empty).",
    ),
    (
        "target-size",
        "#changelist-filter",
        "Django's list filter links are single text lines under 24 px tall.",
    ),
    (
        "empty-table-header",
        "thead th.original",
        "Django's tabular inline has an empty header over its 'original' column.",
    ),
    (
        "link-in-text-block",
        ".breadcrumbs",
        "Django's admin breadcrumb links are told apart from the text by colour.",
    ),
]
ALLOWED = [(rule, selector) for rule, selector, _reason in DJANGO_OWN]


@pytest.fixture
def admin(open_admin):
    """Logged in, after axe-core has checked the login page."""
    from django.utils import timezone

    from pages.models import ExternalLink

    page = Page.objects.get(key="regulation")
    place = {"kind": "page", "pk": page.pk, "label": page.title}
    now = timezone.now()
    ExternalLink.objects.create(
        url="https://example.org/weg", used_on=[place], ok=False, status=404,
        checked_at=now, broken_since=now,
    )  # fmt: skip
    ExternalLink.objects.create(
        url="https://example.org/", used_on=[place], ok=True, status=200,
        checked_at=now,
    )  # fmt: skip
    from datetime import timedelta

    from pages.publishing import publish

    publish(page, at=now + timedelta(days=1))
    image = io.BytesIO()
    Image.new("RGB", (800, 400), (20, 120, 60)).save(image, "PNG")
    editor = Client()
    editor.force_login(User.objects.create_superuser("beheerder", "b@example.org", "x"))
    editor.post(
        "/admin/pages/document/add/",
        {
            "title_nl": "Kaart",
            "key": "kaart",
            "alt_nl": "Kaart van de regio's",
            "upload": SimpleUploadedFile("kaart.png", image.getvalue()),
        },
    )
    admin = open_admin(log_in=False, axe=True)
    admin.login_problems = axe.violations(admin.page, allowed=ALLOWED)
    admin.log_in()
    return admin


def admin_urls():
    return {
        "pages list": "/admin/pages/page/",
        "page form": f"/admin/pages/page/{Page.objects.get(key='regulation').pk}/change/",
        "page form with links": (
            f"/admin/pages/page/{Page.objects.get(key='links').pk}/change/"
        ),
        "institutes list": "/admin/institutes/institute/",
        "institute form": (
            f"/admin/institutes/institute/{Institute.objects.order_by('pk')[0].pk}"
            "/change/"
        ),
        "institute delete": (
            f"/admin/institutes/institute/{Institute.objects.order_by('pk')[0].pk}"
            "/delete/"
        ),
        "page preview": (
            f"/admin/pages/page/{Page.objects.get(key='regulation').pk}/preview/nl/"
        ),
        "institute preview": (
            f"/admin/institutes/institute/{Institute.objects.order_by('pk')[0].pk}"
            "/preview/nl/"
        ),
        "institute history": (
            f"/admin/institutes/institute/{Institute.objects.order_by('pk')[0].pk}"
            "/history/"
        ),
        "place names list": "/admin/places/placename/",
        "page history": (
            f"/admin/pages/page/{Page.objects.get(key='regulation').pk}/history/"
        ),
        "feedback list": "/admin/feedback/feedback/",
        "external links list": "/admin/pages/externallink/",
        "admin index": "/admin/",
        "documents list": "/admin/pages/document/",
        "document form": "/admin/pages/document/add/",
        "image form": (
            f"/admin/pages/document/{Document.objects.get(key='kaart').pk}/change/"
        ),
        "overview": "/admin/overzicht/",
        "postcode rules list": "/admin/institutes/postcoderule/",
        "postcode rule form": (
            f"/admin/institutes/postcoderule/"
            f"{PostcodeRule.objects.order_by('pk')[0].pk}/change/"
        ),
        "synonyms list": "/admin/search/synonymgroup/",
        "synonyms form": (
            f"/admin/search/synonymgroup/{SynonymGroup.objects.order_by('pk')[0].pk}"
            "/change/"
        ),
    }


# Our own parts of the admin, checked on their pages with nothing let
# through: page -> (the parts, a selector that must match, how often).
OUR_PARTS = {
    # The page tree: indented titles in the list.
    "pages list": (["#result_list"], "#result_list td, #result_list th", 11),
    # The read-only coverage of a postcode rule, and the translation tabs.
    "postcode rule form": (
        [".field-coverage", ".translation-tabs", "[role=tabpanel]"],
        ".field-coverage",
        1,
    ),
    "page form": ([".translation-tabs", "[role=tabpanel]"], ".translation-tabs", 1),
    "institute form": (
        [".translation-tabs", "[role=tabpanel]"],
        ".translation-tabs",
        1,
    ),
}


def test_admin_pages_add_no_violation_beyond_djangos_own(admin):
    assert admin.login_problems == [], "the login page"
    urls = admin_urls()
    assert set(OUR_PARTS) <= set(urls)
    problems = []
    for name, url in urls.items():
        admin.open(url)
        problems += [
            f"{name}: {violation}"
            for violation in axe.violations(admin.page, allowed=ALLOWED)
        ]
        if name in OUR_PARTS:
            parts, present, at_least = OUR_PARTS[name]
            assert admin.page.locator(present).count() >= at_least, name
            problems += [
                f"{name}, our own parts: {violation}"
                for violation in axe.violations(
                    admin.page, context={"include": [[part] for part in parts]}
                )
            ]
    assert problems == []
