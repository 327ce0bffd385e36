"""Django's PostgreSQL backend, except that no one waits on a silent server.

The server's statement_timeout ends a slow statement, and libpq's
connect_timeout a connection that is never accepted; neither helps when a
kept connection (CONN_MAX_AGE) leads to a server that has stopped answering:
a stuck server, or a relay or firewall that keeps the connection open and
forwards nothing. The kernel still acknowledges what is sent, so TCP's own
limits (keepalives, tcp_user_timeout) never fire either. Here every wait
for the server's answer ends after settings.DB_ANSWER_SECONDS, the health
check of a kept connection (a bare SELECT 1) after DB_HEALTH_CHECK_SECONDS;
the connection is then closed, and for DB_ANSWER_SECONDS no new one is
tried (it would wait connect_timeout on the same silent server): the
request gets the 503 page at once.
"""

import time

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class AnswerLimit:
    """Stands in for a psycopg connection's wait(): a wait without a timeout
    of its own gets `seconds`, and a server silent for that long costs the
    connection (and tells `silent`)."""

    def __init__(self, connection, seconds, silent):
        self.connection = connection
        self.seconds = seconds
        self.silent = silent
        self.wait = connection.wait
        connection.wait = self

    def __call__(self, gen, *args, timeout=None, **kwargs):
        if timeout is not None:
            return self.wait(gen, *args, timeout=timeout, **kwargs)
        try:
            return self.wait(gen, *args, timeout=self.seconds, **kwargs)
        except psycopg.OperationalError as error:
            if self.connection.pgconn.transaction_status != TransactionStatus.ACTIVE:
                raise
            # Still waiting for the answer: nothing more can be sent on this
            # connection.
            self.connection.close()
            self.silent()
            raise psycopg.OperationalError(
                f"the database did not answer within {self.seconds:g} s"
            ) from error


class DatabaseWrapper(base.DatabaseWrapper):
    # Until when no new connection is tried (time.monotonic()).
    silent_until = 0.0

    def get_new_connection(self, conn_params):
        if time.monotonic() < self.silent_until:
            raise psycopg.OperationalError(
                "the database did not answer a moment ago; not connecting yet"
            )
        connection = super().get_new_connection(conn_params)
        AnswerLimit(connection, settings.DB_ANSWER_SECONDS, self.fell_silent)
        return connection

    def fell_silent(self):
        self.silent_until = time.monotonic() + settings.DB_ANSWER_SECONDS

    def is_usable(self):
        limit = getattr(self.connection, "wait", None)
        if not isinstance(limit, AnswerLimit):
            return super().is_usable()
        seconds, limit.seconds = limit.seconds, settings.DB_HEALTH_CHECK_SECONDS
        try:
            return super().is_usable()
        finally:
            limit.seconds = seconds
