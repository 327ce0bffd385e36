"""Two app servers behind nginx, one PostgreSQL and one Redis, on loopback:
the short runs of scripts/reliability.py (`make reliability` runs the long
ones). Skipped where nginx, wrk, PostgreSQL's server or Redis is missing,
except in CI, where a skip would hide a missing install step."""

import gzip
import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts.cluster import Cluster, nginx_ports, port_is_free
from scripts.reliability import run_faults, run_load

NEEDED = ["nginx", "wrk", "redis-server"]
missing = [name for name in NEEDED if not shutil.which(name)]
if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
    missing.append("PostgreSQL's server")

pytestmark = [
    # The cluster has its own databases, whatever DATABASE_URL says: the
    # suite's run on PostgreSQL need not repeat it.
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="runs once, in the SQLite run"
    ),
]


@pytest.fixture(scope="module")
def cluster():
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing for the cluster tests: {', '.join(missing)}")
        pytest.skip(f"missing: {', '.join(missing)} (make cluster-deps)")
    app_ports, port = nginx_ports()
    if not all(port_is_free(p) for p in [*app_ports, port]):
        pytest.fail("a cluster already runs on the cluster's ports: make cluster-stop")
    with Cluster() as cluster:
        yield cluster


def test_load_through_nginx_with_an_app_server_killed(cluster, record_property):
    figures, failures = run_load(cluster, seconds=10, connections=64)
    for name, value in figures.items():
        record_property(name, value)
    print(figures)
    assert failures == []
    assert figures["requests"] > 100


def test_postgresql_and_redis_stopped_under_load(cluster, record_property):
    figures, failures = run_faults(cluster)
    record_property("faults", figures)
    print(figures)
    assert failures == []


def test_pages_leave_nginx_compressed_and_still_revalidate(cluster):
    request = urllib.request.Request(
        cluster.url + "/nl/", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]
        html = gzip.decompress(response.read()).decode()
        etag = response.headers["ETag"]
    assert '<html lang="nl"' in html
    request.add_header("If-None-Match", etag)
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=5)
    assert answer.value.code == 304
