"""Every page is valid HTML according to the Nu Html Checker (vnu.jar)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.site import FONT_SIZES, expected_status, public_paths

pytestmark = pytest.mark.django_db

VNU = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


def checker_missing():
    """Why the checker cannot run here, or None when it can."""
    if not VNU.exists():
        return f"{VNU} is missing: run `npm ci` (make test does)"
    if shutil.which("java") is None:
        return "Java is missing: install a Java runtime for the Nu Html Checker"
    return None


def test_every_page_is_valid_html(client, tmp_path):
    missing = checker_missing()
    if missing:
        # In CI a missing checker is a broken build, not a reason to pass.
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"the Nu Html Checker cannot run in CI: {missing}")
        pytest.skip(f"the Nu Html Checker cannot run: {missing}")
    files = []
    paths = public_paths(client.get("/sitemap.xml").content.decode())
    # The smallest and the largest size: the markup differs only in the
    # pressed button and the class on <html>.
    sizes = [FONT_SIZES[0], FONT_SIZES[-1]]
    for number, url in enumerate(paths):
        for size in sizes:
            client.cookies["lettergrootte"] = size
            response = client.get(url)
            assert response.status_code == expected_status(url), url
            path = tmp_path / f"{number:04d}-{size}.html"
            path.write_bytes(response.content)
            files.append((path, url))
    result = subprocess.run(
        [
            "java",
            # One short run: the quick compiler alone, one garbage collector
            # thread, and the stack the checker's schema needs with them.
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xss2m",
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
