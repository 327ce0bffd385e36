"""Locked-out attackers: throttled admin logins, short editor sessions,
no password reset to probe, and where to report a vulnerability."""

import logging
from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.sitefiles import SECURITY_TXT_EXPIRES
from tests.markup import one, text

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord"


@pytest.fixture
def editor(db):
    return User.objects.create_user("redacteur", password=PASSWORD, is_staff=True)


def log_in(client, username, password, address="192.0.2.10"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail(client, times, username="redacteur", address="192.0.2.10"):
    """Failed logins: the form again, and the lockout from the last allowed."""
    for _attempt in range(times):
        response = log_in(client, username, "fout", address)
        assert response.status_code in {200, 429}


def test_an_account_is_locked_from_the_address_that_failed(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT, address="203.0.113.5")
    response = log_in(client, "redacteur", PASSWORD, address="203.0.113.5")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert text(one(html, "h1")) == "Te veel pogingen"
    assert "15 minuten" in html
    # Where to get help sooner.
    assert "beheerder van de site" in text(one(html, "div", id="content-main"))
    assert AccessAttempt.objects.filter(username="redacteur").exists()


@pytest.mark.parametrize("username", ["x" * 10_000, "a" * 151, "nul\x00name"])
def test_any_user_name_gets_the_form_again_not_an_error(client, editor, username):
    response = log_in(client, username, "fout")
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_a_stranger_cannot_lock_out_an_editor_who_signs_in_from_elsewhere(
    client, editor
):
    fail(client, settings.AXES_FAILURE_LIMIT * 3, address="203.0.113.5")
    response = log_in(client, "redacteur", PASSWORD, address="198.51.100.7")
    assert response.status_code == 302


def test_failures_from_many_addresses_do_not_add_up(client, editor):
    for n in range(settings.AXES_FAILURE_LIMIT * 2):
        fail(client, 1, address=f"192.0.2.{n + 1}")
    assert (
        log_in(client, "redacteur", PASSWORD, address="192.0.2.200").status_code == 302
    )


def test_the_failure_that_reaches_the_limit_is_already_refused(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "redacteur", "fout").status_code == 429


def test_a_good_login_before_the_limit_starts_the_count_anew(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "redacteur", PASSWORD).status_code == 302
    client.logout()
    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "redacteur", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, editor):
    fail(client, settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "redacteur", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    assert log_in(client, "redacteur", PASSWORD).status_code == 302


def test_the_lockout_page_speaks_the_admins_language(client, editor):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    fail(client, settings.AXES_FAILURE_LIMIT)
    response = log_in(client, "redacteur", PASSWORD)
    assert response.status_code == 429
    assert text(one(response.content.decode(), "h1")) == "Trop de tentatives"


def test_a_lockout_is_logged_without_name_or_full_address(client, editor, caplog):
    caplog.set_level(logging.INFO)
    fail(client, settings.AXES_FAILURE_LIMIT, address="192.0.2.77")
    log_in(client, "redacteur", PASSWORD, address="192.0.2.77")
    messages = [record.getMessage() for record in caplog.records]
    assert any("Locking out" in message for message in messages)
    assert any(message == "admin login locked out" for message in messages)
    logged = "\n".join(messages)
    assert "192.0.2.77" not in logged
    assert "redacteur" not in logged
    assert "192.0.2.0/24" in logged


def test_an_editors_session_ends_after_a_working_day_without_work(client, editor):
    assert 8 * 3600 <= settings.SESSION_COOKIE_AGE <= 9 * 3600
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    # Every admin request starts the working day's time anew.
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE
    expiry = client.session.get_expiry_date()
    assert expiry <= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # Public pages leave the session alone.
    assert "sessionid" not in client.get("/healthz").cookies


def test_an_expired_session_must_sign_in_again(client, editor):
    client.force_login(editor)
    from django.contrib.sessions.models import Session

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_no_password_reset_to_probe_for_accounts(client):
    with pytest.raises(NoReverseMatch):
        reverse("admin_password_reset")
    login = client.get("/admin/login/").content.decode()
    assert "password_reset" not in login
    assert client.get("/admin/password_reset/").status_code in {302, 404}


def security_fields(client, **headers):
    response = client.get("/.well-known/security.txt", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return dict(line.split(": ", 1) for line in response.content.decode().splitlines())


def test_security_txt(client, settings):
    settings.SITE_URL = "https://samenlevingsopbouw.example.be"
    fields = security_fields(client)
    # The verified route: no e-mail address of the publisher is verified.
    assert fields["Contact"] == "tel:1700;phone-context=+32"
    assert fields["Preferred-Languages"].startswith("nl")
    assert fields["Canonical"] == (
        "https://samenlevingsopbouw.example.be/.well-known/security.txt"
    )
    # Neither the Host header nor the day of the request changes the file.
    assert security_fields(client, host="127.0.0.1") == fields
    assert client.head("/.well-known/security.txt").status_code == 200


def test_security_txt_expires_on_a_fixed_date_well_ahead(client):
    expires = datetime.fromisoformat(
        security_fields(client)["Expires"].replace("Z", "+00:00")
    )
    assert expires == SECURITY_TXT_EXPIRES
    # Fails three months before the date: time to review the contact and
    # move the date on (RFC 9116: less than a year ahead).
    assert timezone.now() + timedelta(days=90) < expires
    assert expires < timezone.now() + timedelta(days=366)


@pytest.mark.parametrize("model", ["division", "region", "theme", "institute"])
def test_an_editor_adding_items_gives_each_its_own_key(editor_client, model):
    # Found by the admin fuzz: with the key read-only on adding, every new
    # item got the same empty key, and the second add failed with a 500.
    form = editor_client.get(f"/admin/institutes/{model}/add/").content.decode()
    assert 'name="key"' in form
    response = editor_client.post(f"/admin/institutes/{model}/add/", {"key": ""})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_behind_the_proxy_the_visitors_address_is_counted(editor, settings):
    from django.test import Client

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client()  # set up after the setting, as a server would be

    def through_proxy(username, password, visitor):
        return client.post(
            "/admin/login/",
            {"username": username, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP=visitor,
        )

    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        through_proxy("redacteur", "fout", "203.0.113.5")
    assert through_proxy("redacteur", PASSWORD, "203.0.113.5").status_code == 429
    # Not the proxy's address that is locked: another visitor gets in.
    assert through_proxy("redacteur", PASSWORD, "198.51.100.1").status_code == 302
