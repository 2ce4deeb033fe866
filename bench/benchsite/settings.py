"""Production settings for the HTTP benchmark server (``bench/bench_http.py``), with what a load test
from one loopback address needs: plain HTTP, the CAPTCHA's test hook, rate limits out of the way,
and the floor views' URLconf. Never used outside ``bench/``."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("TRACKING_PIN_KEY", "bench-only-tracking-pin-key-not-for-production-987654")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")

from congress.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchsite.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# The submission form's CAPTCHA accepts "PASSED" (django-simple-captcha's test hook).
CAPTCHA_TEST_MODE = True
# Every request comes from 127.0.0.1: the per-address limits would stop the benchmark, not a flood.
SUGGESTIONS_SUBMIT_RATE_IP = "1000000/m"
SUGGESTIONS_SUBMIT_RATE_MOBILE = "1000000/m"
SUGGESTIONS_TRACK_RATE_IP = "1000000/m"
SUGGESTIONS_TRACK_RATE_CODE = "1000000/m"
AXES_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The /healthz phase runs a second server on the filesystem broker in a folder of its own.
if os.environ.get("BENCH_BROKER_FOLDER"):
    _folder = os.environ["BENCH_BROKER_FOLDER"]
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": f"{_folder}/queue",
        "data_folder_out": f"{_folder}/queue",
        "processed_folder": f"{_folder}/processed",
        "control_folder": f"{_folder}/control",
        "store_processed": False,
    }
