"""Behind nginx: the visitor's address and scheme come from the proxy's
headers, and only when the request came from the proxy."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from core.security import ProxyHeadersMiddleware

SEEN = {}


def view(request):
    SEEN.update(address=request.META["REMOTE_ADDR"], secure=request.is_secure())
    SEEN.update(forwarded=request.META.get("HTTP_X_FORWARDED_FOR"))
    return HttpResponse()


def through(remote_addr, **headers):
    SEEN.clear()
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)
    ProxyHeadersMiddleware(view)(request)
    return SEEN


PROXY_SAYS = {"HTTP_X_REAL_IP": "203.0.113.7", "HTTP_X_FORWARDED_PROTO": "https"}


@override_settings(
    TRUSTED_PROXIES=["127.0.0.1"],
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_the_proxys_headers_are_believed_from_the_proxy_only():
    assert through("127.0.0.1", **PROXY_SAYS) == {
        "address": "203.0.113.7",
        "secure": True,
        "forwarded": None,
    }
    # The same headers straight from a visitor change nothing.
    assert through("198.51.100.9", HTTP_X_FORWARDED_FOR="1.2.3.4", **PROXY_SAYS) == {
        "address": "198.51.100.9",
        "secure": False,
        "forwarded": None,
    }


@pytest.mark.parametrize("value", ["", "not-an-address", "1.2.3.4, 5.6.7.8", "x" * 500])
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_garbled_address_from_the_proxy_keeps_the_proxys(value):
    assert through("127.0.0.1", HTTP_X_REAL_IP=value)["address"] == "127.0.0.1"


def test_without_trusted_proxies_nothing_is_believed():
    # The default: no proxy is trusted.
    assert through("127.0.0.1", **PROXY_SAYS)["address"] == "127.0.0.1"
