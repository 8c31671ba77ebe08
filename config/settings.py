"""Fupin settings: one file, every deploy value from the environment (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(
                f"Environment variable {name} is required (DEBUG is off unless set; DEBUG=1 for development)"
            )
        return default
    return value


def envbool(name, default):
    value = env(name, "1" if default else "0").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def envint(name, default):
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def envlist(name, default):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Off unless set: a deployment that forgets the variable runs with production settings (HTTPS, secure cookies,
# a required SECRET_KEY). `make run` and the tests set DEBUG=1 (Makefile, pyproject's [tool.pytest_env]).
DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else None)
# Personal data at rest (fupin/core/crypto.py, docs/security.md "Personal data"): base64 keys of 32 bytes.
# Required without DEBUG; with DEBUG and unset, keys derived from SECRET_KEY are used.
FUPIN_DATA_KEY = env("FUPIN_DATA_KEY", "" if DEBUG else None)
FUPIN_DATA_KEYS_OLD = envlist("FUPIN_DATA_KEYS_OLD", "")  # older keys, still opened, for rotation
FUPIN_INDEX_KEY = env("FUPIN_INDEX_KEY", "" if DEBUG else None)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")
VAR_DIR = Path(env("FUPIN_VAR_DIR", str(BASE_DIR / "var")))
# Backups (`manage.py backup`, docs/deploy.md): base64 key of 32 bytes; the command refuses to run without
# it unless DEBUG (a key derived from SECRET_KEY, with a warning) or --unencrypted.
FUPIN_BACKUP_KEY = env("FUPIN_BACKUP_KEY", "")
BACKUP_DIR = Path(env("FUPIN_BACKUP_DIR", str(VAR_DIR / "backups")))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "fupin.core",
    "fupin.regions",
    "fupin.accounts",
    "fupin.audit",
    "fupin.registry",
    "fupin.jobs",
    "fupin.plan",
    "fupin.reports",
    "fupin.ledgers",
    "fupin.employment",
    "fupin.training",
    "fupin.funds",
    "fupin.industry",
    "fupin.finance",
    "fupin.insurance",
    "fupin.consumption",
    "fupin.monitoring",
    "fupin.cooperation",
    "fupin.dashboard",
]

MIDDLEWARE = [
    "fupin.core.metrics.RequestMetricsMiddleware",  # first: the latency it times includes every middleware
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "fupin.core.headers.NoStoreForSignedInMiddleware",
    "fupin.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fupin.audit.refusals.RefusalCountingMiddleware",
    "fupin.core.middleware.ScopeErrorMiddleware",  # OutOfScope -> 404, NotAllowed -> 403 (fupin/core/scope.py)
    "fupin.core.uploads.UploadLimitMiddleware",  # 413 before the body is read (docs/import.md)
    "fupin.accounts.middleware.IdleTimeoutMiddleware",
    "fupin.accounts.middleware.SignInGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fupin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fupin.core.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite (WAL) by default, PostgreSQL when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two writers
    # queue on busy_timeout instead of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-65536;"
            "PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "fupin.accounts.hashers.ConfiguredArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Argon2id parameters (fupin/accounts/hashers.py): OWASP's recommended configuration by default.
ARGON2 = {
    "memory_kib": envint("ARGON2_MEMORY_KIB", 19456),
    "time_cost": envint("ARGON2_TIME_COST", 2),
    "parallelism": envint("ARGON2_PARALLELISM", 1),
}
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "fupin.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 10)},
    },
    {
        "NAME": "fupin.accounts.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": envint("PASSWORD_MIN_CLASSES", 3)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "fupin.accounts.passwords.StrengthValidator",
        "OPTIONS": {"min_score": envint("PASSWORD_MIN_SCORE", 3)},
    },
]
# Days after which a password must be changed (0: never); a reset by an administrator forces a change too.
PASSWORD_MAX_AGE_DAYS = envint("PASSWORD_MAX_AGE_DAYS", 90)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures, counted per account and, separately, per address (so guessing one
# password across many accounts from one address is stopped too); fupin.accounts.throttle applies the
# address limit.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_HANDLER = "fupin.accounts.throttle.LoginThrottleHandler"
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Second factor (TOTP, django-otp) for the system roles and every role that may see full IDs or export
# the registry (fupin.accounts.roles.needs_second_factor).
OTP_REQUIRED = envbool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Fupin")
# Personal API tokens: lifetime when none is asked for, and the longest a user may ask for.
API_TOKEN_DEFAULT_DAYS = envint("API_TOKEN_DEFAULT_DAYS", 90)
API_TOKEN_MAX_DAYS = envint("API_TOKEN_MAX_DAYS", 365)

# Idle timeout is enforced by fupin.accounts.middleware (it touches the session at most once a minute,
# so reads do not turn into session writes); the cookie itself lives for a working day at most.
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = 12 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "fupin" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
# One number and date format in both languages (thousands grouped, dates 2020-05-08): docs/display.md.
FORMAT_MODULE_PATH = ["fupin.core.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "fupin" / "static"]
if (BASE_DIR / "node_modules" / "echarts" / "dist").exists():
    STATICFILES_DIRS.append(("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"))
# Without DEBUG, WhiteNoise serves what `collectstatic` wrote: compressed and with hashed names, cached for ever
# (with DEBUG, runserver serves the source folders).
if not DEBUG:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
IMPORT_MAX_BYTES = envint("IMPORT_MAX_MB", 200) * 1024 * 1024
# The upload gate of every importer (fupin/core/importing.py, docs/import.md "The upload gate").
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 1_100_000)
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELLS = envint("IMPORT_MAX_CELLS", 20_000_000)
IMPORT_MAX_UNZIPPED_MB = envint("IMPORT_MAX_UNZIPPED_MB", 1024)
IMPORT_MAX_ZIP_ENTRIES = envint("IMPORT_MAX_ZIP_ENTRIES", 2000)
IMPORT_MAX_ZIP_RATIO = envint("IMPORT_MAX_ZIP_RATIO", 100)
IMPORT_WORKER_MEMORY_MB = envint("IMPORT_WORKER_MEMORY_MB", 3072)
IMPORT_WORKER_CPU_SECONDS = envint("IMPORT_WORKER_CPU_SECONDS", 900)
IMPORT_ERROR_FILE_DAYS = envint("IMPORT_ERROR_FILE_DAYS", 7)  # encrypted error files, then purge_uploads
IMPORT_UPLOAD_KEEP_HOURS = envint("IMPORT_UPLOAD_KEEP_HOURS", 24)  # an uncommitted preview's upload

# Audit trail (docs/security.md "Audit trail"): entries stay in the table at least 180 days (等保 level 3),
# then `archive_audit` moves them to files; anchors and archives belong on another host or WORM storage.
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS may not be under 180")
AUDIT_ANCHOR_DIR = Path(env("AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit-anchors")))
AUDIT_ARCHIVE_DIR = Path(env("AUDIT_ARCHIVE_DIR", str(VAR_DIR / "audit-archive")))
# Refused requests (403/404) to record routes per user and day above which the security administrator is alerted.
AUDIT_REFUSAL_ALERT = envint("AUDIT_REFUSAL_ALERT", 50)


def cache_from_url(url):
    """CACHE_URL: locmem:// (one process: development, tests), file:///path (every process of one host),
    db://table (every host on the database; `manage.py createcachetable`) or redis://host:port/db."""
    scheme, _sep, rest = url.partition("://")
    backends = {
        "locmem": "django.core.cache.backends.locmem.LocMemCache",
        "file": "django.core.cache.backends.filebased.FileBasedCache",
        "db": "django.core.cache.backends.db.DatabaseCache",
        "redis": "django.core.cache.backends.redis.RedisCache",
        "rediss": "django.core.cache.backends.redis.RedisCache",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {scheme!r} (locmem, file, db, redis)")
    return {"BACKEND": backends[scheme], "LOCATION": url if scheme.startswith("redis") else rest}


# The cache holds the API rate counts, so in production it must be shared by every process.
CACHES = {
    "default": cache_from_url(env("CACHE_URL", "locmem://" if DEBUG else f"file://{VAR_DIR / 'cache'}"))
}
# Per-user API rates (fupin.core.api_throttles, docs/security.md "API"): every request, and lists (the way
# to read personal data in bulk) per minute and per hour. Empty: no limit.
API_RATE = env("API_RATE", "3000/hour")
API_LIST_BURST_RATE = env("API_LIST_BURST_RATE", "30/min")
API_LIST_RATE = env("API_LIST_RATE", "600/hour")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "fupin.accounts.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "fupin.core.api_filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "fupin.core.api_throttles.ApiRateThrottle",
        "fupin.core.api_throttles.ListBurstRateThrottle",
        "fupin.core.api_throttles.ListRateThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "fupin.core.api_pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "fupin.core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fupin API",
    "DESCRIPTION": "扶贫 — poverty-alleviation work system. Every endpoint is limited to the caller's region scope.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema names every route and field: served to signed-in users only (session or token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "fupin.core.api_errors.document_errors",  # 400/401/403/404/409/429 in the one error format
    ],
    # One component per code list, named after it (several fields share a list, several lists a field name).
    "ENUM_NAME_OVERRIDES": {
        "LedgerKindEnum": "fupin.ledgers.choices.LedgerKind",
        "LedgerSourceEnum": "fupin.ledgers.choices.Source",
        "LedgerCategoryEnum": "fupin.ledgers.choices.Category",
        "SupervisionTargetKindEnum": "fupin.ledgers.choices.TargetKind",
        "ProgramKindEnum": "fupin.training.choices.ProgramKind",
        "PostKindEnum": "fupin.employment.choices.PostKind",
        "PovertyCauseEnum": "fupin.registry.choices.PovertyCause",
        "WorkAreaEnum": "fupin.employment.choices.WorkArea",
        "PlanTaskStatusEnum": "fupin.plan.models.TaskStatus",
        "AllocationStatusEnum": "fupin.funds.choices.AllocationStatus",
        "DisbursementStatusEnum": "fupin.funds.choices.DisbursementStatus",
        "IndustryKindEnum": "fupin.industry.choices.IndustryKind",
        "LoanKindEnum": "fupin.finance.choices.LoanKind",
        "InsuranceProductKindEnum": "fupin.insurance.choices.ProductKind",
        "SupplierKindEnum": "fupin.consumption.choices.SupplierKind",
        "BuyerKindEnum": "fupin.consumption.choices.BuyerKind",
        "ProductCategoryEnum": "fupin.consumption.choices.ProductCategory",
        "RiskRuleKindEnum": "fupin.monitoring.choices.RuleKind",
        "MonitoringMarkEnum": "fupin.registry.choices.MonitoringMark",
        "HousingGradeEnum": "fupin.registry.choices.HousingGrade",
        "MeasureKindEnum": "fupin.monitoring.choices.MeasureKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Background jobs run on a task queue (django-tasks, docs/jobs.md): the database backend by default (its
# `db_worker`, started by `manage.py run_worker`; no extra server), RQ on Redis for several hosts, or at once
# in the calling process ("immediate": the tests).
TASKS_BACKEND = env("TASKS_BACKEND", "database")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, got {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": env("REDIS_URL", "redis://127.0.0.1:6379/0"),
            # RQ stops a job after this; an import of a province takes minutes (docs/performance.md).
            "DEFAULT_TIMEOUT": envint("JOBS_TIMEOUT_SECONDS", 6 * 3600),
        }
    }
# A running job touches a heartbeat file every few seconds; one silent for longer than this is taken as
# dead (its worker killed, its host gone) and marked failed by the sweep (docs/jobs.md).
JOBS_LEASE_SECONDS = envint("JOBS_LEASE_SECONDS", 60)

# Operations (docs/deploy.md "What to watch"): /healthz fails under this much free space for uploads, and
# /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>` (404 while no token is set).
HEALTH_MIN_FREE_MB = envint("HEALTH_MIN_FREE_MB", 1024)
METRICS_TOKEN = env("METRICS_TOKEN", "")

# Demo only: production settings served over plain http on this machine's loopback (`make serve`), so a
# browser on the same machine keeps its cookies. Refused unless every allowed host is a loopback name.
FUPIN_LOOPBACK_HTTP = envbool("FUPIN_LOOPBACK_HTTP", False)
if FUPIN_LOOPBACK_HTTP and not set(ALLOWED_HOSTS) <= {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}:
    raise ImproperlyConfigured(
        "FUPIN_LOOPBACK_HTTP=1 is for the loopback demo: ALLOWED_HOSTS must be loopback"
    )
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not FUPIN_LOOPBACK_HTTP)
    # A load balancer or monitor probes these over plain http on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    SESSION_COOKIE_SECURE = not FUPIN_LOOPBACK_HTTP
    CSRF_COOKIE_SECURE = not FUPIN_LOOPBACK_HTTP
    SECURE_HSTS_SECONDS = 0 if FUPIN_LOOPBACK_HTTP else envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): scripts only from this server, never inline (page data travels in
# json_script tags and data-* attributes, behaviour in fupin/static/fupin/js/). Styles allow inline
# attributes: about fifty templates size bars and cells with style="…", and htmx adds its indicator style;
# an injected style cannot run code, so the script rule is what stops cross-site scripting.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
