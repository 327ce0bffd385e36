"""One JSON log line per request, and every log line in JSON.

Each line names its request by an id: the one nginx (or another proxy) sent
in X-Request-ID when it is short and plain, else a new one. The response
returns it in X-Request-ID, so that a visitor's report, the proxy's log and
ours meet.

What is never logged, because it can be personal: the client's address, its
user agent, cookies, the signed-in user and the query string (the finder's
query is a postcode or a town someone lives in; other parameters could
hold anything). The path is logged, cut to MAX_PATH_LENGTH.
"""

import contextvars
import itertools
import json
import logging
import os
import re
import secrets
import time
import traceback
from datetime import UTC, datetime

logger = logging.getLogger("samenleving.requests")

# No line names its source line, thread or multiprocessing name (gunicorn's
# own lines name the process), so no record needs to look them up (the
# logging HOWTO's "Optimization"): finding the caller's source line alone
# took a tenth of a cached page's time.
logging._srcfile = None
logging.logThreads = False
logging.logMultiprocessing = False

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from outside: a uuid, a hex or base64url token, a proxy's
# "host-1234.5678". Anything else could forge or break a log line.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
MAX_PATH_LENGTH = 200
# The page cache (its response header) says "hit" or "miss";
# "none" when no cache had a say.
CACHE_HEADER = "X-Cache"

current_request_id = contextvars.ContextVar("request_id", default=None)


def _new_ids():
    """Ids of this process: 32 hex digits, a random half of its own and a
    count (a fresh uuid4 per request costs a read of the system's random
    source). A forked worker draws its own half."""
    global _id_prefix, _id_numbers
    _id_prefix = secrets.token_hex(8)
    _id_numbers = itertools.count()  # next() on it is safe in threads


_new_ids()
os.register_at_fork(after_in_child=_new_ids)


def request_id_from(request):
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if VALID_REQUEST_ID.fullmatch(given):
        return given
    return f"{_id_prefix}{next(_id_numbers):016x}"


def cache_status(response):
    status = response.get(CACHE_HEADER, "").strip().lower()
    return status if status in {"hit", "miss", "stale", "bypass"} else "none"


class RequestLogMiddleware:
    """First in MIDDLEWARE, so that it times and sees every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request)
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            log_request(request, response, started)
            return response
        finally:
            current_request_id.reset(token)


def log_request(request, response, started):
    """The request's one line, and its id on the response. `started` is the
    moment it came in, by time.perf_counter()."""
    response[REQUEST_ID_HEADER] = request.request_id
    log_line(request, response.status_code, cache_status(response), started)


def log_line(request, status, cache, started):
    logger.info(
        "request",
        extra={
            "request_id": request.request_id,
            "method": request.method[:16],
            "path": request.path[:MAX_PATH_LENGTH],
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "cache": cache,
        },
    )


class RequestIdFilter(logging.Filter):
    """Every line logged while a request is served carries its id."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id.get()
        return True


# The extra fields a line may carry; anything else (Django puts the whole
# request object on its records) stays out.
FIELDS = (
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "cache",
    "status_code",
    "address",
)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["error"] = repr(record.exc_info[1])
            line["trace"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)
