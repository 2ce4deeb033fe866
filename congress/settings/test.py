"""Settings for the test suite: a real PostgreSQL, Celery tasks queued in memory (never run unless a
test asks), fast password hashing."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, STATIC_ROOT, VAR_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Parallel runs on one server (xdist, or two checkouts with their own DATABASE_URL) each get their own
# test database: TEST_DB_NAME when given, else "test_" + the database's name.
DATABASES["default"]["TEST"] = {
    "NAME": os.environ.get("TEST_DB_NAME") or f"test_{DATABASES['default']['NAME'] or 'congress'}"
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# A replica alias that mirrors the test database, so the router is tested (tests/core/test_replica.py)
# without a second server. Routing is off unless a test turns it on: other tests never touch it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_REPLICA_ROUTING = False
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The cache is the real Redis when the test command passes TEST_REDIS_URL (it starts one where none
# runs), so rate limits, PIN throttles and the page cache's versioning are tested on the server
# production uses; each checkout and xdist worker keys under its own prefix, and the per-test
# clean-up deletes only that prefix (tests/conftest.py). Without it (pytest run by hand), memory.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
if TEST_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": f"{DATABASES['default']['TEST']['NAME']}-{_WORKER}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
AXES_ENABLED = True
CAPTCHA_TEST_MODE = True
# Every request probes afresh, so a test that changes the broker sees it at once.
HEALTHZ_CACHE_SECONDS = 0.0
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
