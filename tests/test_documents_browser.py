"""Uploading a PDF and an image in the admin, in a real browser, and their
link and image on the public page under the site's strict policy."""

import io

import pytest
from PIL import Image

from pages.documents.models import Document
from pages.publishing import publish
from tests.test_documents import PDF

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def add_file(admin, title, key, name, data, alt=None):
    admin.open("/admin/pages/document/add/")
    admin.page.get_by_label("Bestand:").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )
    admin.field("Titel", "nl").fill(title)
    admin.page.get_by_label("Vaste naam:").fill(key)
    if alt:
        admin.field("Tekstalternatief", "nl").fill(alt)
    admin.save()
    assert "Toegevoegd:" in admin.page.locator(".messagelist").inner_text()


def test_upload_in_the_admin_and_see_it_on_the_public_page(open_admin, make_page):
    admin = open_admin()
    # Too large: said at once, and nothing is sent.
    admin.open("/admin/pages/document/add/")
    field = admin.page.get_by_label("Bestand:")
    field.set_input_files(
        files=[
            {
                "name": "groot.pdf",
                "mimeType": "application/pdf",
                "buffer": PDF * 160_000,
            }
        ]
    )
    alert = admin.page.get_by_role("alert")
    assert "groter dan 10,0 MB" in alert.inner_text()
    assert field.evaluate("input => input.files.length") == 0
    image = io.BytesIO()
    Image.new("RGB", (1200, 600), (20, 120, 60)).save(image, "PNG")
    add_file(admin, "Jaarverslag", "jaarverslag", "verslag.pdf", PDF)
    add_file(
        admin,
        "Kaart",
        "kaart",
        "kaart.png",
        image.getvalue(),
        alt="Kaart van de regio's",
    )
    assert Document.objects.count() == 2
    page = make_page(
        "Met bestanden",
        body_nl="[Het jaarverslag](document:jaarverslag)\n\n![](afbeelding:kaart)",
    )
    publish(page)
    admin.open("/nl/met-bestanden/")
    link = admin.page.get_by_role("link", name="Het jaarverslag (PDF, 1 kB)")
    assert link.is_visible()
    placed = admin.page.get_by_role("img", name="Kaart van de regio's")
    placed.scroll_into_view_if_needed()  # it loads lazily
    admin.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=placed.element_handle()
    )
    assert admin.problems == []
