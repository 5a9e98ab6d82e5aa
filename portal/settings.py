"""Settings for the Citizen Handbook portal.

One file, driven by environment variables: production differs from development only by what the
environment says (DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, ...).
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("ALLOW_INSECURE_DEV_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")
    # Development and tests only; never used when DEBUG is off (unless explicitly allowed for tests).
    SECRET_KEY = "dev-insecure-key-do-not-use-in-production"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The portal's public address, for links in e-mails sent outside a request (e.g. by management commands).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "mptt",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "portal.axes_app.AxesConfig",
    "csp",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI's files served from our own static files (no CDN), for the API's documentation page.
    "drf_spectacular_sidecar",
    "portal",
    "laws",
    "procedures",
    "handbooks",
    "approvals",
    # The public API and the bulk open-data files (issue 14): above every app whose data it publishes.
    "opendata",
    # Last: the benchmark's data generator (manage.py generate_scale) imports every app above.
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A view that loses PostgreSQL answers 503 in Thai (Retry-After), not 500 (portal/middleware.py).
    "portal.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware: pushes a signed-in session's 30-minute idle expiry forward, at most once a minute.
    "portal.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs sign-in unless decorated with login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # With DATABASE_REPLICA_URL: anonymous reads of the public pages from the replica (portal/replica.py).
    "portal.replica.ReplicaMiddleware",
    # Out-of-range dates and numbers in an admin changelist's filters: a 400 instead of a 500 (portal/admin_guard.py).
    "portal.admin_guard.AdminLookupGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the Thai lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.portal",
            ],
        },
    },
]

VAR_DIR = BASE_DIR / "var"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Thai trigram search needs a UTF-8 ctype; template0 lets the test database take one.
    DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = "template0"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded development database: a transaction that will write takes the write lock when it begins, so two
    # officials deciding at once queue for it (as PostgreSQL's row lock makes them) instead of one getting
    # "database is locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})

# A PostgreSQL streaming replica (README, "A read replica"): anonymous reads of the public pages and the API go to it,
# everything an official does and every read soon after a write goes to the primary (portal/replica.py). A replica
# that is down or lags more than REPLICA_MAX_LAG_SECONDS is not used (a warning is logged at most once a minute).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "10"))
REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", "2"))
REPLICA_STICKY_SECONDS = int(os.environ.get("REPLICA_STICKY_SECONDS", "60"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    # A replica that does not answer must not hold a request: the router falls back to the primary.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]

# A cache shared by every worker (the public pages, the search's capped counts, their invalidation on publication)
# needs Redis in production; without REDIS_URL each process keeps its own memory cache (development, tests).
# Redis holds only a cache: while it is down every call answers as a miss (portal/cache.py), never a 500.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "portal.cache.FailSoftRedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "portal"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# The public lists (home and search's first page, browse by agency) come from that cache, keyed by the publication
# generation, only when the cache is shared: a per-process cache would not see another worker's publication. (The
# handbook pages are keyed by their live version, read from the database, and are cached either way.)
PAGE_CACHE_LISTS = env_bool("PAGE_CACHE_LISTS", bool(REDIS_URL))
# Each worker also keeps the public pages it served last in its own memory, up to this many bytes (portal.pagecache):
# a stored page never changes under its key. Only with the shared cache; 0 turns it off.
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(64 * 2**20) if REDIS_URL else "0"))

# The public read-only API (/api/v1/, the opendata app): no sign-in, JSON only, cursor pages, a rate limit per
# client address (portal.netaddr, on the shared cache), errors in Thai and English.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/minute")
# How long an API answer may stay in the cache; publication and unpublication make it stale at once anyway.
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "300"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["opendata.throttling.ClientAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_THROTTLE_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "opendata.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API ข้อมูลเปิด คู่มือสำหรับประชาชน — Citizen Handbook open data API",
    "DESCRIPTION": (
        "คู่มือสำหรับประชาชนที่เผยแพร่แล้ว (เฉพาะฉบับที่เผยแพร่อยู่) หน่วยงาน และกฎหมาย อ่านได้โดยไม่ต้องเข้าสู่ระบบ "
        f"จำกัด {API_THROTTLE_RATE} ต่อที่อยู่ IP — Published citizen handbooks (live versions only), agencies and laws; "
        f"read-only, no sign-in, {API_THROTTLE_RATE} per client address."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# The licence named in the bulk files' datapackage.json (e.g. "Open Data Common"); empty: none is named.
OPEN_DATA_LICENSE = os.environ.get("OPEN_DATA_LICENSE", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 idle minutes: portal.middleware.SessionIdleMiddleware pushes the expiry forward (at most
# once a minute, instead of a database write on every request).
SESSION_COOKIE_AGE = 30 * 60
# In the database, never in the cache alone: a Redis outage must not sign everyone out (issue 15).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# Brute force: 5 failures for a username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
# The counters in the database (not the cache): a Redis outage must neither lift nor lose a lockout.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The address of a lockout and of every audit row: one function, aware of the proxies below (portal/netaddr.py).
AXES_CLIENT_IP_CALLABLE = "portal.netaddr.client_address"

# Behind a reverse proxy every request comes from the proxy's address. TRUSTED_PROXY_COUNT proxies stand in front
# of the portal (0: none, REMOTE_ADDR is the client); X-Forwarded-For is believed only from the addresses or
# networks in TRUSTED_PROXIES (comma-separated, e.g. "172.16.0.0/12,10.0.0.5").
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error} (addresses or networks, e.g. 172.16.0.0/12)") from None
if TRUSTED_PROXY_COUNT < 0 or (TRUSTED_PROXY_COUNT and not TRUSTED_PROXIES):
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy) or, with TRUSTED_PROXIES set, 1 or more.")

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
# The portal's Thai for Django's and django-axes' own messages: before every app's catalogue, since Django's admin
# (listed first) would otherwise win with its คุณ/ฉัน wording and leave its untranslated messages English.
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files have no public address; they leave only through views that check permission
# (portal.files.stored_file_response). With a prefix such as /_protected/ those views hand the sending to nginx
# (X-Accel-Redirect to its `internal` location over MEDIA_ROOT, deploy/nginx.conf); empty: Django streams them.
FILES_X_ACCEL_PREFIX = os.environ.get("FILES_X_ACCEL_PREFIX", "").strip()
if FILES_X_ACCEL_PREFIX and not (FILES_X_ACCEL_PREFIX.startswith("/") and FILES_X_ACCEL_PREFIX.endswith("/")):
    raise ImproperlyConfigured("FILES_X_ACCEL_PREFIX must start and end with '/', e.g. /_protected/.")
# Where uploaded and generated files (form samples, handbook PDFs) live: "filesystem" (MEDIA_ROOT, sent by nginx; one
# node, or a shared volume) or "database" (PostgreSQL, portal/storage.py: every web node reads the same files).
FILE_STORAGE = os.environ.get("FILE_STORAGE", "filesystem").strip().lower()
FILE_STORAGE_BACKENDS = {
    "filesystem": "django.core.files.storage.FileSystemStorage",
    "database": "portal.storage.DatabaseStorage",
}
if FILE_STORAGE not in FILE_STORAGE_BACKENDS:
    raise ImproperlyConfigured("FILE_STORAGE must be 'filesystem' or 'database'.")
STORAGES = {
    "default": {"BACKEND": FILE_STORAGE_BACKENDS[FILE_STORAGE]},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@handbook.localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS, usually on port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # TLS from the start, usually on port 465
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
# A mail server that accepts the connection and then hangs must not hold a request (or the daily reminders) forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# Security headers. HTTPS-only settings switch on with SECURE_SSL (production behind a TLS proxy).
SECURE_SSL = env_bool("SECURE_SSL", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_SSL
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE_SSL else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: everything from our own origin; inline scripts only with the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports each step of a handbook PDF's render at INFO (handbooks/pdf.py): keep its warnings only.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}
