"""Load test: every kind of public page, cached and uncached, against the limit.

The application alone: the limit is a bare Django view in the same Python and
Django, with no middleware, returning the same bytes as the page
(scripts/bench_baseline): each kind of page has its own baseline, since a
larger page costs more to send. Three gunicorn servers with the same number
of workers run side by side: the baseline, the site with its page cache, and
the site with the cache off, on one database (DATABASE_URL, else a fresh
SQLite file) and, when REDIS_URL is set, one Redis.

Through nginx (unless --no-cluster): the cluster of `make cluster` (two app
servers, PostgreSQL, Redis, nginx with TLS) against nginx serving the same
bytes as static files over TLS, with the same certificate and connections.

wrk measures each target in turn, and the whole list again in every round, so
that a busy moment of the machine does not fall on one target only; each
figure is the median over the rounds. SQL queries per request are counted in
a separate process on the same database and cache, and resident memory per
worker is read from /proc after the load. Run with `make bench`.

    python scripts/bench.py [--duration 5] [--rounds 2] [--connections 16]
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.cluster import Cluster, answers, wait_for  # noqa: E402
from scripts.production_server import ROOT, ProductionServer, free_port  # noqa: E402

PAGES = {
    "home": "/nl/",
    "content page": "/nl/regelgeving/",
    "institute list": "/nl/instituten/",
    "institute detail": None,  # the first institute on the list
    "finder answer": "/nl/instituten/zoeken/?q=9040",
    "open data JSON": "/nl/instituten/institutes.json",
}

# Run in a Django shell on the servers' database and cache, for each path:
# the queries of an uncached request, and of a cached one.
COUNT_QUERIES = """
import json, sys
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from core import pagecache
paths = json.loads(sys.stdin.read())
result = {}
for path in paths:
    counts = []
    pagecache.start_new_generation()
    for seconds in (0, 600, 600):
        settings.PAGE_CACHE_SECONDS = seconds
        with CaptureQueriesContext(connection) as queries:
            Client().get(path, HTTP_HOST="127.0.0.1")
        counts.append(len(queries))
    result[path] = {"uncached": counts[0], "cached": counts[2]}
pagecache.start_new_generation()
print(json.dumps(result))
"""

BASELINE = "baseline"
BASELINE_MEANS = "bare Django returning the page's bytes"


def baseline_name(kind, path):
    suffix = ".json" if path.endswith(".json") else ".html"
    return re.sub(r"\W+", "-", kind) + suffix


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text):
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * UNITS_MS[unit]


def wrk(url, duration, connections):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": to_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99_ms": to_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def worker_rss_mb(master_pid):
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    sizes = []
    for pid in children.read_text().split():
        status = Path(f"/proc/{pid}/status").read_text()
        kilobytes = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        sizes.append(round(kilobytes / 1024, 1))
    return sizes


def started(server, seconds, what):
    """Wait until `server` serves its first page; stop it if it never does."""
    try:
        wait_for(
            lambda: answers(f"{server.url}/{next(iter(server.bodies))}"), seconds, what
        )
    except RuntimeError:
        server.__exit__()
        raise


class Baseline:
    """gunicorn serving scripts/bench_baseline.py."""

    def __init__(self, bodies, workers):
        """`bodies`: {file name: bytes}, served at /<file name>."""
        self.workers = workers
        self.bodies = bodies
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.scratch = tempfile.mkdtemp(prefix="samenleving-baseline-")
        for name, body in self.bodies.items():
            (Path(self.scratch) / name).write_bytes(body)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "scripts.bench_baseline:application",
            ],
            cwd=ROOT,
            env={"PATH": os.environ.get("PATH", ""), "BENCH_BODY_DIR": self.scratch},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started(self, 30, "the baseline")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.scratch, ignore_errors=True)


STATIC_NGINX = """worker_processes 2;
pid {scratch}/nginx.pid;
error_log {scratch}/error.log crit;
daemon off;
events {{ worker_connections 1024; }}
http {{
    # The same log as the site's nginx writes, so that both do the same work.
    log_format samenleving_private '$time_iso8601 "$request_method $uri" $status '
                                   '$body_bytes_sent $request_time $upstream_cache_status';
    access_log {scratch}/access.log samenleving_private buffer=64k flush=1s;
    client_body_temp_path {scratch}/body;
    proxy_temp_path {scratch}/proxy;
    fastcgi_temp_path {scratch}/fastcgi;
    uwsgi_temp_path {scratch}/uwsgi;
    scgi_temp_path {scratch}/scgi;
    types {{ text/html html; application/json json; }}
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {tls}/fullchain.pem;
        ssl_certificate_key {tls}/privkey.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        keepalive_requests 10000;
        root {scratch}/pages;
    }}
}}
"""


class StaticNginx:
    """nginx serving each page's bytes as a file, over TLS: the limit for
    pages served through the cluster's nginx."""

    def __init__(self, bodies, tls):
        self.bodies = bodies
        self.tls = tls
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"

    def __enter__(self):
        self.scratch = Path(tempfile.mkdtemp(prefix="samenleving-static-"))
        os.chmod(self.scratch, 0o755)  # noqa: S103 - nginx's workers read the pages
        (self.scratch / "pages").mkdir()
        for name, body in self.bodies.items():
            (self.scratch / "pages" / name).write_bytes(body)
        config = self.scratch / "nginx.conf"
        config.write_text(
            STATIC_NGINX.format(scratch=self.scratch, port=self.port, tls=self.tls)
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(
            [nginx, "-c", str(config), "-p", str(self.scratch)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started(self, 10, "nginx for the static pages")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.scratch, ignore_errors=True)


def detail_path(listing):
    """The first institute on the list."""
    return re.search(
        r'href="(/nl/instituten/(?!zoeken|open-data)[-a-z0-9]+/)"', listing
    ).group(1)


def measure(targets, rounds, duration, connections):
    """{name: [wrk figures per round]}, every target once per round."""
    for url in targets.values():
        fetch(url)  # warm: the caches are filled, workers imported
    runs = {name: [] for name in targets}
    for _round in range(rounds):
        for name, url in targets.items():
            runs[name].append(wrk(url, duration, connections))
    return runs


def summary(results):
    return {
        "rps": round(statistics.median(r["rps"] for r in results), 1),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 2),
        "p99_ms": round(statistics.median(r["p99_ms"] for r in results), 2),
        "non_2xx": sum(r["non_2xx"] for r in results),
        "rounds": results,
    }


def through_nginx(args):
    """Cached pages through the cluster's nginx against nginx's static files."""
    with Cluster() as cluster:
        paths = dict(PAGES)
        paths["institute detail"] = detail_path(
            fetch(cluster.url + PAGES["institute list"]).decode()
        )
        bodies = {
            baseline_name(kind, path): fetch(cluster.url + path)
            for kind, path in paths.items()
        }
        with StaticNginx(bodies, cluster.certificate.parent) as static:
            targets = {}
            for kind, path in paths.items():
                targets[f"{kind}, nginx static"] = (
                    f"{static.url}/{baseline_name(kind, path)}"
                )
                targets[f"{kind}, through nginx"] = cluster.url + path
            runs = measure(targets, args.rounds, args.duration, args.connections)
    rows = {}
    for kind in paths:
        static_row = summary(runs[f"{kind}, nginx static"])
        row = summary(runs[f"{kind}, through nginx"])
        row["ratio"] = round(row["rps"] / static_row["rps"], 3)
        rows[f"{kind}, nginx static"] = static_row
        rows[f"{kind}, through nginx"] = row
    print(
        f"\nThrough nginx with TLS (make cluster: 2 app servers of 2 workers), "
        f"{args.connections} connections; ratio: to nginx serving the same bytes"
    )
    print(f"{'page':38} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7}")
    for name, row in rows.items():
        ratio = f"{row['ratio']:6.3f}" if "ratio" in row else " " * 6
        print(
            f"{name:38} {row['rps']:8.1f} {ratio} {row['p50_ms']:7.2f} "
            f"{row['p99_ms']:7.2f}"
        )
    return rows


def count_queries(server, paths):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", COUNT_QUERIES],
        cwd=ROOT,
        env=server.environment(),
        input=json.dumps(paths),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", default="bench-results/latest.json")
    parser.add_argument(
        "--no-cluster", action="store_true", help="measure the application alone"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")

    database_url = os.environ.get("DATABASE_URL")
    shared = {"REDIS_URL": os.environ["REDIS_URL"]} if "REDIS_URL" in os.environ else {}
    cached = ProductionServer(args.workers, database_url=database_url, env=shared)
    with cached:
        if database_url is None:
            # One SQLite file for both servers: the cached one made it.
            database_url = cached.environment()["DATABASE_URL"]
        uncached = ProductionServer(
            args.workers,
            database_url=database_url,
            env={**shared, "DJANGO_PAGE_CACHE_SECONDS": "0"},
            load_content=False,
        )
        with uncached:
            listing = fetch(cached.url + PAGES["institute list"]).decode()
            PAGES["institute detail"] = detail_path(listing)
            bodies = {
                baseline_name(kind, path): fetch(uncached.url + path)
                for kind, path in PAGES.items()
            }
            with Baseline(bodies, args.workers) as baseline:
                targets = {}
                for kind, path in PAGES.items():
                    targets[f"{kind}, {BASELINE}"] = (
                        f"{baseline.url}/{baseline_name(kind, path)}"
                    )
                    targets[f"{kind}, cached"] = cached.url + path
                    targets[f"{kind}, uncached"] = uncached.url + path
                runs = measure(targets, args.rounds, args.duration, args.connections)
                memory = {
                    "baseline": worker_rss_mb(baseline.process.pid),
                    "cached": worker_rss_mb(cached.process.pid),
                    "uncached": worker_rss_mb(uncached.process.pid),
                }
            queries = count_queries(cached, list(PAGES.values()))

    rows = {}
    for name, results in runs.items():
        kind, _sep, mode = name.rpartition(", ")
        baseline_rps = statistics.median(r["rps"] for r in runs[f"{kind}, {BASELINE}"])
        row = {"url": targets[name].split("/", 3)[-1], **summary(results)}
        row["ratio"] = round(row["rps"] / baseline_rps, 3)
        if mode == BASELINE:
            row["bytes"] = len(bodies[baseline_name(kind, PAGES[kind])])
            row["queries"] = 0
            row["rss_mb_per_worker"] = memory["baseline"]
        else:
            row["queries"] = queries[PAGES[kind]][mode]
            row["rss_mb_per_worker"] = memory[mode]
        rows[name] = row

    print(
        f"{args.workers} gunicorn workers, {args.connections} connections, "
        f"{args.rounds} interleaved rounds of {args.duration} s; "
        f"database {database_url.split('@')[-1].split('?')[0]}, "
        f"cache {'Redis' if shared else 'database'}"
    )
    print(
        f"{'page':38} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'queries':>7} {'RSS MB/worker':>14} {'non-2xx':>7}"
    )
    print(f"  ({BASELINE}: {BASELINE_MEANS}; ratio: to the baseline of the same page)")
    for name, row in rows.items():
        rss = "/".join(f"{mb:.0f}" for mb in row["rss_mb_per_worker"])
        queries = str(row["queries"])
        print(
            f"{name:38} {row['rps']:8.1f} {row['ratio']:6.3f} {row['p50_ms']:7.2f} "
            f"{row['p99_ms']:7.2f} {queries:>7} {rss:>14} {row['non_2xx']:7d}"
        )
    nginx_rows = {} if args.no_cluster else through_nginx(args)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(
            {
                "workers": args.workers,
                "connections": args.connections,
                "rounds": args.rounds,
                "duration_s": args.duration,
                "cache": "redis" if shared else "database",
                "results": rows,
                "through_nginx": nginx_rows,
            },
            indent=2,
        )
    )
    print(f"written to {output}")


if __name__ == "__main__":
    main()
