"""Settings of the load and fault benchmarks in ``bench/`` (never a deployment).

Production-like: DEBUG off, the real middleware, PostgreSQL and Redis of the benchmark's own. Two
things differ so that scripted citizens can submit: the CAPTCHA's test hook of the test settings
(``CAPTCHA_TEST_MODE``, an answer of "PASSED" is accepted) and per-address limits raised, since
every simulated citizen comes from 127.0.0.1. Production settings force the hook off."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CAPTCHA_TEST_MODE = True
SUGGESTIONS_SUBMIT_RATE_IP = "100000000/h"
SUGGESTIONS_SUBMIT_RATE_MOBILE = "100000000/d"
# Static files straight from the source folders: no collectstatic run before a benchmark.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SMS_BACKEND = env("SMS_BACKEND", default="bench.security_sms_backend.FileSmsBackend")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
