"""Lighthouse's mobile performance audit on the home page, a content page and
a finder answer, served as in production (gunicorn, WhiteNoise).

    python scripts/lighthouse.py       # `make lighthouse`

Prints the score and the metrics per page and writes them to
bench-results/lighthouse.json. Lighthouse (pinned in
scripts/lighthouse/package-lock.json) drives Debian's Chromium; its scores
depend on how busy the machine is, so read them from a quiet machine.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from scripts.production_server import ROOT, ProductionServer  # noqa: E402

LIGHTHOUSE = ROOT / "scripts" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
METRICS = [
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
]


def pages(url):
    with urllib.request.urlopen(f"{url}/nl/", timeout=10) as response:
        home = response.read().decode()
    finder = re.search(r'<form class="finder"[^>]*action="([^"#]+)', home).group(1)
    with urllib.request.urlopen(f"{url}/sitemap.xml", timeout=10) as response:
        sitemap = response.read().decode()
    # A page of the tree: not the home page, not the institutes' app.
    content = next(
        path
        for path in re.findall(r"<loc>https?://[^/]+(/nl/[^<]+/)</loc>", sitemap)
        if not path.startswith(finder.rsplit("/", 2)[0] + "/")
    )
    return {
        "home": "/nl/",
        "content page": content,
        "finder answer": f"{finder}?q=9040",
    }


def audit(url, attempts=3):
    """Lighthouse's result for a page. Chromium now and then fails to record
    the page load's trace (NO_NAVSTART and the like); the audit is then
    simply run again."""
    for attempt in range(1, attempts + 1):
        try:
            return audit_once(url)
        except (subprocess.CalledProcessError, RuntimeError) as error:
            if attempt == attempts:
                raise
            print(f"{url}: Lighthouse failed ({error}); again", file=sys.stderr)


def audit_once(url):
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance"]
            + [f"--chrome-flags={CHROME_FLAGS}", "--output=json"]
            + [f"--output-path={report}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            timeout=180,
        )
        result = json.loads(report.read_text())
    if result.get("runtimeError"):
        raise RuntimeError(f"{url}: {result['runtimeError']['message']}")
    audits = result["audits"]
    return {
        "score": round(result["categories"]["performance"]["score"] * 100),
        **{name: audits[name]["displayValue"] for name in METRICS},
    }


def main():
    results = {}
    with ProductionServer(workers=2) as server:
        for name, path in pages(server.url).items():
            results[name] = {"path": path, **audit(server.url + path)}
            print(name, json.dumps(results[name], ensure_ascii=False))
    out = ROOT / "bench-results" / "lighthouse.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    below = [name for name, result in results.items() if result["score"] < 100]
    if below:
        print(f"Below 100: {', '.join(below)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
