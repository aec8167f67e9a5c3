"""Development: `make run`. SQLite, console email, no Redis needed."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY") or "local-development-key-not-for-production-use-0123456789abcdef"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo seeders (`make run` loads the demo); production does not install them.
INSTALLED_APPS = [*INSTALLED_APPS, "pathway.demo"]

# Links follow the address actually served (`make run HOST=...` also sets SITE_URL for mail).
MIDDLEWARE = [*MIDDLEWARE, "pathway.core.middleware.ServedOriginMiddleware"]
