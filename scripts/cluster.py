"""Two app servers behind nginx, sharing one PostgreSQL and one Redis, on loopback.

    python scripts/cluster.py start   # `make cluster`: start it and leave it running
    python scripts/cluster.py stop    # `make cluster-stop`

The app servers run as deploy/systemd/samenleving@.service says (its
Environment and ExecStart lines, with this checkout in place of
/srv/samenleving), on the ports deploy/nginx/samenleving.conf balances; nginx
runs with that file, included in a minimal main configuration, with only its
host-specific values replaced: it listens on loopback, with a self-signed
certificate made for the run, and keeps its cache and log in the scratch
folder. PostgreSQL and Redis are instances of the cluster's own, in that
folder, so that the fault runs can stop and start them without touching any
other database on the machine. The site is at https://127.0.0.1:8443/ (and
http://127.0.0.1:8080/, which moves every page to HTTPS).
"""

import json
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.production_server import ROOT, free_port, manage  # noqa: E402

DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "systemd" / "samenleving@.service"
NGINX_SITE = DEPLOY / "nginx" / "samenleving.conf"
STATE = ROOT / ".cluster" / "state.json"
INSTALLED_AT = "/srv/samenleving"
HTTP_PORT, HTTPS_PORT = 8080, 8443


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {seconds} s")


def answers(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def postgres_bin(name):
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL's server programs are not installed")
    return str(found[-1])


def as_postgres(command):
    """initdb and the server refuse to run as root: run them as postgres."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def nginx_ports():
    """The ports of the app servers, read from the site file, and nginx's."""
    text = NGINX_SITE.read_text()
    servers = [int(port) for port in re.findall(r"server 127\.0\.0\.1:(\d+)", text)]
    return servers, [HTTP_PORT, HTTPS_PORT]


def site_file(scratch):
    """The site file with its host-specific values for a run on loopback."""
    text = NGINX_SITE.read_text()
    for production, here in (
        ("listen 80;", f"listen 127.0.0.1:{HTTP_PORT};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{HTTPS_PORT} ssl;"),
        ("/etc/ssl/samenleving/", f"{scratch}/tls/"),
        ("/var/cache/nginx/samenleving", f"{scratch}/nginx/cache"),
        ("/var/log/nginx/", f"{scratch}/"),
    ):
        if production not in text:
            raise RuntimeError(f"{NGINX_SITE} no longer holds {production!r}")
        text = text.replace(production, here)
    return text


def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1 and localhost."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + [
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ]
        + [
            "-keyout",
            str(folder / "privkey.pem"),
            "-out",
            str(folder / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "fullchain.pem"


def unit_command(port):
    """The service file's command, for the instance `port`."""
    line = next(
        line for line in UNIT.read_text().splitlines() if line.startswith("ExecStart=")
    )
    command = line[len("ExecStart=") :].replace(INSTALLED_AT, str(ROOT))
    return shlex.split(command.replace("%i", str(port)))


class Cluster:
    """The whole cluster; a context manager that stops everything it started."""

    def __init__(self, quiet=True):
        self.quiet = quiet
        self.scratch = None
        self.app_ports, self.ports = nginx_ports()
        self.url = f"https://127.0.0.1:{HTTPS_PORT}"
        self.http_url = f"http://127.0.0.1:{HTTP_PORT}"
        self.certificate = None
        self.pg_port = None
        self.redis_port = None
        self.processes = {}

    # The parts ---------------------------------------------------------

    @property
    def database_url(self):
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/samenleving"

    @property
    def redis_url(self):
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def environment(self):
        """What /etc/samenleving/env holds in production, for loopback."""
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "samenleving.settings",
            "DJANGO_SECRET_KEY": "cluster-secret-for-loopback-runs-" + "c" * 30,
            "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "DJANGO_STATIC_ROOT": f"{self.scratch}/static",
            # As in production: HTTPS only, the scheme told by nginx.
            "DJANGO_SECURE_SSL_REDIRECT": "true",
            "DJANGO_BEHIND_TLS_PROXY": "true",
            "DJANGO_SECURE_COOKIES": "true",
            "GUNICORN_ACCESS_LOG": "",  # the site logs each request itself
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            # What a copied .env.example would set: the unit's own values win.
            "GUNICORN_BIND": "127.0.0.1:8000",
            "GUNICORN_WORKERS": "5",
        }
        return environment

    def manage(self, *args):
        manage(self.environment(), *args)

    def _spawn(self, name, command, env=None, log=None):
        output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output if self.quiet else None,
            start_new_session=True,
        )

    def start_postgres(self):
        data = Path(self.scratch) / "postgres"
        data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        if not (data / "PG_VERSION").exists():
            subprocess.run(
                as_postgres(
                    [postgres_bin("initdb"), "-D", str(data), "-U", "postgres"]
                    + ["-A", "trust", "--no-sync", "-E", "UTF8"]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self.pg_port = self.pg_port or free_port()
        self.postgres("start")
        subprocess.run(
            [postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port)]
            + ["-U", "postgres", "samenleving"],
            check=True,
        )

    def postgres(self, action):
        """Start or stop (at once, as a crash would) the cluster's PostgreSQL."""
        data = Path(self.scratch) / "postgres"
        options = (
            f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {data} "
            "-c fsync=off -c max_connections=60"
        )
        command = [postgres_bin("pg_ctl"), "-D", str(data), "-w", "-s"]
        if action == "start":
            command += ["-o", options, "-l", str(data / "log"), "start"]
        else:
            command += ["-m", "immediate", "stop"]
        subprocess.run(as_postgres(command), check=True, stdout=subprocess.DEVNULL)

    def start_redis(self):
        self.redis_port = self.redis_port or free_port()
        self._spawn(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", self.scratch],
        )
        wait_for(self.redis_answers, 10, "Redis")

    def redis_answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), 1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop_redis(self):
        self._stop("redis")

    def start_app(self, port):
        self._spawn(f"app-{port}", unit_command(port), env=self.environment())
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/healthz"), 30, f"app {port}")

    def kill_app(self, port):
        """Kill an app server and its workers at once, as a crash would."""
        process = self.processes.pop(f"app-{port}")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def nginx_errors(self, lines=20):
        """The last lines of nginx's error log: why a request was cut."""
        log = Path(self.scratch) / "nginx-error.log"
        return "\n".join(log.read_text().splitlines()[-lines:]) if log.exists() else ""

    def start_nginx(self):
        scratch = Path(self.scratch)
        # Started as root, nginx's workers run as www-data, as under Debian.
        user = "www-data" if os.geteuid() == 0 else None
        for folder in ("", "body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
            (scratch / "nginx" / folder).mkdir(parents=True, exist_ok=True)
            if user:
                shutil.chown(scratch / "nginx" / folder, user, user)
        main = scratch / "nginx.conf"
        main.write_text(
            (f"user {user};\n" if user else "")
            + f"""worker_processes 2;
pid {scratch}/nginx.pid;
error_log {scratch}/nginx-error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {scratch}/nginx/body;
    proxy_temp_path {scratch}/nginx/proxy;
    fastcgi_temp_path {scratch}/nginx/fastcgi;
    uwsgi_temp_path {scratch}/nginx/uwsgi;
    scgi_temp_path {scratch}/nginx/scgi;
    include {scratch}/site.conf;
}}
"""
        )
        (scratch / "site.conf").write_text(site_file(scratch))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._spawn("nginx", [nginx, "-c", str(main), "-p", str(scratch)])
        wait_for(lambda: answers(f"{self.url}/healthz"), 10, "nginx")

    def _stop(self, name):
        process = self.processes.pop(name, None)
        if process is None:
            return
        with_group = process.pid
        try:
            os.killpg(with_group, signal.SIGTERM)
            process.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(with_group, signal.SIGKILL)
            process.wait()

    # The whole ------------------------------------------------------------

    def __enter__(self):
        for port in [*self.app_ports, *self.ports]:
            if not port_is_free(port):
                raise RuntimeError(
                    f"port {port} is taken: is a cluster running already? "
                    "(make cluster-stop)"
                )
        self.scratch = tempfile.mkdtemp(prefix="samenleving-cluster-")
        # Readable by the postgres user, who owns the database folder in it.
        os.chmod(self.scratch, 0o755)  # noqa: S103 - no secrets, nothing writable
        self.certificate = make_certificate(Path(self.scratch) / "tls")
        # Every request of this process trusts the run's certificate.
        urllib.request.install_opener(
            urllib.request.build_opener(
                urllib.request.HTTPSHandler(context=self.tls_context())
            )
        )
        try:
            self.start_postgres()
            self.start_redis()
            self.manage("migrate", "--no-input")
            self.manage("load_content")
            self.manage("collectstatic", "--no-input")
            for port in self.app_ports:
                self.start_app(port)
            self.start_nginx()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def tls_context(self):
        context = ssl.create_default_context()
        context.load_verify_locations(self.certificate)
        return context

    def __exit__(self, *exc):
        for name in list(self.processes):
            self._stop(name)
        if self.scratch and self.pg_port:
            subprocess.run(
                as_postgres(
                    [postgres_bin("pg_ctl"), "-D", f"{self.scratch}/postgres"]
                    + ["-m", "immediate", "-s", "stop"]
                ),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)


def port_is_free(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


# make cluster / make cluster-stop ------------------------------------------


def start():
    """Start the cluster in a background process of its own and return."""
    STATE.parent.mkdir(exist_ok=True)
    log = STATE.parent / "cluster.log"
    process = subprocess.Popen(
        [sys.executable, __file__, "run"],
        cwd=ROOT,
        stdout=open(log, "ab"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    STATE.write_text(json.dumps({"pid": process.pid}))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            print(log.read_text()[-2000:], file=sys.stderr)
            return 1
        if answers(f"http://127.0.0.1:{HTTP_PORT}/healthz"):
            print(
                f"The cluster runs at https://127.0.0.1:{HTTPS_PORT}/ with a "
                "self-signed certificate (make cluster-stop)"
            )
            return 0
        time.sleep(0.5)
    print("The cluster did not start; see .cluster/cluster.log", file=sys.stderr)
    return 1


def run():
    """Run until SIGTERM or SIGINT, then stop every part."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, lambda *_: stop.append(True))
    with Cluster(quiet=True) as cluster:
        print(f"database {cluster.database_url}, cache {cluster.redis_url}")
        print(f"app servers on {cluster.app_ports}, nginx on {cluster.ports}")
        sys.stdout.flush()
        while not stop:
            time.sleep(0.5)
    return 0


def stop():
    if not STATE.exists():
        print("No cluster is running.")
        return 0
    pid = json.loads(STATE.read_text())["pid"]
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(120):
            os.kill(pid, 0)
            time.sleep(0.25)
    except ProcessLookupError:
        pass
    STATE.unlink()
    print("The cluster has stopped.")
    return 0


if __name__ == "__main__":
    commands = {"start": start, "run": run, "stop": stop}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: {sys.argv[0]} start|stop")
    sys.exit(commands[sys.argv[1]]())
