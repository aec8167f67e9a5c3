"""Settings shared by every environment; a deployment changes them through the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_celery_beat",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Single sign-on and multi-factor sign-in (pathway.people.sso; settings under "allauth").
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    "pathway",
    "capstone",
    "mentoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside SessionMiddleware, so the session it marks as changed is saved on the way out.
    "pathway.core.middleware.SessionIdleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the signed-in user read together with the session (pathway.core.sessions).
    "pathway.core.auth.AuthenticationMiddleware",
    # Before any view or the CSRF check reads the body.
    "pathway.core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-allauth's sign-in stages (the second factor), then: staff who must use a second
    # factor and have none set up are sent to set one up before anything else.
    "allauth.account.middleware.AccountMiddleware",
    "pathway.people.sso.middleware.MfaEnrolmentMiddleware",
    # After AuthenticationMiddleware: history rows record request.user as who made the change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "pathway.core.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): scripts, styles and everything else only from this
# site; no inline script or style (templates use static files and classes), no plugins, no
# framing. data: images are Bootstrap's form-control icons; blob: is the chart's PNG export.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the app never uses are switched off for it and anything it might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

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
                "pathway.core.context_processors.navigation",
            ],
            # {% url %} without a reverse() per link (pathway.core.links).
            "builtins": ["pathway.templatetags.links"],
        },
    },
    {
        # Plain-text emails and subjects: escaping would show "&lt;" and "&quot;" to the reader.
        # pathway.core.emails renders .txt templates with this engine, HTML ones with the first.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False, "builtins": ["pathway.templatetags.links"]},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
    )
}
# Queries are planned once per connection on PostgreSQL: the session and user every signed-in
# request reads (pathway.core.prepared) and any SELECT run a second time (pathway.core.postgresql,
# Django's backend plus that). Off behind a pooler that moves sessions between clients.
DATABASE_PREPARED_QUERIES = env_bool("DATABASE_PREPARED_QUERIES", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "pathway.core.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "pathway.User"
AUTHENTICATION_BACKENDS = [
    # Axes first so a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "pathway.core.auth.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling: five failures lock that account (email address) for 15 minutes, from
# wherever they come; separately, SIGNIN_IP_FAILURE_LIMIT failures from one client address
# (on any accounts) refuse that address's sign-ins for the same time (pathway.core.auth).
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
SIGNIN_IP_FAILURE_LIMIT = int(env("SIGNIN_IP_FAILURE_LIMIT", "30"))
# How many reverse proxies that append to X-Forwarded-For stand in front of the app. 0: the
# connection's address is the client's (and X-Forwarded-For, which a client can forge, is
# ignored). 1: one proxy (nginx, a load balancer). The client address is what the outermost
# trusted proxy saw; everything a client could write itself is ignored.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "pathway.core.auth.client_ip"
# Axes warns when its lock does not include the address; here the address has its own, higher
# limit (pathway.core.auth.signin_throttled), so that a shared address cannot lock anyone out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Axes defaults the field to USERNAME_FIELD ("email"), but the sign-in form posts "username":
# every attempt was then recorded without an email, so one shared counter per IP address
# locked everyone behind a hospital proxy while the right password still got through.
AXES_USERNAME_FORM_FIELD = "username"
# Count "Ana@X.org" and " ana@x.org" as the same account, as sign-in does.
AXES_USERNAME_CALLABLE = "pathway.core.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# allauth: single sign-on through each program's identity providers (pathway.models.
# IdentityProvider, configured in the admin) and multi-factor sign-in. Sign-in with a password
# stays Django's form (pathway.people.sso.views.SignInView) under django-axes; allauth runs the
# second-factor stage after it and after an SSO sign-in. Nobody signs up: an SSO sign-in is
# matched by verified email to an existing member of the provider's program, or refused.
ACCOUNT_ADAPTER = "pathway.people.sso.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "pathway.people.sso.adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_ONLY = False
# Security keys (WebAuthn) sit alongside an authenticator app; either one is a second factor.
# Browsers allow WebAuthn only on https (or http://localhost), and the key is bound to the host
# name people use, so a key added on one host name does not work on another.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "QI Pathway")
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "pathway.people.sso.adapter.MfaAdapter"
# Site administrators must set up a second factor before anything else (programs decide for
# their directors and coordinators: Program.require_mfa_for_staff).
MFA_REQUIRED_FOR_SITE_ADMINS = env_bool("MFA_REQUIRED_FOR_SITE_ADMINS", True)

# Sessions end after this much inactivity: pathway.core.middleware.SessionIdleMiddleware pushes the
# expiry forward while a session is in use (writing it at most once a minute).
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_MINUTES", "60")) * 60
# Database sessions (a session deleted on the server is over), read with a compiled query.
SESSION_ENGINE = "pathway.core.sessions"
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads larger than this go to a temporary file rather than memory; limits per upload kind
# are enforced by pathway.core.uploads.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Form fields, files excluded: a paste of measure data is at most 200 KB (capstone.imports);
# 24 MB of pasted text once took 1.5 GB to handle. Larger is a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# A whole request, files included (pathway.core.middleware.RequestSizeLimitMiddleware): the largest
# upload (a 20 MB capstone attachment) and the form around it.
MAX_REQUEST_BYTES = int(env("MAX_REQUEST_BYTES", str(22 * 1024 * 1024)))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "QI Pathway <qi-pathway@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
else:
    # Console by default; a worker under test writes files instead (EMAIL_FILE_PATH).
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    if env("EMAIL_FILE_PATH"):
        EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
# How long a claimed send is held by its sender before a retry pass may take it over (the
# sender renews it before each email). Shortened only by `make chaos`.
REMINDER_LEASE_SECONDS = int(env("REMINDER_LEASE_SECONDS", "1800"))
# Absolute links in emails (no request to build them from in background work).
# The REST API (pathway.api; README "API"). Personal API tokens only: a browser session does not
# authenticate it, so no API call can ride on a signed-in person's cookies.
API_TOKEN_RATE = env("API_TOKEN_RATE", "1000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["pathway.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["pathway.api.throttling.ApiTokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "pathway.api.pagination.ApiPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "QI Pathway API",
    "DESCRIPTION": "Residents, milestones, capstone projects, measures and their SPC analysis, "
    "progress reports: what the token's owner may see, nothing more.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set, where several fields share one.
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "capstone.models.choices.Stage",
        "DirectionEnum": "capstone.models.choices.Direction",
        "MeasureKindEnum": "capstone.models.measures.MeasureKind",
        "StageChangeKindEnum": "capstone.models.project.StageChange.Kind",
    },
}

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Redis: Celery broker and the cache. Without it, background work runs in-process (see README).
REDIS_URL = env("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Another queue name lets several deployments (or a test's own worker) share one Redis.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "celery")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "qipathway",
            # A Redis that is down must fail fast: pages then work without the cache.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}


def require_secret_key(key):
    """Production refuses to start on a missing, short or development key."""
    if not key or len(key) < 50 or key.startswith("django-insecure") or len(set(key)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 50 characters in production. "
            'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(64))"'
        )
    return key
