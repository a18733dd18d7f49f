"""Settings shared by every environment. Configuration comes from the environment only."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "csp",
    "lti_tool",  # django-lti: LTI registrations, deployments, keys (before classroom, whose admin replaces its own)
    "classroom",
    "briefs",
    "quizzes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, so it sees the session cookie they set: SameSite=None; Secure for a session in an LMS frame.
    "classroom.lti.middleware.LtiCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.errors.ErrorPageMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSP, so it runs first on the response: frame-ancestors of the LMS that launched the session.
    "classroom.lti.middleware.LtiFrameMiddleware",
    # Last, so it sees the lockout flag that authentication set on the request.
    "axes.middleware.AxesMiddleware",
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
            ],
        },
    },
]

# SQLite by default (the embedded mode of `make run`); PostgreSQL through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the Celery worker and the web server write without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    # Persistent connections, checked before each request's first query (a restarted server is reconnected).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "classroom.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username and address before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Failed sign-ins (site, admin, API token) lock for 15 minutes: 5 per username and address, and, against password
# spraying, SIGNIN_FAILURES_PER_ADDRESS per address whatever the usernames (classroom.lockout.LockoutHandler).
AXES_HANDLER = "classroom.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
SIGNIN_FAILURES_PER_ADDRESS = env.int("SIGNIN_FAILURES_PER_ADDRESS", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "classroom.lockout.lockout_response"
# How many proxies in front of the site append to X-Forwarded-For: 0 (the default) trusts no such header, so a
# client cannot pick the address its failures and requests are counted under. Behind one proxy, set 1.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # dates as the site writes them, in the admin too

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

# One cache, shared by every process: Redis when REDIS_URL is set (production requires it), else this process's
# memory (`make run`, one process). What it holds and how it is kept current: config.cache.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # django-redis rather than Django's RedisCache: it keeps its Redis client, where Django's builds one per call
    # (measured in bench/results/profiling.md: half the cost of each cache round trip).
    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the cache and written to both: a page request reads no session row, and a
# session outlives a cache flush or a Redis restart (Redis keeps nothing on disk here).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The CSRF secret lives in the session, which every signed-in page reads anyway, so no page renews a cookie for it.
# Forms and scripts take the token from the page (quiz.js reads the form's field).
CSRF_USE_SESSIONS = True

# Email: EMAIL_URL (smtp://user:pass@host:port) or Django's EMAIL_* variables.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = env("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Classroom <classroom@localhost>")
# Where the filebased email backend writes (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-emails"))
# Absolute links in emails (progress reports): there is no request to build them from.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery: with no broker, tasks run eagerly in-process (the embedded mode).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # state lives in the database
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Above the hard time limit, so a slow task is never redelivered while it still runs. The messages of a worker
    # killed outright come back after this long; the integration tests lower it to see that happen.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # Without socket timeouts a broker that hangs (rather than refusing connections) hangs every request that
    # queues a task, forever. Nothing the worker sends Redis blocks longer than a second (BRPOP polls every 1 s).
    "socket_connect_timeout": 2,
    "socket_timeout": 3,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Tasks are published inside requests (a submit queues grading on commit). Kombu's default retries 3 times; one
# quick retry is enough to revive a pooled connection after Redis restarted, and keeps a student's 202 fast when
# the broker is down: the failure is logged and the requeue sweep queues the attempt once the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Celery's Django fixup closes the database connection around every task unless this is set, and connecting
# costs more than a grading. Stale or broken connections are still dropped (config/celery.py calls
# close_old_connections, like a request).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.api.Pagination",
    # JSON bodies only: a form or multipart body cannot carry nested answers. Uploads declare their own parsers.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="2000/minute"),
        "token": env("API_THROTTLE_TOKEN", default="10/minute"),
        "signup": env("SIGNUP_THROTTLE", default="30/hour"),  # per address: a class signing up in one room fits
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "NUM_PROXIES": PROXY_COUNT,  # unset, DRF's throttles would count a client under any X-Forwarded-For it sends
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Classroom API",
    "DESCRIPTION": "Briefs, quizzes, attempts and classes of the classroom platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "BriefKindEnum": "briefs.models.BriefKind",
        "ItemKindEnum": "briefs.models.ItemKind",
        "ReportKindEnum": "classroom.models.ProgressReport.Kind",
        "WebhookEventEnum": "classroom.webhooks.policy.EVENTS",
        "WebhookDeliveryStatusEnum": "classroom.webhooks.models.WebhookDelivery.Status",
    },
}

# Security headers. The Content-Security-Policy allows no inline script anywhere; style
# attributes are allowed because the Django admin still writes a few.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Webhooks (docs/webhooks.md): targets on private, loopback or link-local addresses are refused unless this is set
# (tests, the benchmark, a receiver on the same private network). A worker holds the deliveries it took this long.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
WEBHOOK_LEASE_SECONDS = env.int("WEBHOOK_LEASE_SECONDS", default=300)

# LTI 1.3 (docs/lti-moodle.md, docs/lti-canvas.md): a tool key replaced by a new one stays in the JWKS this long,
# so a platform that cached the JWKS still verifies what the old key signed; a score post is retried this long.
LTI_KEY_RETIRE_AFTER = timedelta(hours=env.int("LTI_KEY_RETIRE_AFTER_HOURS", default=24))
LTI_SCORE_RETRY_FOR = timedelta(hours=env.int("LTI_SCORE_RETRY_HOURS", default=72))
LTI_LEASE_SECONDS = env.int("LTI_LEASE_SECONDS", default=300)
LTI_HTTP_TIMEOUT = env.float("LTI_HTTP_TIMEOUT", default=10.0)

# Quiz timing: answers are accepted this long after an attempt's deadline.
QUIZ_GRACE_SECONDS = env.int("QUIZ_GRACE_SECONDS", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every failed sign-in at INFO; its warnings (a lockout) are what an operator needs.
    "loggers": {"axes": {"level": "WARNING"}},
}
