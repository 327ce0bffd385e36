"""Settings for samenleving.

Every deploy-time value comes from the environment (see ``.env.example``). The
defaults are safe for development on SQLite; production (``DJANGO_DEBUG`` off)
refuses to start without a secret key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development set DJANGO_DEBUG=true."
        )
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# The site's own address, for what must not follow the Host header a request
# brings (security.txt's Canonical): by default the first allowed host.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/") or (
    f"https://{(ALLOWED_HOSTS or ['localhost'])[0].lstrip('.')}"
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "samenleving.apps.StaticFiles",
    "django.contrib.sitemaps",
    "simple_history",
    "axes",
    "core",
    "pages",
    # Before institutes: its seed content loads first (load_content).
    "places",
    "institutes",
    "feedback",
    "search",
]

MIDDLEWARE = [
    # First: it times every request and logs each as one JSON line.
    "core.requestlog.RequestLogMiddleware",
    "core.security.ProxyHeadersMiddleware",
    # Early: a page from the cache passes nothing else. It keeps the headers
    # that everything below adds, and answers a revalidation with 304 itself.
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.addresses.CollapseSlashesMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "core.fontsize.VaryOnFontSizeMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.languages.LocaleMiddleware",
    "core.languages.AdminLanguageMiddleware",
    # Before anything reads a body: one too large gets the 413 page.
    "core.limits.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, so that PUT or DELETE get a 405, not its 403.
    "core.errorpages.PublicMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who made each version: simple_history reads the user from the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.logins.AdminSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A view without its database: the 503 page at once, no traceback.
    "core.health.DatabaseUnavailableMiddleware",
    # Last: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samenleving.urls"
WSGI_APPLICATION = "samenleving.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# A database that accepts connections but never answers must not hold a
# worker: connecting and every statement give up after a few seconds, and
# the visitor gets the 503 page (core.errorpages.server_error).
DB_CONNECT_TIMEOUT = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "2"))
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT_MS", "2000"))
# A kept connection (CONN_MAX_AGE) to a server that stopped answering: the
# wait for any answer ends a second after the statement timeout would have,
# the health check at the start of a request (a bare SELECT 1) after one
# second, and for a moment no new connection is tried (core.postgresql):
# the visitor has the 503 page within one to three seconds.
DB_ANSWER_SECONDS = DB_STATEMENT_TIMEOUT_MS / 1000 + 1
DB_HEALTH_CHECK_SECONDS = 1


def database_config(url):
    """The database at `url` with the site's timeouts."""
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = "core.postgresql"
        # libpq waits at least 2 s for a connection, whatever is asked.
        options.setdefault("connect_timeout", max(DB_CONNECT_TIMEOUT, 2))
        # A kept connection to a server that vanished (a host that is gone,
        # a network that drops everything) ends on its own: probes after 10 s
        # of silence, and anything sent but unacknowledged for 5 s.
        options.setdefault("keepalives", 1)
        options.setdefault("keepalives_idle", 10)
        options.setdefault("keepalives_interval", 2)
        options.setdefault("keepalives_count", 3)
        options.setdefault("tcp_user_timeout", 5000)
        statement_timeout = f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
        options["options"] = f"{options.get('options', '')} {statement_timeout}".strip()
    elif config["ENGINE"] == "django.db.backends.sqlite3":
        # Every transaction takes the write lock when it begins, so that two
        # editors saving at once queue (the admin's stale-form check and its
        # write are one transaction) instead of one failing with "database is
        # locked"; a save takes milliseconds, so a short wait is enough.
        options.update(
            {"transaction_mode": "IMMEDIATE", "timeout": DB_STATEMENT_TIMEOUT_MS / 1000}
        )
    return config


DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# An off-site `next` on the admin's login page falls back to the admin, not
# to Django's /accounts/profile/, which this site does not have.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Admin logins: after AXES_FAILURE_LIMIT failures for one account from one
# address, signing in to that account from that address is blocked for
# AXES_COOLOFF_TIME. Counted per account alone, a stranger could lock out an
# editor anywhere; per address alone, one editor's typos would lock out a
# whole office behind one address. The attempts and lockouts are rows in
# the database, so every app server sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "core.logins.locked_out"
AXES_CLIENT_IP_CALLABLE = "core.logins.client_address"
AXES_CLIENT_STR_CALLABLE = "core.logins.client_str"
# Every attempt is a row of its own only while it counts; no access log.
AXES_DISABLE_ACCESS_LOG = True
# Its admin pages are not translated into Dutch; `manage.py axes_reset_username`
# lifts a lockout before its time.
AXES_ENABLE_ADMIN = False

# Only editors have sessions. One ends after a working day without work in
# the admin (core.logins.AdminSessionMiddleware keeps it alive while
# they work), not after Django's two weeks.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", str(9 * 3600)))

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Dutch first, then French, English and German. Every public URL
# carries its language.
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Hashed file names never change, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 31536000

# The cache is shared by every worker and every server: Redis
# when REDIS_URL is set; otherwise the site's own database, which every local
# worker sees, and every server too once DATABASE_URL is PostgreSQL. Files on
# a server's disk would give each server its own copies, and per-process memory
# each worker. `migrate` creates the database cache's table.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # The site's keys, and only those, are cleared by a restore.
            "KEY_PREFIX": "samenleving",
            # A cache that does not answer quickly is skipped, not waited for.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_entries",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Whole public pages for visitors without a session (core.pagecache), kept at
# most this many seconds and never beyond the next scheduled change; 0 is off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_ALIAS = "default"

# What a request may send (core.limits); the site takes no files. The
# public forms (font size, feedback with its 500-character comment) need a
# few kilobytes; the admin's forms hold whole pages in four languages.
PUBLIC_POST_MAX_BYTES = 32 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Security. HSTS is only ever sent over HTTPS by SecurityMiddleware.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
# A load balancer's health check may ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The proxies (nginx) whose X-Real-IP and X-Forwarded-* headers are believed;
# from any other address those headers are dropped.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "")
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Every line is JSON on standard error (see core/requestlog.py): one
# per request from samenleving.requests, errors with their trace.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.requestlog.RequestIdFilter"}},
    "formatters": {"json": {"()": "core.requestlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING"),
    },
    "loggers": {
        "samenleving.requests": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("DJANGO_REQUEST_LOG", True) else "WARNING",
            "propagate": False,
        },
        # A forged Host header is the visitor's problem, not an incident.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}

# The daily link checker (pages/linkcheck.py): seconds per request, requests
# at once, and whether addresses in private networks may be asked for (only
# for tests against a local server).
LINK_CHECK_TIMEOUT = int(os.environ.get("DJANGO_LINK_CHECK_TIMEOUT", "10"))
LINK_CHECK_WORKERS = int(os.environ.get("DJANGO_LINK_CHECK_WORKERS", "4"))
LINK_CHECK_PRIVATE_ADDRESSES = False

# Uploaded documents and images (documents/files.py): the largest file accepted.
DOCUMENT_MAX_BYTES = int(
    os.environ.get("DJANGO_DOCUMENT_MAX_BYTES", str(10 * 1000 * 1000))
)

# Unhandled errors go to Sentry when SENTRY_DSN is set, without personal data
# (samenleving/errors.py); without it, nothing is sent or even loaded.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from samenleving import errors

    errors.start(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT"),
        release=os.environ.get("SENTRY_RELEASE"),
    )
