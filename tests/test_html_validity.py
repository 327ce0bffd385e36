"""Every page is valid HTML according to the Nu Html Checker (vnu.jar)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.a11y import finder_url

pytestmark = pytest.mark.django_db

VNU = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


def public_urls(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    urls = re.findall(r"<loc>http://testserver([^<]+)</loc>", sitemap)
    return [*urls, "/nl/bestaat-niet/", "/fr/n-existe-pas/", *EXTRA_URLS]


# Pages that the sitemap does not list: forms with an answer or an error.
EXTRA_URLS = [
    finder_url(language, postcode)
    for language in ("nl", "fr", "en", "de")
    for postcode in ("9040", "12", "Gentt")
]


def test_every_page_is_valid_html(client, content, tmp_path):
    if not VNU.exists() or shutil.which("java") is None:
        pytest.skip("the Nu Html Checker needs `npm ci` and Java (make test does both)")
    files = []
    for number, url in enumerate(public_urls(client)):
        for size in ("normal", "largest"):
            client.cookies["lettergrootte"] = size
            response = client.get(url)
            assert response.status_code in (200, 404), url
            path = tmp_path / f"{number:04d}-{size}.html"
            path.write_bytes(response.content)
            files.append((path, url))
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--stdout",
            *[str(p) for p, _u in files],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    by_file = {str(path): url for path, url in files}
    problems = [
        f"{by_file.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: "
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert problems == []
    assert len(files) >= 60
