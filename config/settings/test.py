"""pytest: fast hashing, in-memory email, eager tasks unless a test asks for the real broker."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-key-only-for-the-test-suite-0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The test suite covers the demo and bench seeders too, which production does not install.
INSTALLED_APPS = [*INSTALLED_APPS, "pathway.demo", "pathway.bench"]

# The suite signs site administrators in without a second factor; the multi-factor tests
# switch this back on (tests/pathway/sso/).
MFA_REQUIRED_FOR_SITE_ADMINS = False
