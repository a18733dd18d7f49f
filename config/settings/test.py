"""pytest: fast hashing, in-memory email, eager Celery unless a test starts a real worker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests grade in-process; tests/integration switch to the real broker and worker.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No throttling in tests, but for the tests of the throttles themselves.
NO_THROTTLES = {"anon": None, "user": None, "token": None, "signup": None}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": NO_THROTTLES}  # noqa: F405
# The real-service tests must run, not skip, in CI.
CI = env.bool("CI", default=False)
WHITENOISE_USE_FINDERS = True
# The tests' webhook receivers listen on 127.0.0.1.
WEBHOOK_ALLOW_PRIVATE_TARGETS = True
WHITENOISE_AUTOREFRESH = True
# django-axes needs a request on every authenticate(); tests that log in with the test client's
# login() have none. tests/security switches it back on to test the lockout.
AXES_ENABLED = False
