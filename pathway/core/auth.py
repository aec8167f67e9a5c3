import ipaddress
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from pathway.core.prepared import CompiledQuery
from pathway.models import User


class EmailBackend(ModelBackend):
    """Email sign-in, case-insensitive; loads the role profiles with the user in one query."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        return super().authenticate(request, username=email, password=password, **kwargs)

    def get_user(self, user_id):
        # The person read with this request's session (pathway.core.sessions) when its data
        # names them, else a query of their own.
        read_with_session = getattr(_request_session.get(), "user_read_with_session", None)
        user = read_with_session(user_id) if read_with_session else None
        if user is None:
            user = _signed_in_user.first(pk=user_id)
        return user if user and self.user_can_authenticate(user) else None


# The session of the request whose user Django's auth.get_user is reading, for
# EmailBackend.get_user (which Django calls with the id alone); set only during that call.
_request_session = ContextVar("request_session", default=None)


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, reading request.user with Django's own auth.get_user (session hash checks
    and all) while the request's session is at hand for EmailBackend.get_user."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))


def _get_user(request):
    if not hasattr(request, "_cached_user"):
        token = _request_session.set(getattr(request, "session", None))
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _request_session.reset(token)
    return request._cached_user


# The query every signed-in request starts with, compiled once (see CompiledQuery): the user,
# its program and role profiles, read fresh each time, so a removed role or a deactivation
# shows on the next request. order_by(): one row needs no sorting by User.Meta.ordering.
_signed_in_user = CompiledQuery(
    User,
    lambda pk: User.objects.with_roles().filter(pk=pk).order_by(),
    pk=(User._meta.pk, 0),
)


def axes_username(request, credentials=None) -> str:
    """The email django-axes counts failures against, normalised as EmailBackend does, so
    changing its case or adding spaces does not start a fresh count."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    return (source.get("username") or "").strip().lower()


def client_ip(request) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies it is the X-Forwarded-For
    entry the outermost trusted proxy added; entries left of it are whatever the client sent,
    so they are never believed. With no proxy (0) it is the connection's address."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if not forwarded:
        return remote
    candidate = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _ip_key(request) -> str:
    return f"signin-failures:{client_ip(request)}"


@receiver(user_login_failed)
def _count_failure_per_address(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    key = _ip_key(request)
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    # add() then incr(): the count starts with the first failure and expires a cool-off later.
    if not cache.add(key, 1, timeout=timeout):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=timeout)


def signin_throttled(view):
    """Refuse sign-in attempts from an address with SIGNIN_IP_FAILURE_LIMIT recent failures,
    whichever accounts they tried: guessing across many addresses is not unlimited. Accounts
    are locked separately (django-axes, per email address)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            failures = cache.get(_ip_key(request)) or 0
            if failures >= settings.SIGNIN_IP_FAILURE_LIMIT:
                return render(request, "registration/throttled.html", status=429)
        return view(request, *args, **kwargs)

    return wrapper
