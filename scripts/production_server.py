"""Start the site as in production: gunicorn, WhiteNoise, hashed static files.

Used by the test suite and by the benchmark. The database is a fresh SQLite
file (or DATABASE_URL when given), migrated and loaded with the content.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(environment, *args):
    """A manage.py command, quietly, with the given environment."""
    subprocess.run(
        [sys.executable, "manage.py", *args, "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


class ProductionServer:
    def __init__(
        self, workers=2, database_url=None, quiet=True, env=None, load_content=True
    ):
        self.workers = workers
        self.database_url = database_url
        self.quiet = quiet
        # Extra environment (REDIS_URL, say); a second server on a database
        # the first has loaded skips migrate and load_content.
        self.extra_env = env or {}
        self.load_content = load_content
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.scratch = None

    def environment(self):
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "samenleving.settings",
            "DJANGO_SECRET_KEY": "production-like-secret-for-local-runs-" + "x" * 20,
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url
            or f"sqlite:///{self.scratch}/site.sqlite3",
            "DJANGO_STATIC_ROOT": f"{self.scratch}/static",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(self.workers),
            # No access log, as in production (the site logs each request).
            "GUNICORN_ACCESS_LOG": "" if self.quiet else "-",
            **self.extra_env,
        }

    def manage(self, *args):
        manage(self.environment(), *args)

    def __enter__(self):
        self.scratch = tempfile.mkdtemp(prefix="samenleving-")
        if self.load_content:
            self.manage("migrate", "--no-input")
            self.manage("load_content")
        self.manage("collectstatic", "--no-input")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "samenleving/gunicorn.conf.py"],
            cwd=ROOT,
            env=self.environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL if self.quiet else None,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"{self.url}/healthz", timeout=2
                ) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
