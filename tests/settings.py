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
# Loaded for every request, as with the database cache; tests/test_page_cache.py
# and tests/test_kept_published.py keep it, as production with Redis does.
KEEP_PUBLISHED = False
# Needs Redis: tests/test_page_watch.py and the two servers switch it on.
PAGE_CACHE_NEAR = False
