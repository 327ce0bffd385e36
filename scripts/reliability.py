"""Load and faults on the cluster (scripts/cluster.py): bounded runs that
print their figures and exit non-zero on any failure.

    python scripts/reliability.py load [--seconds 60] [--connections 64]
    python scripts/reliability.py faults
    python scripts/reliability.py all          # `make reliability`

load:   wrk through nginx on a mix of pages in four languages, finder answers,
        open data and font-size switches; one app server is killed halfway.
        Fails on any response >= 500, any other non-2xx/3xx response, or any
        failed connection.
faults: under load, PostgreSQL is stopped: cached pages keep being served,
        uncached ones answer a 503 page in the visitor's language within 1 s,
        and all is back within 5 s of PostgreSQL's return. Then Redis is
        stopped: pages are served uncached without errors, and the cache is
        used again once Redis is back.
"""

import argparse
import concurrent.futures
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.cluster import Cluster  # noqa: E402

# wrk: each request the next of the mix; counts answers >= 500 per thread.
WRK_SCRIPT = """
local requests = %(requests)s
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  server_errors = 0
  counter = math.random(#requests)
end

function request()
  counter = counter %% #requests + 1
  local r = requests[counter]
  return wrk.format(r[1], r[2], r[3], r[4])
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("server_errors")
  end
  io.write(string.format("responses >= 500: %%d\\n", total))
  io.write(string.format("p50 %%d us\\n", latency:percentile(50)))
  io.write(string.format("p99 %%d us\\n", latency:percentile(99)))
end
"""


def fetch(url, data=None, headers=None, timeout=5):
    """(status, body, seconds) of one request; status 0 when none came."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(), elapsed(started)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), elapsed(started)
    except OSError:
        return 0, "", elapsed(started)


def elapsed(started):
    return time.monotonic() - started


def site_paths(url):
    """Every page in the sitemap (four languages)."""
    _status, xml, _seconds = fetch(f"{url}/sitemap.xml")
    return [
        re.sub(r"^https?://[^/]+", "", loc)
        for loc in re.findall(r"<loc>([^<]+)</loc>", xml)
    ]


# The finder answers in the load's mix: cached once asked.
FINDER_QUERIES = ("9040", "Gent", "2000", "1000", "3500", "8000", "1300")


def site_languages(url):
    """The site's languages, as its home page names them (hreflang)."""
    _status, html, _seconds = fetch(f"{url}/")
    return list(
        dict.fromkeys(re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html))
    )


def request_mix(url):
    """(method, path, headers, body) for wrk: pages, finder answers in every
    language, open data, and font-size switches (a POST and a cookie)."""
    pages = site_paths(url)
    mix = [("GET", path, {}, None) for path in pages]
    for language in site_languages(url):
        finder = finder_of(url, language)
        for query in FINDER_QUERIES:
            mix.append(("GET", f"{finder}?q={query}", {}, None))
    for size in ("larger", "largest"):
        for path in pages[:: max(1, len(pages) // 8)]:
            mix.append(("GET", path, {"Cookie": f"lettergrootte={size}"}, None))
        mix.append(
            (
                "POST",
                "/lettergrootte/",
                {"Content-Type": "application/x-www-form-urlencoded"},
                f"size={size}&next=/nl/",
            )
        )
    mix.append(("GET", "/nl/instituten/institutes.json", {}, None))
    return mix


def finder_of(url, language):
    """The finder's address in a language, from the form on the home page."""
    _status, html, _seconds = fetch(f"{url}/{language}/")
    match = re.search(r'<form class="finder"[^>]*action="([^"#]+)', html)
    if match is None:
        raise RuntimeError(f"no finder form on /{language}/")
    return match.group(1)


def lua(value):
    if value is None:
        return "nil"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{lua(k)}] = {lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(lua(v) for v in value) + "}"
    return json.dumps(value)


def wrk(url, seconds, connections, mix, scratch):
    script = Path(scratch) / "mix.lua"
    script.write_text(WRK_SCRIPT % {"requests": lua(mix)})
    return subprocess.Popen(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        + ["--latency", "-s", str(script), url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wrk_figures(output):
    def number(pattern, default=0):
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    found = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    # wrk's own breakdown, to tell a refused connection from a cut one.
    socket_errors = (
        dict(
            zip(
                ("connect", "read", "write", "timeout"),
                map(int, found.groups()),
                strict=True,
            )
        )
        if found
        else {}
    )
    return {
        "requests": int(number(r"(\d+) requests in")),
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": number(r"p50 (\d+) us") / 1000,
        "p99_ms": number(r"p99 (\d+) us") / 1000,
        "responses_5xx": int(number(r"responses >= 500: (\d+)")),
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "failed_connections": sum(socket_errors.values()),
        "socket_errors": socket_errors,
    }


def run_load(cluster, seconds, connections):
    """Load through nginx; one app server killed halfway."""
    mix = request_mix(cluster.url)
    with tempfile.TemporaryDirectory() as scratch:
        process = wrk(cluster.url, seconds, connections, mix, scratch)
        time.sleep(seconds / 2)
        killed = cluster.app_ports[0]
        cluster.kill_app(killed)
        output, _ = process.communicate(timeout=seconds + 60)
    # Back to two servers, as systemd's Restart=always would have it.
    cluster.start_app(killed)
    figures = wrk_figures(output)
    figures.update(
        seconds=seconds,
        connections=connections,
        kinds_of_request=len(mix),
        killed_app_server=killed,
    )
    failures = [
        f"{name}: {figures[name]}"
        for name in ("responses_5xx", "non_2xx_3xx", "failed_connections")
        if figures[name]
    ]
    if figures["requests"] == 0:
        failures.append("no request was answered:\n" + output)
    if failures:
        failures.append("nginx said:\n" + cluster.nginx_errors())
    return figures, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", choices=["load", "faults", "all"])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    results, failures = {}, []
    with Cluster() as cluster:
        if args.run in ("load", "all"):
            figures, found = run_load(cluster, args.seconds, args.connections)
            results["load"] = figures
            failures += [f"load: {failure}" for failure in found]
        if args.run in ("faults", "all"):
            figures, found = run_faults(cluster)
            results["faults"] = figures
            failures += [f"faults: {failure}" for failure in found]
    print(json.dumps(results, indent=2))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


def probe(url, path, language=None):
    status, body, seconds = fetch(url + path, timeout=5)
    lang = re.search(r'<html[^>]* lang="([^"]+)"', body)
    return {
        "status": status,
        "path": path,
        "seconds": seconds,
        "language_ok": language is None or (lang and lang.group(1) == language),
    }


class Uncached:
    """Finder answers never asked before: each one misses the cache."""

    def __init__(self, url):
        self.languages = site_languages(url)
        self.finders = {
            language: finder_of(url, language) for language in self.languages
        }
        self.number = 1000

    def next(self):
        self.number += 1
        # A postcode the load asks for is cached: skip it.
        while str(self.number) in FINDER_QUERIES:
            self.number += 1
        language = self.languages[self.number % len(self.languages)]
        return language, f"{self.finders[language]}?q={self.number}"


def is_cached(cluster, path):
    """Whether an app server answers a second request for `path` from the
    shared cache (asked directly: nginx keeps its own copy for a second)."""
    url = f"http://127.0.0.1:{cluster.app_ports[0]}{path}"
    # As nginx asks: the visitor came over HTTPS.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    for _ in range(2):
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                cache = response.headers.get("X-Cache")
        except OSError:
            return False
    return cache == "hit"


def run_faults(cluster, seconds_down=3):
    """PostgreSQL, then Redis, stopped and started again under load."""
    url = cluster.url
    failures, figures = [], {}
    cached = [path for path in site_paths(url) if path.count("/") <= 3][:12]
    for path in cached:
        fetch(url + path)
    uncached = Uncached(url)
    # Every worker has served an uncached page before, as on a site in use
    # (the server killed in the load run came back serving cached ones only).
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: fetch(url + uncached.next()[1]), range(32)))
    mix = [("GET", path, {}, None) for path in cached]
    with tempfile.TemporaryDirectory() as scratch:
        load = wrk(url, 4 * seconds_down + 14, 4, mix, scratch)
        time.sleep(1)

        # PostgreSQL stops as in a crash.
        cluster.postgres("stop")
        served, refused = [], []
        deadline = time.monotonic() + seconds_down
        while time.monotonic() < deadline:
            served.append(probe(url, cached[len(served) % len(cached)]))
            language, path = uncached.next()
            refused.append(probe(url, path, language))
        cluster.postgres("start")
        back = time.monotonic()
        while time.monotonic() - back < 10:
            language, path = uncached.next()
            if probe(url, path, language)["status"] == 200:
                break
            time.sleep(0.1)
        recovery = time.monotonic() - back
        figures["postgres_stopped"] = {
            "cached_pages": len(served),
            "cached_pages_200": sum(p["status"] == 200 for p in served),
            "uncached_pages": len(refused),
            "uncached_503": sum(p["status"] == 503 for p in refused),
            "uncached_other": [
                (p["status"], p["path"]) for p in refused if p["status"] != 503
            ],
            "uncached_in_their_language": sum(bool(p["language_ok"]) for p in refused),
            "slowest_503_seconds": round(max(p["seconds"] for p in refused), 3),
            "back_after_seconds": round(recovery, 2),
        }
        figure = figures["postgres_stopped"]
        if figure["cached_pages_200"] != figure["cached_pages"]:
            failures.append(f"cached pages not served without PostgreSQL: {figure}")
        if figure["uncached_503"] != figure["uncached_pages"]:
            failures.append(f"uncached pages did not all answer 503: {figure}")
        if figure["uncached_in_their_language"] != figure["uncached_pages"]:
            failures.append(f"a 503 page not in the visitor's language: {figure}")
        if figure["slowest_503_seconds"] > 1:
            failures.append(f"a 503 took more than 1 s: {figure}")
        if recovery > 5:
            failures.append(f"not back within 5 s of PostgreSQL: {figure}")

        # Redis stops: pages are served uncached, then cached again.
        cluster.stop_redis()
        during = []
        deadline = time.monotonic() + seconds_down
        while time.monotonic() < deadline:
            during.append(probe(url, cached[len(during) % len(cached)]))
            language, path = uncached.next()
            during.append(probe(url, path, language))
        cluster.start_redis()
        back = time.monotonic()
        while time.monotonic() - back < 10 and not is_cached(cluster, cached[0]):
            time.sleep(0.2)
        figures["redis_stopped"] = {
            "pages": len(during),
            "pages_200": sum(p["status"] == 200 for p in during),
            "slowest_seconds": round(max(p["seconds"] for p in during), 3),
            "cache_used_again_after_seconds": round(time.monotonic() - back, 2),
        }
        figure = figures["redis_stopped"]
        if figure["pages_200"] != figure["pages"]:
            failures.append(f"pages failed without Redis: {figure}")
        if not is_cached(cluster, cached[0]):
            failures.append(f"the cache is not used again after Redis: {figure}")
        output, _ = load.communicate(timeout=120)
    figures["load_meanwhile"] = wrk_figures(output)
    for name in ("responses_5xx", "non_2xx_3xx", "failed_connections"):
        if figures["load_meanwhile"][name]:
            failures.append(f"load on cached pages: {name} {figures['load_meanwhile']}")
    return figures, failures


if __name__ == "__main__":
    sys.exit(main())
