"""What a visitor's phone downloads: every public page, with the stylesheets
and scripts it loads, fits in 20 KB compressed, and nothing it loads comes
from another origin."""

import gzip
import re

from tests.site import public_paths

LIMIT = 20 * 1024
# What a browser fetches on its own while it shows the page; links to other
# sites, the canonical address and the other languages it only names.
LOADED = re.compile(
    r"<(?:script|img|iframe|source|video|audio|embed|object)\b[^>]*?"
    r"\s(?:src|srcset|data)=\"([^\"]*)\""
    r"|<link\b(?=[^>]*\brel=\"(?:stylesheet|icon|preload|modulepreload|manifest)\")"
    r"[^>]*?\shref=\"([^\"]*)\""
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")


def loaded(html):
    return [a or b for a, b in LOADED.findall(html)]


def compressed(body):
    return len(gzip.compress(body, compresslevel=6))


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def is_own(address):
    return address.startswith("/") and not address.startswith("//")


def test_every_page_with_its_css_and_js_fits_in_20_kb_compressed(client, content):
    sitemap = client.get("/sitemap.xml").content.decode()
    assets, weights, foreign = {}, {}, []
    for path in public_paths(sitemap):
        html = client.get(path).content.decode()
        weight = compressed(html.encode())
        for address in loaded(html):
            if not is_own(address):
                foreign.append((path, address))
                continue
            if address not in assets:
                asset = client.get(address)
                assert asset.status_code == 200, address
                assets[address] = body_of(asset)
            if address.endswith((".css", ".js")):
                weight += compressed(assets[address])
        weights[path] = weight
    for address, body in assets.items():
        if address.endswith(".css"):
            for a, b in CSS_URL.findall(body.decode()):
                target = a or b
                if not (target.startswith("data:") or "://" not in target):
                    foreign.append((address, target))
    assert foreign == []
    assert any(address.endswith(".css") for address in assets)
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] <= LIMIT, f"{heaviest}: {weights[heaviest]} bytes"
