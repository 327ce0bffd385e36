"""The link checker: every address outside the site that our content links
to is asked for once a day (`manage.py check_links`, see README).

Each address gets a HEAD request; where that fails (many servers refuse or
mishandle HEAD) a GET, of which only the status is read. Redirects are
followed. A few requests run at once, each with a timeout, so that a run
costs at most about (addresses / workers) x 2 x timeout. Addresses in private
networks are not asked for: the checker must not become a way to probe the
servers' own network.
"""

import ipaddress
import re
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from core import links
from core.languages import field_names

from .models import ExternalLink, Page, PublishedPage

USER_AGENT = "samenleving-linkcheck/1 (+https://www.vlaanderen.be)"
MARKDOWN_URL = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")
HTML_URL = re.compile(r'href="(https?://[^"]+)"')
# Answers on which a HEAD is tried again as GET: servers that refuse HEAD
# answer these even when the page exists.
RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 500, 501, 502, 503}

PRIVATE_ADDRESS = gettext_noop("not checked: an address in a private network")


@dataclass
class Result:
    ok: bool | None
    status: int | None = None
    problem: str = ""


def used_addresses():
    """{url: [places]} for every external link in pages (drafts and published
    versions), institutes and divisions."""
    found = {}

    def add(url, kind, pk, label):
        url = url.strip()
        places = found.setdefault(url, [])
        place = {"kind": kind, "pk": pk, "label": str(label)}
        if place not in places:
            places.append(place)

    bodies = field_names("body")
    for page in Page.objects.prefetch_related("links"):
        for name in bodies:
            for match in MARKDOWN_URL.finditer(getattr(page, name) or ""):
                add(match.group(1) or match.group(2), "page", page.pk, page)
        for link in page.links.all():
            add(link.url, "page", page.pk, page)
    titles = dict(Page.objects.values_list("pk", "title"))
    for version in PublishedPage.objects.live():
        label = titles.get(version.page_id, version.page_id)
        for body in version.bodies.values():
            for url in HTML_URL.findall(body):
                add(url, "page", version.page_id, label)
        for link in version.links:
            add(link["url"], "page", version.page_id, label)
    for website, kind, pk, label in links.websites():
        add(website, kind, pk, label)
    return {url: places for url, places in found.items() if url.startswith("http")}


def _private(url):
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False  # the request itself will say the name is unknown
    return any(
        not ipaddress.ip_address(info[4][0].split("%")[0]).is_global for info in infos
    )


def _ask(url, method, timeout):
    if urlsplit(url).scheme not in {"http", "https"}:
        return Result(ok=False, problem="not an http(s) address")
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return Result(ok=True, status=response.status)
    except urllib.error.HTTPError as error:
        return Result(ok=False, status=error.code, problem=str(error.reason)[:200])
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Result(ok=False, problem=str(reason)[:200] or type(error).__name__)


def check(url, timeout=None):
    """What the address answers now."""
    timeout = timeout or settings.LINK_CHECK_TIMEOUT
    if not settings.LINK_CHECK_PRIVATE_ADDRESSES and _private(url):
        return Result(ok=None, problem=PRIVATE_ADDRESS)
    result = _ask(url, "HEAD", timeout)
    if not result.ok and (result.status is None or result.status in RETRY_WITH_GET):
        result = _ask(url, "GET", timeout)
    return result


def check_all(workers=None, timeout=None, now=None):
    """Check every address in use and store what was found; forget the ones
    no longer used. Returns (checked, broken)."""
    addresses = used_addresses()
    with transaction.atomic():
        ExternalLink.objects.exclude(url__in=list(addresses)).delete()
        known = {link.url: link for link in ExternalLink.objects.all()}
        for url, places in addresses.items():
            link = known.get(url) or ExternalLink(url=url)
            link.used_on = places
            link.save()
            known[url] = link
    workers = workers or settings.LINK_CHECK_WORKERS
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(
            zip(
                addresses, pool.map(lambda u: check(u, timeout), addresses), strict=True
            )
        )
    now = now or timezone.now()
    broken = 0
    for url, result in results.items():
        link = known[url]
        if result.ok is False:
            broken += 1
            link.broken_since = link.broken_since if link.ok is False else now
        else:
            link.broken_since = None
        link.ok, link.status, link.problem = result.ok, result.status, result.problem
        link.checked_at = now
        link.save(
            update_fields=["ok", "status", "problem", "checked_at", "broken_since"]
        )
    return len(results), broken
