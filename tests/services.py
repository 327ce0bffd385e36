"""PostgreSQL and Redis as the suite finds them at 127.0.0.1: a test that
needs one skips without it, and fails instead when the CI environment
variable is set (CI has both)."""

import os
import secrets
import socket

import psycopg
import pytest
import redis

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
CLAIM_KEY = "samenleving-tests-claim"


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: Redis and PostgreSQL must be there)")
    pytest.skip(reason)


def reachable(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url():
    """An empty Redis database of the 16, never 0 (someone else's data
    stays), flushed afterwards. Tests running side by side (pytest -n) each
    claim their own: a key set only where none is, so that of two runs that
    found the same database empty, one moves on to the next."""
    if not reachable(REDIS_PORT):
        unavailable("Redis is not running on 127.0.0.1:6379")
    claim = f"samenleving-tests-claim:{os.getpid()}:{secrets.token_hex(4)}"
    for number in range(15, 0, -1):
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        try:
            if client.dbsize() == 0 and client.set(CLAIM_KEY, claim, nx=True):
                break
        except redis.RedisError as error:
            unavailable(f"Redis refused the connection: {error}")
    else:
        unavailable("No empty Redis database to use")
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
    finally:
        client.flushdb()


POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def postgres_scratch():
    """The name of a new, empty PostgreSQL database at 127.0.0.1:5432 (user
    postgres), dropped afterwards."""
    if not reachable(5432):
        unavailable("PostgreSQL is not running on 127.0.0.1:5432")
    name = f"samenleving_scratch_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(
            POSTGRES_ADMIN, autocommit=True, connect_timeout=3
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
