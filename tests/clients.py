"""Django's test client as production serves it: every request passes the
page cache's front (samenleving/front.py) before Django's handler."""

from django.core.handlers.wsgi import WSGIRequest
from django.test.client import ClientHandler

from samenleving.front import PageCacheFront


class FrontClientHandler(ClientHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made with the client, so that it reads the test's settings.
        self.front = PageCacheFront(None)

    def __call__(self, environ):
        response = self.front.serve(environ)
        if response is None:
            return super().__call__(environ)
        response.wsgi_request = WSGIRequest(environ)
        return response


def through_the_front(client):
    """The client, with the front before its handler."""
    client.handler = FrontClientHandler(client.handler.enforce_csrf_checks)
    return client
