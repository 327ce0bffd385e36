"""Documents and images: uploaded with a title (and a text alternative for
an image), checked by content, stored in the database, linked and placed
by key, served with strict headers, and kept by backups."""

import html
import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections
from django.test import Client
from PIL import Image

from pages.documents.models import Document
from pages.models import Page
from pages.publishing import publish
from samenleving import settings as site_settings
from tests.site import LANGUAGES
from tests.test_hardening import database

from .test_publishing import CHANGE, form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
ADD = "/admin/pages/document/add/"


def png(width=1600, height=800, extra=b""):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 60)).save(out, "PNG")
    return out.getvalue() + extra


@pytest.fixture
def editor(client, db):
    user = User.objects.create_user("redacteur", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name="Redacteuren"))
    editor = Client()
    editor.force_login(user)
    return editor


def upload(editor, name, data, **fields):
    values = {"title_nl": "Bestand", "key": "bestand", **fields}
    values["upload"] = SimpleUploadedFile(name, data)
    return editor.post(ADD, values)


def refusal(response):
    assert response.status_code == 200, "refused with the form shown again"
    assert not Document.objects.exists()
    return html.unescape(response.content.decode())


def test_a_pdf_and_an_image_are_stored_with_their_facts(editor, content):
    assert (
        upload(editor, "Jaarverslag 2025.PDF", PDF, key="jaarverslag").status_code
        == 302
    )
    pdf = Document.objects.get(key="jaarverslag")
    assert (pdf.kind, pdf.content_type, pdf.filename) == (
        "pdf",
        "application/pdf",
        "jaarverslag-2025.pdf",
    )
    assert bytes(pdf.data) == PDF and pdf.size == len(PDF)

    # An image needs a text alternative, unless it is only decoration.
    text = refusal_or_none = upload(editor, "kaart.png", png(), key="kaart")
    assert refusal_or_none.status_code == 200
    assert "Beschrijf wat de afbeelding toont" in html.unescape(text.content.decode())
    response = upload(
        editor, "kaart.png", png(extra=b"<script>alert(1)</script>"),
        key="kaart", alt_nl="Kaart van de regio's",
    )  # fmt: skip
    assert response.status_code == 302
    image = Document.objects.get(key="kaart")
    assert (image.width, image.height) == (1600, 800)
    assert b"<script>" not in bytes(image.data), "written anew: nothing else kept"
    assert sorted(image.renditions.values_list("width", flat=True)) == [360, 720, 1080]
    decorative = upload(editor, "rand.png", png(300, 100), key="rand", decorative="on")
    assert decorative.status_code == 302
    assert not Document.objects.get(key="rand").renditions.exists()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Dit is geen PDF of afbeelding",
        ),
        ("logo.png", b"<svg><script>alert(1)</script></svg>", "Dit is geen PDF"),
        ("brief.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "Dit is geen PDF"),
        (
            "formulier.pdf",
            PDF.replace(b"/Type /Catalog", b"/OpenAction << /S /JavaScript /JS (x) >>"),
            "bevat scripts",
        ),
        ("kapot.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "kan niet gelezen worden"),
        ("groot.pdf", PDF + b"\x00" * 11_000_000, "hoogstens 10,0 MB"),
    ],
)
def test_hostile_or_broken_files_are_refused(editor, content, name, data, reason):
    assert reason in refusal(upload(editor, name, data, alt_nl="Iets"))


def test_a_50_mb_file_is_refused_before_it_is_read(editor, content):
    response = upload(editor, "groot.pdf", PDF + b"\x00" * 50_000_000)
    assert response.status_code == 413
    assert not Document.objects.exists()
    # The form says so as soon as such a file is chosen (upload-size.js).
    form = editor.get(ADD).content.decode()
    assert 'data-max-bytes="10000000"' in form
    assert "upload-size" in form


def publish_page_with_files(make_page):
    page = make_page(
        "Met bestanden",
        body_nl="Lees [het jaarverslag](document:jaarverslag).\n\n![](afbeelding:kaart)",
        body_fr="Lisez [le rapport](document:jaarverslag).\n\n![](afbeelding:kaart)",
        body_en="Read [the report](document:jaarverslag).\n\n![](afbeelding:kaart)",
        body_de="Lesen Sie [den Bericht](document:jaarverslag).\n\n![](afbeelding:kaart)",
        **{f"title_{code}": "Met bestanden" for code in LANGUAGES if code != "nl"},
        **{f"slug_{code}": "met-bestanden" for code in LANGUAGES if code != "nl"},
    )
    publish(page)
    return page


def test_links_and_images_on_the_public_page_in_four_languages(
    editor, content, make_page, django_assert_max_num_queries
):
    padded = PDF.replace(b"trailer", b"%" + b" " * 240_000 + b"\ntrailer")
    upload(editor, "verslag.pdf", padded, key="jaarverslag")
    upload(
        editor, "kaart.png", png(), key="kaart",
        alt_nl="Kaart van de regio's", alt_fr="Carte des régions",
    )  # fmt: skip
    publish_page_with_files(make_page)
    pdf, image = (
        Document.objects.get(key="jaarverslag"),
        Document.objects.get(key="kaart"),
    )
    expected = {
        "nl": ("het jaarverslag", "(PDF, 240 kB)", "Kaart van de regio's", ""),
        "fr": ("le rapport", "(PDF, 240 ko)", "Carte des régions", ""),
        "en": ("the report", "(PDF, 240 kB)", "Kaart van de regio's", ' lang="nl"'),
        "de": ("den Bericht", "(PDF, 240 kB)", "Kaart van de regio's", ' lang="nl"'),
    }
    visitor = Client()
    for code, (label, note, alt, lang) in expected.items():
        with django_assert_max_num_queries(12):
            response = visitor.get(f"/{code}/met-bestanden/")
        text = html.unescape(response.content.decode())
        link = f'<a href="{pdf.get_absolute_url()}">{label} <span class="file-note">{note}</span></a>'
        assert link in text, code
        tag = re.search(r"<img [^>]*class=\"placed-image\">", text).group(0)
        assert f'alt="{alt}"{lang}' in tag, code
        assert f'src="{image.rendition_url(720)}"' in tag
        assert f"{image.rendition_url(360)} 360w" in tag and 'width="1600"' in tag


def test_files_are_served_with_strict_headers(editor, content):
    upload(editor, "verslag.pdf", PDF, key="jaarverslag")
    upload(editor, "kaart.png", png(), key="kaart", alt_nl="Kaart")
    pdf, image = (
        Document.objects.get(key="jaarverslag"),
        Document.objects.get(key="kaart"),
    )
    visitor = Client()
    response = visitor.get(pdf.get_absolute_url())
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="verslag.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "immutable" in response["Cache-Control"]
    again = visitor.get(pdf.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    scaled = visitor.get(image.rendition_url(720))
    assert scaled["Content-Type"] == "image/png"
    assert "sandbox" in scaled["Content-Security-Policy"]
    assert Image.open(io.BytesIO(scaled.content)).size == (720, 360)
    # An older version's address leads to the current file.
    old = pdf.get_absolute_url().replace(pdf.version, "0" * 12)
    assert visitor.get(old)["Location"] == pdf.get_absolute_url()
    gone = visitor.get("/bestanden/onbekend-000000000000.pdf", follow=True)
    assert gone.status_code == 404


def test_unknown_files_are_refused_and_linked_files_cannot_be_deleted(
    editor, content, make_page
):
    upload(editor, "verslag.pdf", PDF, key="jaarverslag")
    page = Page.objects.get(key="regulation")
    response = editor.post(
        CHANGE.format(page.pk),
        form_data(
            page,
            body_nl="[x](document:verslag) ![](afbeelding:jaarverslag)",
            _continue="1",
        ),
    )
    text = html.unescape(response.content.decode())
    assert "De link “document:verslag” leidt nergens heen" in text
    assert "jaarverslag (Bestand)" in text
    assert "De link “afbeelding:jaarverslag” leidt nergens heen" in text
    make_page("Verwijst", body_nl="[Het verslag](document:jaarverslag)")
    document = Document.objects.get(key="jaarverslag")
    delete = editor.get(f"/admin/pages/document/{document.pk}/delete/")
    assert "De pagina “Verwijst” linkt naar “Bestand”" in html.unescape(
        delete.content.decode()
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_files_are_in_the_backup_and_come_back_with_a_restore(tmp_path):
    Document.objects.create(
        key="verslag", title_nl="Verslag", kind="pdf", filename="verslag.pdf",
        content_type="application/pdf", size=len(PDF), sha256="a" * 64, data=PDF,
    )  # fmt: skip
    sqlite = connections["default"].vendor == "sqlite"
    backup = tmp_path / ("site.sqlite3" if sqlite else "site.dump")
    call_command("backup", output=str(backup), stdout=io.StringIO())
    Document.objects.all().delete()
    if sqlite:
        fresh = tmp_path / "restored.sqlite3"
        with database(site_settings.database_config(f"sqlite:///{fresh}")):
            call_command("restore", str(backup), "--drop-old", stdout=io.StringIO())
            assert bytes(Document.objects.get(key="verslag").data) == PDF
    else:
        call_command("restore", str(backup), "--drop-old", stdout=io.StringIO())
        assert bytes(Document.objects.get(key="verslag").data) == PDF


def test_a_new_file_shows_on_pages_at_once(
    editor, content, make_page, client, settings
):
    settings.PAGE_CACHE_SECONDS = 600  # pages are cached, as in production
    upload(editor, "verslag.pdf", PDF, key="jaarverslag")
    page = make_page("Met verslag", body_nl="[Het verslag](document:jaarverslag)")
    publish(page)
    first = Document.objects.get(key="jaarverslag").get_absolute_url()
    assert first in client.get("/nl/met-verslag/").content.decode()
    document = Document.objects.get(key="jaarverslag")
    editor.post(
        f"/admin/pages/document/{document.pk}/change/",
        {
            "title_nl": "Bestand",
            "loaded_version": document.updated_at.isoformat(),
            "upload": SimpleUploadedFile("nieuw.pdf", PDF.replace(b"1.4", b"1.7")),
        },
    )
    now = Document.objects.get(key="jaarverslag").get_absolute_url()
    assert now != first
    assert now in client.get("/nl/met-verslag/").content.decode()
