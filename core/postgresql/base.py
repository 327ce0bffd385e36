"""Django's PostgreSQL backend, except that no one waits on a silent server.

The server's statement_timeout ends a slow statement, and libpq's
connect_timeout a connection that is never accepted; neither helps when a
kept connection (CONN_MAX_AGE) leads to a server that has stopped answering:
a stuck server, or a relay or firewall that keeps the connection open and
forwards nothing. The kernel still acknowledges what is sent, so TCP's own
limits (keepalives, tcp_user_timeout) never fire either. Here every wait
for the server's answer ends after settings.DB_ANSWER_SECONDS, the health
check of a kept connection (a bare SELECT 1) after DB_HEALTH_CHECK_SECONDS;
the connection is then closed and the request gets the 503 page.
"""

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class AnswerLimit:
    """Stands in for a psycopg connection's wait(): a wait without a timeout
    of its own gets `seconds`, and a server silent for that long costs the
    connection."""

    def __init__(self, connection, seconds):
        self.connection = connection
        self.seconds = seconds
        self.wait = connection.wait
        connection.wait = self

    def __call__(self, gen, *args, timeout=None, **kwargs):
        if timeout is not None:
            return self.wait(gen, *args, timeout=timeout, **kwargs)
        try:
            return self.wait(gen, *args, timeout=self.seconds, **kwargs)
        except psycopg.errors.OperationalError as error:
            if self.connection.pgconn.transaction_status == TransactionStatus.ACTIVE:
                # Still waiting for the answer: nothing more can be sent on
                # this connection.
                self.connection.close()
                raise psycopg.OperationalError(
                    f"the database did not answer within {self.seconds:g} s"
                ) from error
            raise


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        AnswerLimit(connection, settings.DB_ANSWER_SECONDS)
        return connection

    def is_usable(self):
        limit = getattr(self.connection, "wait", None)
        if not isinstance(limit, AnswerLimit):
            return super().is_usable()
        seconds, limit.seconds = limit.seconds, settings.DB_HEALTH_CHECK_SECONDS
        try:
            return super().is_usable()
        finally:
            limit.seconds = seconds
