"""A database that stops answering on a kept connection: the visitor gets the
503 page within seconds, not after the worker's timeout.

A relay forwards 127.0.0.1 to the PostgreSQL at 127.0.0.1:5432 and then
freezes: it keeps every socket open and forwards nothing more, as a stuck
server or a broken network does. The kernel still acknowledges whatever is
sent, so only the client's own limit on waiting for an answer can help.
"""

import contextlib
import selectors
import socket
import threading

import pytest
from django.db import close_old_connections, connections
from django.test import Client

from pages.models import Page
from samenleving import settings as site_settings
from tests.test_hardening import database

pytestmark = pytest.mark.django_db

POSTGRES = ("127.0.0.1", 5432)
# Without the limit, the frozen relay lets go after this long and the test
# fails instead of hanging; no outcome depends on how long the request took.
GIVE_UP_SECONDS = 60


class Relay:
    """127.0.0.1:port forwarded to `target` until frozen."""

    def __init__(self, target):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.frozen = threading.Event()
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ)
        self.sockets = [self.listener]
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            for key, _events in self.selector.select(timeout=0.1):
                if self.frozen.is_set():
                    # Accepted and read by no one: nothing is forwarded.
                    continue
                if key.fileobj is self.listener:
                    self.connect()
                else:
                    self.forward(key.fileobj, key.data)
            if self.frozen.is_set():
                # Nothing moves any more; only close() ends the wait.
                self.selector.close()
                while self.running:
                    self.frozen.wait(0.1)
                return

    def connect(self):
        client, _address = self.listener.accept()
        server = socket.create_connection(self.target)
        self.sockets += [client, server]
        self.selector.register(client, selectors.EVENT_READ, server)
        self.selector.register(server, selectors.EVENT_READ, client)

    def forward(self, source, destination):
        data = source.recv(65536)
        if data:
            destination.sendall(data)
        else:
            for sock in (source, destination):
                with contextlib.suppress(KeyError, ValueError):
                    self.selector.unregister(sock)
                sock.close()

    def freeze(self):
        self.frozen.set()

    def close(self):
        self.running = False
        self.thread.join()
        for sock in self.sockets:
            sock.close()


def test_a_kept_connection_to_a_hung_database_gives_the_503_page_in_seconds(
    postgres_scratch,
):
    relay = Relay(POSTGRES)
    give_up = threading.Timer(GIVE_UP_SECONDS, relay.close)
    client = Client(raise_request_exception=False)
    config = site_settings.database_config(
        f"postgresql://postgres@127.0.0.1:{relay.port}/{postgres_scratch}"
    )
    assert config["CONN_MAX_AGE"] > 0
    try:
        with database(config):
            with connections["default"].schema_editor() as editor:
                editor.create_model(Page)
            # As the WSGI handler does at the start of every request (the test
            # client leaves it out): the connection is kept, and checked.
            close_old_connections()
            assert client.get("/healthz").status_code == 200
            kept = connections["default"].connection
            assert kept is not None

            relay.freeze()
            give_up.start()
            close_old_connections()
            assert connections["default"].connection is kept
            response = client.get("/nl/over-deze-site/")
            # The site stopped waiting by its own limit (core/postgresql),
            # while the relay still held the connection frozen.
            held = relay.running
    finally:
        give_up.cancel()
        if relay.running:
            relay.close()
    assert held, "the request ended only when the relay let go"
    assert response.status_code == 503
    assert response["Retry-After"]
