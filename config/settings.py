"""danvan settings: behaviour decided by environment variables (see .env.example); the public portal's part is in
config/settings_portal.py."""

from pathlib import Path

import environ

from config.env import NonEmptyEnv

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

# `.env.example` copied verbatim to `.env` leaves every value empty: an empty value means "unset"
# (the default applies), never "" parsed as a URL, a number or a boolean.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
env = NonEmptyEnv()


# --- secrets ---------------------------------------------------------------------------------
def _development_secret_key() -> str:
    """A random key kept in var/ so sessions survive restarts on a developer machine."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.utils.crypto import get_random_string

        key_file.write_text(get_random_string(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY_FROM_ENVIRONMENT = bool(env.str("SECRET_KEY", default=""))
SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "huey.contrib.djhuey",
    "danvan.core",
    "danvan.orgunits",
    "danvan.accounts",
    "danvan.reports",
    "danvan.registry",
    "danvan.activities",
    "danvan.commendations",
    "danvan.petitions",
    "danvan.campaigns",
    "danvan.annual",
    "danvan.submissions",
    "danvan.dashboards",
    "danvan.jobs",
    "danvan.reminders",
    "danvan.programme",
    *[  # the public portal (issue 17): Wagtail without embeds (they fetch from the internet)
        "django.contrib.sitemaps", "wagtail.contrib.sitemaps", "wagtail.contrib.routable_page", "wagtail.sites",
        "wagtail.users", "wagtail.snippets", "wagtail.documents", "wagtail.images", "wagtail.search",
        "wagtail.admin", "wagtail", "modelcluster", "taggit", "danvan.portal",
    ],
    "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static",  # second factor (issue 13)
    "danvan.prestige",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "danvan.portal.middleware.PortalPageCacheMiddleware",  # cached public articles for readers, before sessions
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "danvan.core.middleware.InputHygieneMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "danvan.core.picker.PickerScopeMiddleware",  # pickers resolve typed names within the user's scope
    # Every page needs a login unless its view is marked @login_not_required (see docs/ARCHITECTURE.md).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Second factor (issue 13): django-otp marks verified sessions; ours holds back unverified approvers,
    # unit administrators, editors and superusers when OTP_REQUIRED is on (danvan/accounts/otp.py).
    "django_otp.middleware.OTPMiddleware",
    "danvan.accounts.otp.SecondFactorMiddleware",
    "danvan.core.middleware.ReadersDoNotWriteMiddleware",
    "danvan.core.middleware.AbsoluteSessionLifetimeMiddleware",
    "danvan.core.middleware.SessionTouchMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danvan.portal.middleware.EditorContentSecurityPolicyMiddleware",  # the Wagtail editor only
    "danvan.core.middleware.ContentSecurityPolicyMiddleware",
    "danvan.core.middleware.PrivateNoStoreMiddleware",
    "danvan.core.middleware.ConfirmActionMiddleware",
    "danvan.core.api_errors.ApiErrorShapeMiddleware",
    "danvan.core.sync.ApiConditionalGetMiddleware",
    "danvan.core.idempotency.IdempotencyMiddleware",
    "danvan.core.middleware.UniqueConflictMiddleware",  # a lost race on a unique key: 409, never 500 (issue 13)
    "danvan.core.page_cache.SignedInPageCacheMiddleware",  # last: only the view is skipped (issue 16)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "danvan.core.context_processors.navigation",
            ],
            "builtins": ["danvan.core.templatetags.vn"],
        },
    }
]

# --- database --------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'danvan.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the development server read while a command writes; the init commands run per connection.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-200000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    # A kept connection that the server dropped (restart, pg_terminate_backend) is replaced before the request
    # uses it, so only requests in flight at that moment fail (503, core.unavailable).
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and sessions ----------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "danvan.core.cache_backends.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "danvan_cache",
        }
    }
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
SESSION_SAVE_EVERY_REQUEST = False  # see SESSION_TOUCH_SECONDS (issue 16)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- auth ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_RATE_LIMIT = env.int("LOGIN_RATE_LIMIT", default=5)  # failed attempts per window
LOGIN_RATE_WINDOW = env.int("LOGIN_RATE_WINDOW", default=15 * 60)  # seconds
LOGIN_ADDRESS_RATE_LIMIT = env.int("LOGIN_ADDRESS_RATE_LIMIT", default=30)  # attempts per address and window
# Reverse proxies in front of the app (nginx = 1). Rate limits read the client's address from the entries of
# X-Forwarded-For that these proxies appended; with 0 only REMOTE_ADDR counts (the header is forgeable).
PROXY_HOPS = env.int("PROXY_HOPS", default=1 if env.bool("BEHIND_PROXY", default=False) else 0)

# --- i18n ------------------------------------------------------------------------------------
# Message ids are written in Vietnamese (the primary language); locale/en translates them.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off: years and codes must never print as "2.026". Figures are grouped explicitly with the vn_number filter.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["config.formats"]

# --- static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names once `collectstatic` has written its manifest (production, `make run`);
    # plain names served straight from static/ before that or with DEBUG on, so plain `runserver`
    # never fails on a missing manifest entry (see danvan/core/staticfiles.py).
    "staticfiles": {"BACKEND": "danvan.core.staticfiles.DanvanStaticFilesStorage"},
}
STATIC_COLLECTED = not DEBUG and (STATIC_ROOT / "staticfiles.json").exists()
# Whitenoise serves the app's own static/ directories when nothing has been collected.
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded files are never served by URL: they go through a view that checks permissions.
MEDIA_URL = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Imports (core.imports.read_table): data rows and columns per file, and for XLSX the unpacked size and the
# unpack ratio, checked before parsing so a small zip bomb is refused at once.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=100)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_UNPACK_RATIO = env.int("IMPORT_MAX_UNPACK_RATIO", default=100)

# --- security --------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and env.bool("HTTPS", default=False))
SESSION_COOKIE_SECURE = env.bool("HTTPS", default=False)
CSRF_COOKIE_SECURE = env.bool("HTTPS", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if env.bool("HTTPS", default=False) else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# --- REST API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["danvan.accounts.tokens.BearerTokenAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated",
                                   "danvan.core.api_permissions.ReadersDoNotWrite"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON bodies must be objects (core.api_parsers.ObjectJSONParser); every body NFC with NUL refused, like the
    # pages' forms (core.parsers).
    "DEFAULT_PARSER_CLASSES": ["danvan.core.parsers.JSONParser", "danvan.core.parsers.FormParser",
                               "danvan.core.parsers.MultiPartParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "danvan.core.sync.SyncPageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "danvan.core.api.exception_handler",
    # 429 with Retry-After past these rates (per user / per address); generous for sync clients.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle",
                                 "rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env("API_RATE_USER", default="3000/minute"),
                               "anon": env("API_RATE_ANON", default="60/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "danvan API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI assets come from the pinned sidecar package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["danvan.core.api_schema.only_api_paths"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "danvan.core.api_schema.add_error_responses"],
    # Several models name their choices Kind/Status; give each choice set one stable schema name.
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "danvan.accounts.models.Membership.Role",
        "ActivityStatusEnum": "danvan.activities.models.Activity.Status",
        "CommitmentStatusEnum": "danvan.activities.models.Commitment.Status",
        "DocumentReviewKindEnum": "danvan.activities.models.DocumentReview.Kind",
        "ProjectStatusEnum": "danvan.activities.models.Project.Status",
        "AnnualReportStatusEnum": "danvan.annual.models.AnnualReport.Status",
        "CampaignKindEnum": "danvan.campaigns.models.Campaign.Kind",
        "HouseKindEnum": "danvan.campaigns.models.House.Kind",
        "HouseStatusEnum": "danvan.campaigns.models.House.Status",
        "LedgerEntryKindEnum": "danvan.campaigns.models.LedgerEntry.Kind",
        "AwardFormKindEnum": "danvan.commendations.models.AwardForm.Kind",
        "CommendationStatusEnum": "danvan.commendations.models.Commendation.Status",
        "OrgUnitKindEnum": "danvan.orgunits.models.OrgUnit.Kind",
        "LevelEnum": "danvan.orgunits.models.OrgUnit.Level",  # the same four levels everywhere
        "CaseChannelEnum": "danvan.petitions.models.Case.Channel",
        "CaseStatusEnum": "danvan.petitions.models.Case.Status",
        "PetitionKindEnum": "danvan.petitions.models.Kind",
        "SentimentReportStatusEnum": "danvan.petitions.models.SentimentReport.Status",
        "DvkModelKindEnum": "danvan.registry.models.DvkModel.Kind",
        "DvkYearStatusEnum": "danvan.registry.models.DvkYear.Status",
        "SubmissionStatusEnum": "danvan.submissions.models.Submission.Status",
        "PrestigePersonStatusEnum": "danvan.prestige.models.Person.Status",
        "PrestigeSupportKindEnum": "danvan.prestige.models.SupportEntry.Kind",
        "PrestigePersonRoleEnum": "danvan.prestige.models.Person.Role",
        "PrestigePersonSexEnum": "danvan.prestige.models.Person.Sex",
        "PrestigeAuthorityEnum": "danvan.prestige.models.Person.Authority",
        "ProgrammeStatusEnum": "danvan.programme.models.Programme.Status",
        "ProgrammeItemKindEnum": "danvan.programme.models.ProgrammeItem.Kind",
        "ProgrammeItemStatusEnum": "danvan.programme.models.ProgrammeItem.Status",
        "ProgrammeLinkFieldEnum": "danvan.programme.models.LINK_FIELD_CHOICES",
        "FieldEnum": "danvan.petitions.models.Field",  # keeps its name beside the programme's "field"
        "SourceEnum": "danvan.reports.models.Indicator.Source",  # and this one beside the programme's "source"
        "ProgrammeItemSourceEnum": "danvan.programme.models.ProgrammeItem.SOURCE_CHOICES",
    },
}

# --- danvan ----------------------------------------------------------------------------------
# Attendance above the ceiling needs an explicit confirmation; above the maximum it is refused.
ACTIVITY_ATTENDEES_CEILING = env.int("ACTIVITY_ATTENDEES_CEILING", default=20000)
ACTIVITY_ATTENDEES_MAXIMUM = env.int("ACTIVITY_ATTENDEES_MAXIMUM", default=5_000_000)
# The reporting year runs over the calendar year unless set, e.g. "12-15" for 15/12 – 14/12.
REPORTING_YEAR_START = env.str("REPORTING_YEAR_START", default="01-01")
# When true, a parent sees only figures of approved reports of its children.
APPROVED_FIGURES_ONLY = env.bool("APPROVED_FIGURES_ONLY", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403) is an ordinary answer: one warning line, never a traceback.
    "filters": {"no_403_traceback": {"()": "danvan.core.logging.DropForbiddenTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_403_traceback"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- background jobs (Huey) ------------------------------------------------------------------
# Embedded by default: a SQLite queue under var/ and one consumer started by `make run`. In production
# REDIS_URL puts the queue in Redis, and as many `manage.py run_huey` processes as the load needs consume it.
HUEY = {
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "name": "danvan",
    "immediate": env.bool("HUEY_IMMEDIATE", default=False),
    "utc": True,
    "connection": {"url": REDIS_URL} if REDIS_URL else {"filename": str(VAR_DIR / "huey.sqlite3")},
    "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
}
# Imports of files above this size run as jobs (danvan.jobs, page /cong-viec/<id>/); smaller ones in the request.
IMPORT_JOB_THRESHOLD_BYTES = env.int("IMPORT_JOB_THRESHOLD_BYTES", default=100 * 1024)
IMPORT_ERRORS_SHOWN = 200  # problems listed on an import's page; the full list is a download
JOB_MAX_STORED_ERRORS = env.int("JOB_MAX_STORED_ERRORS", default=100_000)
JOB_PROGRESS_SECONDS = 1.0  # progress written at most this often
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=10)
# A running job without a heartbeat this long is taken back and queued again (JOB_MAX_ATTEMPTS runs at most).
JOB_STALL_SECONDS = env.int("JOB_STALL_SECONDS", default=120)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
JOB_KEEP_FILES_DAYS = env.int("JOB_KEEP_FILES_DAYS", default=7)  # files of failed jobs, for a retry

# --- performance (issue 16) ------------------------------------------------------------------
# Sessions: with Redis, read from the cache and written through to the database (survive a Redis restart);
# without it (the embedded default) in the database. A session is written only when it changes, or to renew
# the inactivity timeout at most once per SESSION_TOUCH_SECONDS (core.middleware.SessionTouchMiddleware).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_TOUCH_SECONDS = env.int("SESSION_TOUCH_SECONDS", default=60)
# Figures, report pages and documents are cached under the version of what they were computed from
# (reports/cache.py), so entries never go stale; this only bounds how long unused ones stay.
REPORT_CACHE_SECONDS = env.int("REPORT_CACHE_SECONDS", default=24 * 3600)
# Signed-in pages re-served while nothing changed (core/page_cache.py): bounds what no version covers; 0 = off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)

# --- public portal (issue 17): Wagtail and the portal's own settings -------------------------------
from config.settings_portal import *  # noqa: E402, F403

# Wagtail logs every page edit and background task at INFO; the audit trail is Wagtail's own log.
LOGGING["loggers"].update({name: {"level": "WARNING"} for name in ("wagtail", "django_tasks", "modelsearch")})

# --- API: tokens, sync, DHIS2 exchange (issue 11) ---
# A DHIS2 data value set is read from the request stream with its own limit (100.000 values ≈ 12 MB).
DATAVALUESETS_MAX_BYTES = env.int("DATAVALUESETS_MAX_BYTES", default=64 * 1024 * 1024)
IDEMPOTENCY_KEY_HOURS = env.int("IDEMPOTENCY_KEY_HOURS", default=24)

# --- reminders and e-mail (issue 18) ---------------------------------------------------------------------
# Links in e-mails are absolute: the address users open the site at.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# SMTP when EMAIL_HOST is set; otherwise the console backend (make run, DEBUG): messages print in the output
# of the job consumer. EMAIL_BACKEND overrides both (e.g. django.core.mail.backends.filebased.EmailBackend).
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                        else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=not EMAIL_USE_SSL and EMAIL_PORT == 587)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)  # seconds: a hung server delays a job, never a page
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="danvan <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- second factor (issue 13) ----------------------------------------------------------------
# Approvers, unit administrators, portal editors and superusers sign in with a TOTP code too (or a one-time
# recovery code). On unless OTP_REQUIRED=0; personal API tokens are not affected (docs/SECURITY.md).
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="danvan")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the Django admin never shows TOTP keys or recovery codes
