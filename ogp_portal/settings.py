"""Settings for the portal. Every value comes from the environment (see README:
Configuration); with nothing set, the portal runs embedded: SQLite, Celery
tasks in-process, email on the console."""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    SECRET_KEY = "dev-only-not-secret-" + "x" * 40  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
SITE_ID = 1

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "import_export",
    "simple_history",
    # The project's apps, lowest first: an app imports only those above it
    # in this list (tests/test_architecture.py).
    "core",
    "plans",
    "workshops",
    "commitments",
    "ideas",
    "consultations",
    "committee",
    "opendata",
    "demo",
]

MIDDLEWARE = [
    "core.middleware.permissions_policy",  # first: on every response, static files included
    "django.middleware.security.SecurityMiddleware",
    # Outside whatever answers early (the 413 below): every page carries it.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # answers HEAD of static files itself
    "core.middleware.head_as_get",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known (its page is in it), before anything reads the body.
    "core.middleware.request_size_limit",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.private_when_signed_in",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Who made each change that django-simple-history records (commitments).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ogp_portal.urls"
WSGI_APPLICATION = "ogp_portal.wsgi.application"

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
                "core.context_processors.portal",
                "plans.context_processors.menu",
            ],
            # The portal's filters in every template, the admin's and allauth's
            # included, without a {% load %}: names and titles go through
            # `bdi` / `isolate` everywhere (core.bidi).
            "builtins": ["core.templatetags.portal"],
        },
    },
]

# Database: SQLite file in the project folder unless DATABASE_URL is given.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short: PostgreSQL's JIT compiler, which starts
    # on large plans (the open-data exports), costs more than it saves there.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A server that does not answer (a lost network) fails the request in
    # seconds, answered 503 (core.views.server_error), rather than after minutes.
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _next_redis_database(url: str) -> str:
    """redis://h:p/0 -> redis://h:p/1 (no number means 0)."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


# Redis: Celery broker and result backend (REDIS_URL as given), and the cache
# on a database of its own: clearing the cache (FLUSHDB) must not empty the
# task queue.
REDIS_URL = env_str("REDIS_URL")
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL") or (REDIS_URL and _next_redis_database(REDIS_URL))
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            # Fails open: a request never fails because Redis is down (core/cache.py).
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
# In-process tasks behave like queued ones: a failing task never breaks the
# request that enqueued it (and retries run instead of raising).
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Africa/Casablanca"
# A request must not hang when Redis is down: publishing tries one connection,
# for a second at most, and gives up; the outbox row waits and the sweep below
# sends it later (core.notifications.enqueue). The worker's own reconnections
# follow broker_connection_max_retries, not these.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0, "socket_connect_timeout": 1}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    "sweep-notification-outbox": {
        "task": "core.tasks.sweep_outbox",
        "schedule": crontab(minute="*/5"),
    },
    "purge-notification-outbox": {
        "task": "core.tasks.purge_outbox",
        "schedule": crontab(hour=3, minute=30),
    },
    # Each is safe to run twice (workshops/tasks.py): a reminder is claimed
    # before it is sent.
    "workshop-seat-reminders": {
        "task": "workshops.tasks.send_seat_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "workshop-erase-guest-data": {
        "task": "workshops.tasks.erase_guest_data",
        "schedule": crontab(hour=3, minute=45),
    },
    "erase-committee-guest-names": {
        "task": "committee.tasks.erase_guest_names",
        "schedule": crontab(hour=3, minute=50),
    },
    # Once a week per focal point even if beat runs twice (commitments/tasks.py):
    # each digest is claimed by a (person, week) row before it is written.
    "commitment-weekly-digests": {
        "task": "commitments.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Safe to run twice (committee/convocation.py): each reminder of a
    # convocation to send is claimed by a unique core Reminder row before it is written.
    "committee-convocations-due": {
        "task": "committee.convocation.remind_convocations",
        "schedule": crontab(hour=8, minute=15),
    },
    # The steering committee's reminders to the secretariat (committee/tasks.py):
    # safe to run twice, each is claimed by a unique core Reminder row before it is written.
    "committee-minutes-reminders": {
        "task": "committee.tasks.send_minutes_reminders",
        "schedule": crontab(hour="7-19", minute=5),
    },
    "committee-meetings-due": {
        "task": "committee.tasks.warn_meetings_due",
        "schedule": crontab(hour=7, minute=35),
    },
    # The committee's members (committee/absences.py): safe to run twice,
    # the flag awaiting a decision is the claim (one per seat, a unique
    # constraint), and the secretariat is told when it is written.
    "committee-absence-flags": {
        "task": "committee.absences.flag_absences",
        "schedule": crontab(hour=6, minute=20),
    },
    # The consultations (consultations/tasks.py): opened in the first hour of
    # their first day (the first page read opens one too; done once, by a
    # conditional UPDATE); the answers owed reminded to each institution
    # before the due day, and the overdue ones to the secretariat after it —
    # safe to run twice, each claimed by a unique core Reminder row.
    "consultations-open-due": {
        "task": "consultations.tasks.open_due",
        "schedule": crontab(minute=2),
    },
    "consultations-remind-answers": {
        "task": "consultations.tasks.remind_answers",
        "schedule": crontab(hour=7, minute=50),
    },
    # The plans' OGP checklists (plans/tasks.py): a line that turns at risk is
    # told to the secretariat once — safe to run twice, each change claimed by
    # a conditional update of the line's last state.
    "plans-watch-checklists": {
        "task": "plans.tasks.watch_checklists",
        "schedule": crontab(hour=7, minute=40),
    },
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# URL names, reversed in the language of the page that asks: signing in or
# out keeps the page's language (a bare /accounts/login/ would pick one from
# the browser's settings).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: email is the login, verification is mandatory.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "core.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "core.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    # Per client only: per address, allauth's own limit (5 a minute) answers
    # 429 where ours, below, holds the email back and answers as usual.
    "reset_password": "20/m/ip",
}
# One password-reset email (or "no account with this address" email) to an
# address per this many seconds, whoever asks and from wherever (core.adapters,
# core.limits.once_per): the form answers the same.
ACCOUNTS_RESET_EMAIL_SECONDS = env_int("ACCOUNTS_RESET_EMAIL_SECONDS", 5 * 60)

# Internationalisation: Arabic is the default, right-to-left.
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
]
LANGUAGES_BIDI = ["ar"]
# The portal's catalogue first (it wins), then its reviewed translation of
# the third-party strings its pages show (allauth's account pages, Django's
# form errors, the admin's import and export: scripts/third_party_catalogue.py),
# which wins over the packages' own.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "core" / "third_party_catalogue"]
USE_I18N = True
# Dates as the public pages write them, in the admin too (core/formats).
FORMAT_MODULE_PATH = ["core.formats"]
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ar", "fr", "en")}

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploads land in MEDIA_ROOT; their URL is core.files.serve's.
    "default": {"BACKEND": "core.files.ProtectedStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files are served by one view, core.files.serve, which asks the
# owning object's visibility rule on every request, sets the content type
# from the bytes and a sandboxing CSP. There is no MEDIA_URL: nothing, and no
# reverse proxy, may serve MEDIA_ROOT directly, or a hidden idea's attachment
# would stay public at its address and a file would go out with whatever
# type its extension suggests.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Email: console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Gouvernement ouvert <no-reply@gouvernement-ouvert.ma>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is told of server errors, by email through the outbox (core.error_reports).
ADMINS = [(address, address) for address in env_list("DJANGO_ADMINS", [])]

# The notification outbox: how often and how patiently to retry SMTP.
NOTIFICATION_MAX_RETRIES = env_int("NOTIFICATION_MAX_RETRIES", 5)
NOTIFICATION_RETRY_BACKOFF = env_int("NOTIFICATION_RETRY_BACKOFF", 30)  # seconds, doubled per retry
NOTIFICATION_STALE_MINUTES = env_int("NOTIFICATION_STALE_MINUTES", 15)
# Sent and failed emails are forgotten after this many days (law 09-08).
NOTIFICATION_RETENTION_DAYS = env_int("NOTIFICATION_RETENTION_DAYS", 90)

# The OGP checklist (plans/checklist.py): the plan's timeline must be public
# at least this many days before the collection of ideas opens (standard 3).
OGP_TIMELINE_NOTICE_DAYS = env_int("OGP_TIMELINE_NOTICE_DAYS", 14)

# Ideas waiting for screening longer than this are flagged to the secretariat.
IDEAS_WAITING_DAYS = env_int("IDEAS_WAITING_DAYS", 14)
IDEA_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
PLAN_DOCUMENT_MAX_BYTES = env_int("PLAN_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
IDEAS_PER_PAGE = 20
# A spreadsheet import (core/imports.py) is refused, before its rows are
# read, when the file is larger than this or has more rows under its headings.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 2000)
# The largest request body accepted, files included (the largest upload plus
# the form around it); larger ones are answered 413 before being read. A
# form's text fields alone may not exceed DATA_UPLOAD_MAX_MEMORY_SIZE (the
# longest form, an idea, is under 100 KB). The reverse proxy's
# client_max_body_size should be REQUEST_MAX_BYTES (README).
REQUEST_MAX_BYTES = env_int(
    "REQUEST_MAX_BYTES", max(PLAN_DOCUMENT_MAX_BYTES, IDEA_ATTACHMENT_MAX_BYTES) + 2 * 1024 * 1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Public pages and their parts are cached under the generations of the data
# they show (core/generations.py), and for this long at most: what also depends
# on the date (a phase opening at midnight) is at most this late.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 5 * 60)
# How many ideas and comments one user may publish ("5/h": five an hour;
# counted in the database, so a form sent back for correction costs nothing),
# how many raw posts of either they may send against floods, and how many
# support clicks (the last two counted in the cache, so Redis in production).
# core/limits.py
IDEAS_RATE_SUBMIT = env_str("IDEAS_RATE_SUBMIT", "5/h")
IDEAS_RATE_COMMENT = env_str("IDEAS_RATE_COMMENT", "20/h")
IDEAS_RATE_POSTS = env_str("IDEAS_RATE_POSTS", "60/h")
IDEAS_RATE_SUPPORT = env_str("IDEAS_RATE_SUPPORT", "60/h")
# And how many of those raw posts (ideas, comments, supports, consultation
# comments together) one client address may send, whoever is signed in: a
# workshop's room, an office or a school behind one address shares it.
PUBLIC_RATE_POSTS_PER_ADDRESS = env_str("PUBLIC_RATE_POSTS_PER_ADDRESS", "1000/h")
# How many workshop registrations a visitor without an account may post
# from one address (counted in the cache), against floods of emails sent
# to others' addresses.
WORKSHOPS_RATE_GUEST = env_str("WORKSHOPS_RATE_GUEST", "10/h")
# A visitor's name, email and details given to register for a workshop are
# erased this many days after it ends (workshops.tasks.erase_guest_data).
WORKSHOP_GUEST_DATA_DAYS = env_int("WORKSHOP_GUEST_DATA_DAYS", 30)
# A guest's name at a steering committee meeting (never published: the public
# reads their organisation) is blanked this many days after the meeting
# (committee.tasks.erase_guest_names).
COMMITTEE_GUEST_DATA_DAYS = env_int("COMMITTEE_GUEST_DATA_DAYS", 90)

# Public consultations (consultations/): an answer to each comment is owed
# this many days after the consultation closes; the institution is reminded
# this many days before that day, and the secretariat told of overdue ones.
# "Not taken into account" is owed its reasons: an answer this long at least.
# Comments per user are limited like idea comments (core/limits.py): those
# published, and the raw posts against floods.
CONSULTATION_ANSWER_DAYS = env_int("CONSULTATION_ANSWER_DAYS", 15)
CONSULTATION_REMINDER_DAYS = env_int("CONSULTATION_REMINDER_DAYS", 5)
CONSULTATION_NOT_TAKEN_MIN_LENGTH = env_int("CONSULTATION_NOT_TAKEN_MIN_LENGTH", 80)
CONSULTATIONS_RATE_COMMENT = env_str("CONSULTATIONS_RATE_COMMENT", "20/h")
CONSULTATIONS_RATE_POSTS = env_str("CONSULTATIONS_RATE_POSTS", "60/h")

# How many reverse proxies in front of the portal append the client's address
# to X-Forwarded-For (README: Configuration). 0: the header is ignored and the
# client is the connection's address. Every rate limit reads the client's
# address through core.clientip (allauth's through the account adapter).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
RATELIMIT_IP_META_KEY = "core.clientip.client_ip"

# `make bench` only: serves /bench/baseline, a page of a chosen size rendered
# with no query, which every page's throughput is compared to (bench/run.py).
BENCH_BASELINE = env_bool("BENCH_BASELINE", False)

PORTAL_NAME = env_str("PORTAL_NAME", "")  # empty: the translated default name
# The OGP member whose current plan the main menu opens (a slug); empty: the
# national government.
PORTAL_MEMBER = env_str("PORTAL_MEMBER", "")

# Security. Production (DJANGO_DEBUG=0) passes `manage.py check --deploy`.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # Server errors to ADMINS through the outbox; replaces Django's
        # mail_admins, which would send by SMTP inside the failing request.
        "admins": {"class": "core.error_reports.OutboxAdminHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"level": "INFO"},  # its records reach the console through the root
        "django.request": {"handlers": ["admins"], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Error reporting to Sentry (or a compatible service such as GlitchTip) when
# SENTRY_DSN is set: unhandled errors of requests and Celery tasks, without
# personal data (no user, IP address, cookies or request bodies).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
    )
