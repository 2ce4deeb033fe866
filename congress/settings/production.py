"""Production settings: everything secret or host-specific must come from the environment.

``congress.wsgi``, ``congress.asgi`` and the Celery app default to this module, so a bare
``gunicorn congress.wsgi`` runs with DEBUG off; it refuses to start without real keys."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSECURE_PIN_KEY, INSECURE_SECRET_KEY, PUBLIC_BASE_URL, env

DEBUG = False


def _required_secret(name: str, *, insecure: str, min_length: int, min_unique: int = 5) -> str:
    """A secret from the environment that is long and random enough, never the development one."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Set {name} in the environment (production settings).")
    weak = (
        value == insecure
        or value.startswith("django-insecure")
        or len(value) < min_length
        or len(set(value)) < min_unique
    )
    if weak:
        raise ImproperlyConfigured(
            f"{name} is too weak: use at least {min_length} random characters, "
            'e.g. python3 -c "import secrets; print(secrets.token_urlsafe(64))".'
        )
    return value


SECRET_KEY = _required_secret("DJANGO_SECRET_KEY", insecure=INSECURE_SECRET_KEY, min_length=50)
TRACKING_PIN_KEY = _required_secret("TRACKING_PIN_KEY", insecure=INSECURE_PIN_KEY, min_length=32)
# Optional (empty: derived from DJANGO_SECRET_KEY), but when set it must be a real key.
if env.str("BALLOT_SEAL_KEY", default=""):
    BALLOT_SEAL_KEY = _required_secret("BALLOT_SEAL_KEY", insecure=INSECURE_SECRET_KEY, min_length=32)
if env.str("AUDIT_CHAIN_KEY", default=""):
    AUDIT_CHAIN_KEY = _required_secret("AUDIT_CHAIN_KEY", insecure=INSECURE_SECRET_KEY, min_length=32)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Without PUBLIC_BASE_URL, or with a loopback one (the development address), every QR code and
# poster points where citizens cannot go: staff see a warning banner in the admin until it is set
# (not a refusal to start: the portal works otherwise).
_PUBLIC_HOST = urlsplit(PUBLIC_BASE_URL).hostname or ""
PUBLIC_BASE_URL_WARNING = _PUBLIC_HOST in {"", "localhost", "::1"} or _PUBLIC_HOST.startswith("127.")
# Staff see a banner in the admin (and `check --deploy` fails) while SMS_BACKEND is the development
# backend or e-mail goes to the console: messages marked sent that never left.
DELIVERY_WARNINGS = True

# Behind a TLS-terminating proxy (nginx / load balancer) that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A first look at http://<intranet address> before the TLS proxy exists: secure cookies, HSTS and
# the HTTPS redirect off, everything else as in production. Every page then carries a red banner and
# `check --deploy` warns (congress.W103): never leave it on (docs/operations.md, "TLS proxy").
INSECURE_HTTP_TRIAL = env.bool("INSECURE_HTTP_TRIAL", default=False)
if INSECURE_HTTP_TRIAL:
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False
    SECURE_HSTS_SECONDS = 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_HSTS_PRELOAD = False
# Committee staff log in with a TOTP code as well (turn off only where the intranet has its own
# second factor in front of the portal).
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=True)
# The CAPTCHA's test hook (any answer passes) belongs to the test settings only.
CAPTCHA_TEST_MODE = False
