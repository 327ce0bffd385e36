"""What a request may send: the site takes no files, and its public forms
need a few kilobytes. A larger body gets the 413 page before it is read, as
when gunicorn is reached without the proxy in front."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.markup import attrs, one, text

pytestmark = pytest.mark.django_db


def feedback_url(language):
    with translation.override(language):
        return reverse("feedback:give")


def test_a_multipart_body_of_any_size_gets_the_413_page(content):
    upload = SimpleUploadedFile("big.bin", b"x" * (settings.PUBLIC_POST_MAX_BYTES + 1))
    response = Client(HTTP_ACCEPT_LANGUAGE="de").post(
        feedback_url("de"), {"helpful": "yes", "attachment": upload}
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert attrs(one(html, "html"))["lang"] == "de"
    assert text(one(html, "h1")) == "Zu viel auf einmal gesendet"


def test_a_large_form_body_gets_the_413_page():
    response = Client().post(
        "/lettergrootte/", {"size": "large", "next": "/" + "x" * 40_000}
    )
    assert response.status_code == 413


def test_the_admin_takes_larger_forms_but_not_without_limit(client):
    body = {"username": "x", "password": "y" * (settings.PUBLIC_POST_MAX_BYTES * 2)}
    assert client.post("/admin/login/", body).status_code == 200
    body["password"] = "y" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert client.post("/admin/login/", body).status_code == 413
