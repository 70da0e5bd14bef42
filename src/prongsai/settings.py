"""Django settings for Prongsai.

Every operator setting comes from the environment through the small typed helpers below, which
fail loudly on a malformed value. Development mode (PRONGSAI_DEBUG=1, set by `make run`) is the
only place where insecure defaults are allowed; production is secure by default.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from prongsai.security import keyfiles
from prongsai.security.clientaddr import parse_trusted_proxies

PACKAGE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, data_dir: Path) -> dict:
    """Turn DATABASE_URL (postgres://… or sqlite:///path) into a Django DATABASES entry."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": data_dir / "prongsai.sqlite3",
            # Keep connections: opening one and running the pragmas costs ~1 ms a request.
            "CONN_MAX_AGE": 60,
            "OPTIONS": {
                # WAL lets readers work while a survey response is being written; IMMEDIATE
                # takes the write lock at BEGIN, so concurrent writers queue instead of failing
                # with "database is locked" when a read transaction tries to upgrade.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    parsed = urlparse(url)
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parsed.path) or ":memory:"}
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parsed.scheme!r} is not supported")


DEBUG = env_bool("PRONGSAI_DEBUG", False)
DATA_DIR = Path(env_str("PRONGSAI_DATA_DIR", str(Path.cwd() / "var"))).resolve()

# An operator may set SECRET_KEY; otherwise it is made once into the data directory (mode 0600)
# so a new install works and sessions survive restarts. Development mode keeps a fixed key.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
    else:
        SECRET_KEY = keyfiles.secret_key(DATA_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "prongsai.geo",
    "prongsai.orgs",
    "prongsai.frameworks",
    "prongsai.ita",
    "prongsai.lpa",
    "prongsai.plans",
    "prongsai.surveys",
    "prongsai.ethics",
    "prongsai.complaints",
    "prongsai.oit",
    "prongsai.reminders",
    "prongsai.delegation",
    "prongsai.documents",
    "prongsai.jobs",
    "prongsai.audit",
    "auditlog",
    "prongsai.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "prongsai.ops",
    "prongsai.demo",
    "django_htmx",
    "axes",
]

MIDDLEWARE = [
    # Outermost, so every response carries the policy: also a 400 made by an inner middleware.
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # An unprefixed page, for someone who chose English, redirects to its /en/ page (language.py).
    "prongsai.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "prongsai.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A malformed query parameter (?year=abc) is a 400 page in Thai, never a 500.
    "prongsai.params.BadParameterMiddleware",
    # An organisation's broken uploaded document template is a page that names it, not a 500.
    "prongsai.documents.middleware.DocumentTemplateErrorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prongsai.urls"
WSGI_APPLICATION = "prongsai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "prongsai.frameworks.context_processors.provisional_criteria",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The axes backend comes first: a locked-out account is refused before its password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Flood guards and rotating salts live in the cache: Redis in production (shared by all workers).
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# The client's address for every guard: how many reverse proxies stand in front of the server,
# or the addresses/networks they speak from. Unset: X-Forwarded-For is never believed.
TRUSTED_PROXIES = parse_trusted_proxies(env_str("PRONGSAI_TRUSTED_PROXIES"))
# Responses per hour from one (hashed) network address before a survey refuses more.
SURVEY_FLOOD_LIMIT = int(env_str("PRONGSAI_SURVEY_FLOOD_LIMIT", "60"))
# Only for bench/intake.py: a bare view that inserts one row, as the baseline.
BENCH_ENDPOINTS = env_bool("PRONGSAI_BENCH_ENDPOINTS", False)

# Complaints: Fernet keys for the complainants' identities, newest first, never derived from
# SECRET_KEY. Unset: the key file in the data directory, made on first use (mode 0600).
# And how long a concluded complaint keeps the identity and files.
if env_str("PRONGSAI_FIELD_KEY"):
    raise ImproperlyConfigured(
        "PRONGSAI_FIELD_KEY is now PRONGSAI_FIELD_KEYS (a comma-separated list, newest first)"
    )
FIELD_KEYS = env_list("PRONGSAI_FIELD_KEYS", [])
FIELD_KEYS_FILE = DATA_DIR / keyfiles.FIELD_KEYS_FILE
COMPLAINT_RETENTION_DAYS = int(env_str("PRONGSAI_COMPLAINT_RETENTION_DAYS", "365"))
# A finished job's result file (a ZIP of documents, a full national report) is kept this many
# days, then removed by the scheduler; the job's page says so and the work can be asked again.
JOB_RESULT_DAYS = int(env_str("PRONGSAI_JOB_RESULT_DAYS", "30"))

# Login throttling (django-axes): failures counted per account and per client address within
# the lock time; at the limit that account or client is locked for the lock time. An office
# behind one address gets a higher limit than one account. An administrator unlocks in the admin
# (Axes › Access attempts: delete the row) or with `prongsai axes_reset_username NAME`.
LOGIN_FAILURE_LIMIT = int(env_str("PRONGSAI_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_CLIENT_FAILURE_LIMIT = int(env_str("PRONGSAI_LOGIN_CLIENT_FAILURE_LIMIT", "20"))
LOGIN_LOCK_MINUTES = int(env_str("PRONGSAI_LOGIN_LOCK_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCK_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "prongsai.security.logins.PrivateDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "prongsai.security.clientaddr.client_address"
AXES_LOCKOUT_CALLABLE = "prongsai.security.logins.locked_out"
AXES_USERNAME_CALLABLE = "prongsai.security.logins.username"
AXES_RESET_ON_SUCCESS = True
# Store and log as little as works: no log of successful logins or of every failure, no address
# or user name in log lines, and tries during a lock are not recorded. A failure record (user
# name typed, client address, date and time) is deleted once the lock time has passed, at the
# next login anywhere on the server.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken", "next"]

# Content-Security-Policy on every response: scripts and styles from our own static files only
# (no inline script, no style="" attribute), nothing may frame us, forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# The REST API (/api/v1/, prongsai.api): API tokens or the signed-in session, JSON only, paged,
# one request budget per token, user or address (PRONGSAI_API_RATE, e.g. 600/minute; off: none).
API_RATE = env_str("PRONGSAI_API_RATE", "600/minute")
API_PAGE_SIZE = int(env_str("PRONGSAI_API_PAGE_SIZE", "50"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "prongsai.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["prongsai.api.permissions.ApiAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["prongsai.api.throttling.ApiRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "prongsai.api.pagination.Pages",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Prongsai API",
    "DESCRIPTION": (
        "ข้อมูล ITA แผน มาตรการ และหลักฐาน OIT ขององค์กรปกครองส่วนท้องถิ่น "
        "(ITA results, plans, measures and OIT evidence of Thai local government organisations). "
        "Send a token as `Authorization: Bearer prs_…`."
    ),
    "VERSION": "1",
    # Operations are grouped by what follows /api/v1/ and an organisation's /orgs/{org_slug}/.
    "SCHEMA_PATH_PREFIX": r"/api/v1/(orgs/\{org_slug\}/)?",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "prongsai.api.schema.error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MeasureStatusEnum": "prongsai.plans.models.IntegrityMeasure.Status",
        "ProgressStatusEnum": "prongsai.plans.models.Progress.Status",
        "FrameworkStatusEnum": "prongsai.frameworks.models.Framework.Status",
    },
}

# The OIT checker refuses private and loopback addresses (web, CLI, cron) unless this is on: a
# test website on this machine or an intranet. The old name still works as an alias.
OIT_ALLOW_PRIVATE = env_bool(
    "PRONGSAI_OIT_ALLOW_PRIVATE", env_bool("PRONGSAI_OIT_CHECK_ALLOW_PRIVATE", False)
)

# The OIT checker's limit of requests at once per website holds across every worker when Redis
# is at hand (the cache's, else the queue's); in the embedded default, within each check.
OIT_HOST_LIMIT_URL = (
    env_str("PRONGSAI_OIT_HOST_LIMIT_URL")
    or REDIS_URL
    or (
        env_str("PRONGSAI_BROKER_URL")
        if env_str("PRONGSAI_BROKER_URL").startswith(("redis://", "rediss://"))
        else ""
    )
)
OIT_PER_HOST = int(env_str("PRONGSAI_OIT_PER_HOST", "4"))
# A website answering 429/503 with Retry-After is asked again after that wait, at most this many
# seconds; one asking for longer is reported busy (oit/checker.py).
OIT_RETRY_AFTER_MAX = float(env_str("PRONGSAI_OIT_RETRY_AFTER_MAX", "30"))
# The page the checker's User-Agent names, where a website's administrator reads what it does
# and how to reach whoever runs it; empty: this instance's own /about/checker/ page.
CHECKER_CONTACT_URL = env_str("PRONGSAI_CHECKER_CONTACT_URL", "")

# The audit trail of organisation data (django-auditlog, our own entry model in prongsai.audit).
# No addresses are kept, and restoring a backup (raw saves) does not rewrite history.
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# auditlog's own entry table is swapped for ours; its migrations would still create it, empty.
MIGRATION_MODULES = {"auditlog": None}

# Documents: PDFs are the Word files laid out by LibreOffice, kept warm by a conversion server on
# this loopback port (unoserver), run by the Python that has LibreOffice's uno module.
LIBREOFFICE_PORT = int(env_str("PRONGSAI_LIBREOFFICE_PORT", "2003"))
UNO_PYTHON = env_str("PRONGSAI_UNO_PYTHON", "/usr/bin/python3")
SOFFICE = env_str("PRONGSAI_SOFFICE", "soffice")
LIBREOFFICE_TIMEOUT = int(env_str("PRONGSAI_LIBREOFFICE_TIMEOUT", "180"))

# Background jobs (Celery). Embedded default: a SQLite file in the data directory is the queue,
# and `make run` starts a worker and the scheduler beside the web server. Production:
# PRONGSAI_BROKER_URL=redis://host:6379/1 or amqp://user:pass@host:5672// and any number of
# `prongsai worker` processes, one `prongsai scheduler`.
CELERY_BROKER_URL = env_str("PRONGSAI_BROKER_URL") or f"sqla+sqlite:///{DATA_DIR / 'queue.sqlite'}"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One queue per installation: installations sharing a Redis or RabbitMQ server keep apart.
CELERY_TASK_DEFAULT_QUEUE = env_str("PRONGSAI_QUEUE", "prongsai")
# A message is acknowledged after its job ends, and given back when the worker's process dies:
# a killed worker's job runs again (jobs are idempotent). Redis gives an unacknowledged message
# to another worker after the visibility timeout, which must exceed the longest job.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": int(env_str("PRONGSAI_BROKER_VISIBILITY_TIMEOUT", str(7 * 3600)))}
    if CELERY_BROKER_URL.startswith(("redis", "rediss"))
    else {}
)
# Time limits: a job is told to stop (soft, the job ends with a Thai message), then killed.
CELERY_TASK_SOFT_TIME_LIMIT = 30 * 60
CELERY_TASK_TIME_LIMIT = 7 * 3600
# Progress and results live in the Job table; Celery keeps no results of its own.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Bangkok"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic jobs, sent by `prongsai scheduler` (Celery beat): no crontab lines.
CELERY_BEAT_SCHEDULE = {
    "oit-nightly-recheck": {
        "task": "prongsai.oit.recheck_all",
        "schedule": crontab(hour=1, minute=30),
        "options": {"expires": 6 * 3600},
    },
    "complaint-retention-purge": {
        "task": "prongsai.complaints.purge",
        "schedule": crontab(hour=3, minute=0),
        "options": {"expires": 6 * 3600},
    },
    "daily-reminders": {
        "task": "prongsai.reminders.send",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 6 * 3600},
    },
    "job-results-expire": {
        "task": "prongsai.jobs.expire_results",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 6 * 3600},
    },
    # Jobs left running by a lost worker are queued again (jobs/recovery.py).
    "jobs-recover": {
        "task": "prongsai.jobs.recover",
        "schedule": 300.0,
        "options": {"expires": 240},
    },
}

# Email (the daily reminders): SMTP when a host is named, else printed on the console.
EMAIL_HOST = env_str("PRONGSAI_EMAIL_HOST", "")
EMAIL_PORT = int(env_str("PRONGSAI_EMAIL_PORT", "587"))
EMAIL_HOST_USER = env_str("PRONGSAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("PRONGSAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_PORT == 587
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("PRONGSAI_EMAIL_FROM", "prongsai@localhost")

# Where the public reaches this server, for links printed on posters and slips by the CLI.
BASE_URL = env_str("PRONGSAI_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded files: the data directory by default; S3-compatible object storage (MinIO, through
# django-storages) when a bucket is named, so several web servers and workers share them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env_str("PRONGSAI_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("PRONGSAI_S3_BUCKET"),
            "endpoint_url": env_str("PRONGSAI_S3_ENDPOINT_URL") or None,
            "access_key": env_str("PRONGSAI_S3_ACCESS_KEY"),
            "secret_key": env_str("PRONGSAI_S3_SECRET_KEY"),
            "region_name": env_str("PRONGSAI_S3_REGION", "us-east-1"),
            "default_acl": None,  # private: files are served through views that check access
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
MEDIA_URL = "media/"

# Secure by default; development mode relaxes only what plain-HTTP localhost needs.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The load balancer's probes speak plain HTTP to the server itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
