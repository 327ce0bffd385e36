"""gunicorn settings; every value can be overridden from the environment."""

import multiprocessing
import os

wsgi_app = "samenleving.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that no slow leak can build up, but seldom:
# under load, a worker that starts anew holds the requests queued behind it.
# The site is loaded once in the master, so that a new worker is a fork that
# answers at once instead of loading Django first.
max_requests = 200000
max_requests_jitter = 20000
preload_app = True
# The site logs every request itself, as JSON without the client's address
# (core/requestlog.py); gunicorn's own access log only when asked.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Headers and request lines beyond these limits are refused with 400.
limit_request_line = 8190
limit_request_fields = 100
# The forwarded headers are the site's to believe or drop, from the proxies in
# DJANGO_TRUSTED_PROXIES only (samenleving/settings.py): gunicorn reads none.
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "")
secure_scheme_headers = {}
# No control socket: two app servers on one host would share its one path.
control_socket_disable = True


def when_ready(server):
    """In the master, before the workers fork (preload_app): load what each
    worker's first request would otherwise load."""
    from core.warmup import warm_up

    warm_up()
    # A database connection inherited by the workers would be one socket
    # shared by all of them, their answers mixed up. The warm-up opens none
    # (tests/test_warmup.py); this holds for anything imported with the site.
    from django.db import connections

    connections.close_all()
