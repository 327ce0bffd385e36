"""Admin login throttling (django-axes) and the editors' session."""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator
from django.shortcuts import render

logger = logging.getLogger("samenleving.security")


def client_address(request):
    """The address axes counts failures for: REMOTE_ADDR, which
    ProxyHeadersMiddleware sets to the visitor's when the request came
    through a trusted proxy (DJANGO_TRUSTED_PROXIES)."""
    return request.META.get("REMOTE_ADDR") or ""


def masked_address(address):
    """An address no longer personal: IPv4 to its /24, IPv6 to its /48."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def account_reference(username):
    """A short, stable reference to an account name, not the name itself:
    enough to see that attempts aim at one account."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{username}".encode()).hexdigest()
    return digest[:12]


def client_str(username, ip_address, user_agent, path_info, request):
    """How axes names a client in its log lines: no name, no full address."""
    return (
        f"{{account: {account_reference(username or '')}, "
        f"address: {masked_address(ip_address)}, path: {path_info!s:.100}}}"
    )


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, with a user name longer than any account's
    refused as a field error before anything looks it up: the lockout
    records every name it is asked for, in a column of 255 characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


def locked_out(request, response=None, credentials=None):
    """The admin's page for a locked-out login, in the admin's language."""
    logger.warning(
        "admin login locked out",
        extra={"address": masked_address(client_address(request))},
    )
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "admin/locked_out.html", context, status=429)


class AdminSessionMiddleware:
    """An editor's session ends after SESSION_COOKIE_AGE without work in the
    admin: each admin request by a signed-in user starts that time anew.
    Public pages never touch the session (docs/design.md, rule 4)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.path.startswith("/admin/")
            and user is not None
            and user.is_authenticated
        ):
            request.session.modified = True
        return response
