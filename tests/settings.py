"""Settings for the test suite: production settings with a throwaway secret."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-used-only-by-the-test-suite")

from samenleving.settings import *  # noqa: E402, F403

# The default hasher is slow on purpose; tests log users in by the dozen.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The cache lives in the test database, so each test's entries are rolled back
# with it, and a developer's REDIS_URL is never written to.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache_entries",
    }
}
# The suite measures what a page costs to render (its query-count contracts);
# tests/test_page_cache.py switches the page cache on.
PAGE_CACHE_SECONDS = 0
