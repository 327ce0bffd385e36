"""gunicorn's HTTP response, written with its head and body in one write.

gunicorn writes a response's head and its body in two system calls. An app
server that dies between the two (a crash, the OOM killer, `kill -9`) leaves
nginx holding a head without a body: it has passed the head on to the
visitor, so it can no longer retry the request on the other server, and the
visitor gets a broken page. Written at once, a response is either on its way
whole or not started, and nginx retries an idempotent request that got
nothing (deploy/nginx/samenleving.conf).

gunicorn.conf.py installs this class for the workers.
"""

from gunicorn import util
from gunicorn.http import wsgi


class HeadBuffer:
    """Stands in for the socket while gunicorn writes a response's head."""

    def __init__(self):
        self.data = b""

    def sendall(self, data):
        self.data += data


class OneWriteResponse(wsgi.Response):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._head = b""
        self._hold_head = True

    def send_headers(self):
        if self.headers_sent or not self._hold_head:
            super().send_headers()
            return
        # gunicorn's own head, written to a buffer and kept until the body
        # goes with it.
        sock, self.sock = self.sock, HeadBuffer()
        try:
            super().send_headers()
            self._head = self.sock.data
        finally:
            self.sock = sock

    def _send_head(self):
        head, self._head = self._head, b""
        if head:
            util.write(self.sock, head)

    def _emit_body(self, data):
        if self._head and not self.chunked:
            head, self._head = self._head, b""
            util.write(self.sock, head + data)
            return
        self._send_head()
        super()._emit_body(data)

    def sendfile(self, respiter):
        # The file goes straight from the kernel: the head first, as usual.
        self._send_head()
        self._hold_head = False
        return super().sendfile(respiter)

    def close(self):
        # A response without a body (HEAD, 304) is its head alone.
        self.send_headers()
        self._send_head()
        super().close()


def install():
    """Every worker forked from now on writes responses this way."""
    wsgi.Response = OneWriteResponse
