"""Settings for the test suite: production settings with a throwaway secret."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-used-only-by-the-test-suite")

from samenleving.settings import *  # noqa: E402, F403

# The default hasher is slow on purpose; tests log users in by the dozen.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
