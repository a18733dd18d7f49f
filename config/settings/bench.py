"""Benchmark settings (`make bench`): production's, on plain HTTP at 127.0.0.1.

Everything production does stays on (DEBUG off, manifest static files, throttling, axes, CSP,
Redis cache, a real Celery broker); only what needs a TLS proxy in front is turned off, because
the load generator talks to gunicorn directly. bench/run.py sets the environment this reads."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# The throttles run as in production, but each of the 32 users of a run makes some 70 requests a second, past any
# rate a real user's limit should allow (2,000 a minute): the limit is raised so that they count, not refuse.
os.environ.setdefault("API_THROTTLE_USER", "1000000/minute")

from .production import *  # noqa: E402, F403
from .production import env  # noqa: E402

DEBUG = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# No TLS between locust and gunicorn: Secure cookies would never be sent back.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Kept apart from the working tree's staticfiles/ that other runs may use.
STATIC_ROOT = BASE_DIR / "bench" / ".staticfiles"  # noqa: F405

# The framework's floor: a bare JsonResponse view at /bench/floor (config/urls.py mounts it only when true).
BENCH_FLOOR = True

# Quieter logs: a line per request or task would cost the CPU the benchmark measures.
LOGGING["root"]["level"] = env("LOG_LEVEL", default="WARNING")  # noqa: F405

# Hashed names as in production, without whitenoise's compression: locust fetches no static file, and
# compressing every asset would add minutes to each run's collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}  # noqa: F405
