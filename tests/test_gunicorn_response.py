"""A response leaves gunicorn in one write, head and body together, so that
an app server dying mid-response never hands nginx a head it must pass on
without its body (samenleving/gunicorn_response.py)."""

import runpy
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.http import wsgi

from samenleving.gunicorn_response import OneWriteResponse


class Socket:
    def __init__(self):
        self.writes = []

    def sendall(self, data):
        self.writes.append(bytes(data))

    def sendfile(self, file, offset=0, count=None):
        file.seek(offset)
        self.writes.append(file.read(count))


def response(method="GET"):
    request = SimpleNamespace(
        method=method, version=(1, 1), should_close=lambda: True, headers=[]
    )
    return OneWriteResponse(request, Socket(), Config())


def test_head_and_body_go_in_one_write():
    answer = response()
    answer.start_response("200 OK", [("Content-Length", "5")])
    answer.write(b"hello")
    answer.close()
    [whole] = answer.sock.writes
    head, body = whole.split(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"Content-Length: 5" in head
    assert body == b"hello"


@pytest.mark.parametrize(
    ("method", "status"), [("HEAD", "200 OK"), ("GET", "304 Not Modified")]
)
def test_a_response_without_a_body_still_sends_its_head(method, status):
    answer = response(method)
    answer.start_response(status, [("ETag", '"x"')])
    answer.write(b"")
    answer.close()
    [head] = answer.sock.writes
    assert head.startswith(f"HTTP/1.1 {status}\r\n".encode())
    assert head.endswith(b"\r\n\r\n")


def test_a_file_sent_by_the_kernel_follows_its_head(tmp_path):
    path = tmp_path / "site.css"
    path.write_bytes(b"body{}")
    answer = response()
    answer.start_response("200 OK", [("Content-Length", "6")])
    with path.open("rb") as file:
        assert answer.sendfile(SimpleNamespace(filelike=file))
    answer.close()
    head, body = answer.sock.writes
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and body == b"body{}"


def test_gunicorn_config_installs_it_for_the_workers(monkeypatch):
    monkeypatch.setattr(wsgi, "Response", wsgi.Response)
    settings = runpy.run_path("samenleving/gunicorn.conf.py")
    settings["on_starting"](None)
    # The sync worker builds every response with wsgi.create, which uses
    # the module's Response.
    assert wsgi.Response is OneWriteResponse
