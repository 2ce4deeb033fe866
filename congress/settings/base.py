"""Settings shared by every environment. Every value that differs between deployments comes from an
environment variable (documented in ``.env.example``)."""

import logging
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


class Env(environ.Env):
    """django-environ, except that an empty switch or number (``STAFF_REQUIRE_2FA=`` as copied from
    ``.env.example``) means the setting's default, not False or an error: an example file must not
    weaken a production default by listing a variable without a value. Texts keep their empty
    value (``MAP_TILE_URL=`` means no map tiles)."""

    def get_value(
        self, var: str, cast: Any = None, default: Any = environ.Env.NOTSET, parse_default: bool = False
    ) -> Any:
        empty = str(self.ENVIRON.get(f"{self.prefix}{var}", "x")).strip() == ""
        if empty and cast in (bool, int, float) and default is not environ.Env.NOTSET:
            return default
        return super().get_value(var, cast=cast, default=default, parse_default=parse_default)


env = Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Development and test only: production settings refuse to start with these (congress.settings.production).
INSECURE_SECRET_KEY = "django-insecure-local-development-key-not-for-production"  # noqa: S105
INSECURE_PIN_KEY = "insecure-development-tracking-pin-key"
SECRET_KEY = env("DJANGO_SECRET_KEY", default=INSECURE_SECRET_KEY)
# Key of the tracking PINs (suggestions/pins.py): a PIN is a keyed hash of the tracking code. Kept
# apart from SECRET_KEY so that rotating the latter does not invalidate every citizen's PIN.
TRACKING_PIN_KEY = env("TRACKING_PIN_KEY", default=INSECURE_PIN_KEY)
# Key of the sealed ballot boxes (votes/seal.py): the electronic papers of an open ballot are stored
# encrypted under it. Empty: derived from SECRET_KEY. A key of its own, kept off the database server,
# means that someone who reads the database (a DBA, a dump, a stolen disk) cannot read the marks
# (docs/votes.md, "Secrecy"). Never change it while a ballot is open: its box would not open.
BALLOT_SEAL_KEY = env("BALLOT_SEAL_KEY", default="")
# Key of the audit chain's HMAC-SM3 (congress/audit_chain.py). Empty: derived from SECRET_KEY. Kept
# off the database server, it means that whoever can write the audit table cannot forge a chain that
# verifies. Never change it: the events hashed under the old key would no longer verify.
AUDIT_CHAIN_KEY = env("AUDIT_CHAIN_KEY", default="")
# Citizens' personal data at rest: SM4-GCM keys and the HMAC-SM3 blind-index key (congress/fieldcrypto.py,
# docs/security.md "密评"). FIELD_ENCRYPTION_KEYS is "id:32 hex digits,…", the first one current (new
# writes), the others still read until `manage.py rotate_field_keys` has re-encrypted their rows; or a
# JSON file (FIELD_ENCRYPTION_KEYS_FILE). Empty: keys derived from SECRET_KEY (development; `check
# --deploy` warns). BLIND_INDEX_KEY: 32 hex digits, never changed without `rotate_field_keys --reindex`.
FIELD_KEY_PROVIDER = env("FIELD_KEY_PROVIDER", default="congress.fieldcrypto.SettingsKeyProvider")
FIELD_ENCRYPTION_KEYS = env("FIELD_ENCRYPTION_KEYS", default="")
FIELD_ENCRYPTION_KEYS_FILE = env("FIELD_ENCRYPTION_KEYS_FILE", default="")
BLIND_INDEX_KEY = env("BLIND_INDEX_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The committee that runs this portal; used in page titles, the admin header and reports.
COMMITTEE_NAME = env("COMMITTEE_NAME", default="示范市人大常委会")
PORTAL_NAME = env("PORTAL_NAME", default="人大代表履职与民意直通平台")
# The address printed in QR codes, posters and e-mails. Unset, they print the development address.
# An empty value means the development default, never an empty address on posters.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="").strip() or "http://127.0.0.1:8000"
PUBLIC_BASE_URL_WARNING = False  # production: True while PUBLIC_BASE_URL is unset (admin banner)
DELIVERY_WARNINGS = False  # production: the admin warns while SMS or e-mail only pretend to send
INSECURE_HTTP_TRIAL = False  # production only: the plain-HTTP trial switch

INSTALLED_APPS = [
    # The portal's own apps come first: where Django's catalogues translate the same English word
    # differently ("Key", "title", "session"), the portal's translation wins.
    "congress",
    "congress.calendar",
    "congress.notifications",
    "deputies",
    "stations",
    "suggestions",
    "votes",
    "congress.reports",
    # The admin site of the portal (congress.admin_site): movable URL, two-factor for staff.
    "congress.admin_site.CongressAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "import_export",
    "axes",
    "captcha",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework_api_key",
    "congress.apiclients",
]

MIDDLEWARE = [
    # First: every later middleware, view and library reads the client's address it decides.
    "congress.client_address.ClientAddressMiddleware",
    # Audit rows written while a request is served record that address (congress.audit_chain).
    "congress.audit_chain.AuditAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # NUL bytes and control characters in a path, query string or form field get a 400 before any
    # view sees them (PostgreSQL refuses NUL in text; see docs/security.md).
    "congress.middleware.InputSanitiserMiddleware",
    # ETag / Last-Modified, 304 and gzip on the API's reads (docs/api.md, "Caching").
    "congress.middleware.ApiHttpCachingMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congress.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Accounts that need a TOTP code reach nothing else until they have entered it.
    "congress.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle staff sessions end, a newer login ends an older one, a due password change comes first
    # (after the messages middleware: each says why in a message).
    "congress.session_policy.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AxesMiddleware must be last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congress.urls"
WSGI_APPLICATION = "congress.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "congress.context_processors.portal",
                "congress.notifications.context_processors.bell",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# PostgreSQL only: the run command provides DATABASE_URL (an embedded server when none is given).
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/congress")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A server that does not answer fails a request (and /healthz) in seconds, not at the OS's TCP timeout.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", 5)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A streaming replica of the primary for the annual report and the statistics dashboard: reads made
# inside ``congress.replica.replica_reads()`` go there, everything else to the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DATABASE_ROUTERS = ["congress.replica.ReplicaRouter"]

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Shared by every web and worker process without a server; `createcachetable` makes the table.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "congress_cache"}
    }

# Passwords (GB/T 22239-2019 level 3, 身份鉴别; congress/passwords.py): at least 8 characters of
# three classes, not like the account's name, not a common password, none of the last 5 again.
PASSWORD_MIN_LENGTH = env.int("PASSWORD_MIN_LENGTH", default=8)
PASSWORD_HISTORY_COUNT = env.int("PASSWORD_HISTORY_COUNT", default=5)
# Days after which a password must be changed; 0 (the default) never: NIST SP 800-63B advises against
# forced periodic changes, an assessor may ask for 90.
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "congress.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "congress.passwords.PasswordHistoryValidator", "OPTIONS": {"count": PASSWORD_HISTORY_COUNT}},
]
# Staff sessions (congress/session_policy.py): ended after this many idle minutes (0: never), with a
# warning this many seconds before; one session per staff account (a new login ends the older one).
STAFF_IDLE_TIMEOUT_MINUTES = env.int("STAFF_IDLE_TIMEOUT_MINUTES", default=30)
STAFF_IDLE_WARNING_SECONDS = env.int("STAFF_IDLE_WARNING_SECONDS", default=120)
STAFF_SINGLE_SESSION = env.bool("STAFF_SINGLE_SESSION", default=True)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Where the admin lives (``DJANGO_ADMIN_URL``, e.g. "backoffice-7f3a/"): moving it off /admin/ takes
# it out of every scanner's path list. Links use reverse("admin:..."), so nothing else changes.
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"
# Committee staff must pass a TOTP code (django-otp) before the admin opens. Production turns it on.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="congress-portal")

# Sessions: a working day at most, ended when the browser closes (shared office PCs; default).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Flash messages live in the session on the server, not in a cookie any proxy or browser extension can
# read (a client's new API key is shown in one).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Failed-login lockout (django-axes): 5 failures lock a username+IP pair for one hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True

# The client's address (congress/client_address.py): REMOTE_ADDR, rewritten from X-Forwarded-For only
# when the request came from one of these proxies (addresses or CIDR networks; none by default, so a
# forged header is ignored). Rate limits, PIN throttles, DRF throttles and axes read REMOTE_ADDR only.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "congress.client_address.remote_addr"
RATELIMIT_IP_META_KEY = "REMOTE_ADDR"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# Each app keeps its own catalogue in <app>/locale; the shared templates/ folder keeps one in
# templates/locale. `python scripts/i18n.py update` refreshes them all.
LOCALE_PATHS = [BASE_DIR / "templates" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
# Whole request bodies (files included) above this get a 413 (congress.middleware): five photos of at
# most 10 MB and the form fit; a reply's attachments too.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=60 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG.get("EMAIL_BACKEND") == "django.core.mail.backends.console.EmailBackend":
    # The console is a log: the portal's console backend blanks secrets (tracking PINs) out of it.
    EMAIL_BACKEND = "congress.notifications.backends.ConsoleEmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@congress.example.cn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTICE_EMAILS = env.list("STAFF_NOTICE_EMAILS", default=[])
# Provider-neutral SMS: a class with send(to=..., body=...) -> message id (congress/notifications/
# backends.py). Real ones: congress.notifications.sms.tencent.TencentSmsBackend (Tencent Cloud) and
# congress.notifications.sms.cmpp.CmppSmsBackend (a CMPP gateway); the default only pretends.
SMS_BACKEND = env("SMS_BACKEND", default="congress.notifications.backends.DevelopmentSmsBackend")
# The approved signature (【…】) and, for template providers, kind → {"template": id, "params": [...]}
# as JSON, e.g. {"suggestion.received": {"template": "1234567", "params": ["code", "pin"]}}.
SMS_SIGN_NAME = env("SMS_SIGN_NAME", default="")
SMS_TEMPLATES = env.json("SMS_TEMPLATES", default={}) if env.str("SMS_TEMPLATES", default="").strip() else {}
TENCENT_SMS_SECRET_ID = env("TENCENT_SMS_SECRET_ID", default="")
TENCENT_SMS_SECRET_KEY = env("TENCENT_SMS_SECRET_KEY", default="")
TENCENT_SMS_APP_ID = env("TENCENT_SMS_APP_ID", default="")
TENCENT_SMS_REGION = env("TENCENT_SMS_REGION", default="ap-guangzhou")
TENCENT_SMS_ENDPOINT = env("TENCENT_SMS_ENDPOINT", default="sms.tencentcloudapi.com")
TENCENT_SMS_TIMEOUT = env.int("TENCENT_SMS_TIMEOUT", default=10)
CMPP_HOST = env("CMPP_HOST", default="")
CMPP_PORT = env.int("CMPP_PORT", default=7890)
CMPP_SP_ID = env("CMPP_SP_ID", default="")
CMPP_SHARED_SECRET = env("CMPP_SHARED_SECRET", default="")
CMPP_SERVICE_ID = env("CMPP_SERVICE_ID", default="")
CMPP_SRC_ID = env("CMPP_SRC_ID", default="")
CMPP_VERSION = env("CMPP_VERSION", default="3.0")
CMPP_TIMEOUT = env.float("CMPP_TIMEOUT", default=10.0)
CMPP_RECEIPT_WAIT = env.float("CMPP_RECEIPT_WAIT", default=50.0)
# WeChat mini-program subscribe messages (congress/notifications/wechat.py), optional: with no
# WECHAT_APP_ID nothing is sent and no openid is kept. Templates: kind → {"template": id, "data":
# {"<template field>": "<code|subject|status|time>"}} as JSON, e.g. {"suggestion.received":
# {"template": "…", "data": {"character_string1": "code", "thing2": "subject", "time3": "time"}}}.
WECHAT_APP_ID = env("WECHAT_APP_ID", default="")
WECHAT_APP_SECRET = env("WECHAT_APP_SECRET", default="")
WECHAT_TEMPLATES = (
    env.json("WECHAT_TEMPLATES", default={}) if env.str("WECHAT_TEMPLATES", default="").strip() else {}
)
# The page the message opens, {code} replaced by the tracking code; empty: the message opens nothing.
WECHAT_PAGE = env("WECHAT_PAGE", default="")
# formal (the released mini-program), trial or developer.
WECHAT_MINIPROGRAM_STATE = env("WECHAT_MINIPROGRAM_STATE", default="formal")
WECHAT_API_BASE_URL = env("WECHAT_API_BASE_URL", default="https://api.weixin.qq.com/")
WECHAT_TIMEOUT = env.float("WECHAT_TIMEOUT", default=10.0)

# Celery: Redis when REDIS_URL is set, otherwise a broker on the filesystem that needs no server.
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
# No result backend, so nothing for Celery's own "celery.backend_cleanup" to clean: without an expiry
# beat does not add that English-named row to the periodic tasks staff see.
CELERY_RESULT_EXPIRES = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The worker logs through LOGGING above (one format and clock with the web processes).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # ?page= and ?page_size= (at most 200), a bad value refused with a 400 (congress/pagination.py).
    "DEFAULT_PAGINATION_CLASS": "congress.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    # Every 4xx in one shape: code, Chinese message, field errors (congress/api_errors.py, docs/api.md).
    "EXCEPTION_HANDLER": "congress.api_errors.exception_handler",
    # JSON bodies refused when nested too deeply or holding control characters (congress/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "congress.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # DRF's throttles key on REMOTE_ADDR alone (None would trust any X-Forwarded-For a client sends).
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Congress liaison portal API",
    "DESCRIPTION": "Public and staff endpoints of the people's congress liaison portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc assets come from drf-spectacular-sidecar: no CDN on government intranets.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request bodies get their own components, so a file field is typed as binary (photos can be sent
    # by generated clients) and read-only fields stay out of what a client must send.
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation declares the error answers it may give, in the one error shape (congress/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "congress.api_schema.postprocess_error_responses",
    ],
    # Several models have a "status" field with different choices; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "DeputyStatusEnum": "deputies.models.Deputy.Status",
        "StationStatusEnum": "stations.models.Station.Status",
        "ReceptionStatusEnum": "stations.models.Reception.Status",
        "BookingStatusEnum": "stations.models.Booking.Status",
        "RatingValueEnum": "suggestions.models.Rating.Value",
    },
}

# Deepest JSON body the API parses (congress/parsers.py); no endpoint takes more than a few levels.
API_JSON_MAX_DEPTH = 20

# Idempotency-Key (congress/idempotency.py): how long a key replays its first answer (24 hours, as
# common payment APIs keep theirs), and how long any key row may stay before the nightly purge
# removes it (7 days; it also caps the replay window).
API_IDEMPOTENCY_HOURS = env.int("API_IDEMPOTENCY_HOURS", default=24)
API_IDEMPOTENCY_RETENTION_DAYS = env.int("API_IDEMPOTENCY_RETENTION_DAYS", default=7)

# /healthz (congress.health): each readiness check's timeout, and how long a result is reused.
HEALTHZ_TIMEOUT_SECONDS = env.float("HEALTHZ_TIMEOUT_SECONDS", default=1.0)
HEALTHZ_CACHE_SECONDS = env.float("HEALTHZ_CACHE_SECONDS", default=5.0)

# Reports (congress/reports, docs/reports.md).
# The database alias every report figure is read from: point it at a read replica to keep the
# annual report's aggregate queries off the primary.
# With a replica configured (DATABASE_REPLICA_URL, congress.replica) reports read from it by default.
REPORTS_DATABASE = env("REPORTS_DATABASE", default="replica" if "replica" in DATABASES else "default")
# A handling unit is ranked in the league table only with at least this many rated items in the
# period (DOMAIN.md §5: "rankings only for units with enough ratings to mean something"; *default*).
REPORTS_LEAGUE_MIN_RATED = env.int("REPORTS_LEAGUE_MIN_RATED", default=10)
# The statistics dashboard shows figures a worker computed and the cache keeps (docs/reports.md):
# never older than this many minutes for the current year (a staff member reading the day's work
# sees the last quarter hour's; *default*), nor than STATISTICS_PAST_YEAR_MAX_AGE_MINUTES for a year
# that is over (its figures change only by late ratings and corrections; *default*: a day).
STATISTICS_MAX_AGE_MINUTES = env.int("STATISTICS_MAX_AGE_MINUTES", default=15)
STATISTICS_PAST_YEAR_MAX_AGE_MINUTES = env.int("STATISTICS_PAST_YEAR_MAX_AGE_MINUTES", default=1440)
# Below this many items in the database the figures are computed in the request (about a second on
# the demo city's 16,000 items); at or above it by the worker (10-15 s at 1,000,000 items, see
# docs/performance.md). 0: always by the worker. *default*
STATISTICS_INLINE_MAX_ITEMS = env.int("STATISTICS_INLINE_MAX_ITEMS", default=20000)

CAPTCHA_IMAGE_SIZE = (120, 44)
CAPTCHA_FONT_SIZE = 32
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10

# Content-Security-Policy (django-csp): scripts and styles from the portal's own static files only
# (no inline script; a nonce for the few inline <style>/<script> blocks of third-party pages), no
# plugins, no framing, forms post to the portal only. Style *attributes* stay allowed: progress bars
# and the admin's widgets set widths with them, and an attribute cannot run script. Map tiles come
# from MAP_TILE_URL's host. Every page is loaded in Chromium with no violation (tests/security).
# The station map (docs/deputies-and-stations.md §1 "The map on an intranet"): a Leaflet URL template
# of the base tiles, an optional second template drawn over it (labels: 天地图's cva_w layer), the
# letters or digits that replace {s}, and the attribution line. MAP_TILE_URL empty or "none": no tiles
# at all, the markers are drawn on a plain background (*default*: OpenStreetMap, as Leaflet's own).
MAP_TILE_URL = env("MAP_TILE_URL", default="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_LABELS_URL = env("MAP_TILE_LABELS_URL", default="")
MAP_TILE_SUBDOMAINS = env("MAP_TILE_SUBDOMAINS", default="abc")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="&copy; OpenStreetMap contributors")
MAP_TILE_MAX_ZOOM = env.int("MAP_TILE_MAX_ZOOM", default=18)


def _tile_source(url: str) -> str | None:
    """The CSP source of a tile template's host: a {s} label becomes the wildcard label ('*' may
    only stand for whole leftmost labels, so t{s}.tianditu.gov.cn gives *.tianditu.gov.cn)."""
    from urllib.parse import urlsplit

    if not url or url.strip().lower() == "none":
        return None
    parts = urlsplit(url)
    labels = parts.netloc.split(".")
    if any("{s}" in label for label in labels):
        last = max(i for i, label in enumerate(labels) if "{s}" in label)
        labels = ["*", *labels[last + 1 :]]
    host = ".".join(labels)
    return f"{parts.scheme}://{host}" if parts.scheme and host else "'self'"


_TILE_SOURCES = sorted({s for s in map(_tile_source, [MAP_TILE_URL, MAP_TILE_LABELS_URL]) if s})

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_TILE_SOURCES],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Python warnings become log lines (with the time and level) instead of bare text on stderr.
logging.captureWarnings(True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # ISO 8601 with the offset, as gunicorn's lines (congress/logs.py).
    "formatters": {
        "plain": {
            "()": "congress.logs.IsoFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    # Secrets of a message being sent (tracking PINs) never reach a log line.
    "filters": {"secrets": {"()": "congress.notifications.secrets.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["secrets"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # PDF rendering logs every font subset at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
AXES_VERBOSE = False
