"""Two saves of one page, region or theme at the same moment: one wins, the
other editor sees the conflict form; never a lost change, never a 500.

Runs the site under gunicorn on a SQLite file and on PostgreSQL (skipped
when no server answers at 127.0.0.1:5432).
"""

import os

import pytest

from scripts.concurrent_edits import run, scratch_postgres

POSTGRES = "postgres://postgres@127.0.0.1:5432"
TRIES = 50
EXPECTED = "one won, one saw the conflict"


# The test starts its own servers on both databases, whatever DATABASE_URL
# says: the run of the suite on PostgreSQL need not repeat it.
pytestmark = [
    pytest.mark.long,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="runs once, in the suite's SQLite run, against both databases",
    ),
]


def assert_one_winner_each_time(summary):
    for target, (counts, _seconds) in summary.items():
        assert counts == {EXPECTED: TRIES}, (target, dict(counts))


def test_simultaneous_saves_on_sqlite():
    assert_one_winner_each_time(run(None, TRIES))


def test_simultaneous_saves_on_postgresql():
    psycopg = pytest.importorskip("psycopg")
    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432")
    with scratch_postgres(POSTGRES) as database_url:
        assert_one_winner_each_time(run(database_url, TRIES))
