"""Request middleware of the pathway app."""

import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.shortcuts import render

from pathway.core.emails import served_origin

# How often a session in use is written back to push its idle expiry forward.
SESSION_TOUCH_SECONDS = 60
SESSION_TOUCHED_KEY = "_touched_at"


class SessionIdleMiddleware:
    """Signed-in sessions end after SESSION_COOKIE_AGE seconds without use.

    Django's SESSION_SAVE_EVERY_REQUEST would do this by writing the session row (and the cookie)
    on every page view, which made a database write the single largest cost of most pages. A
    session is written here at most once a minute instead, so "idle for an hour" is exact to
    within that minute. Only requests that read the session count as use: a health check that
    never touches it does not keep anyone signed in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.accessed or session.is_empty():
            return response
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and not session.modified:
            return response
        now = int(time.time())
        touched = session.get(SESSION_TOUCHED_KEY)
        if not isinstance(touched, int) or now - touched >= SESSION_TOUCH_SECONDS:
            # A changed session is saved, with a fresh expiry, by SessionMiddleware.
            session[SESSION_TOUCHED_KEY] = now
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BYTES before anything reads it (the
    largest upload allowed, a capstone attachment, plus room for the form around it).

    Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files, which it
    streams to disk whatever their size; each upload kind then checks its own limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            return render(
                request,
                "413.html",
                {"limit_mb": limit},
                status=413,
            )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY on every response (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ServedOriginMiddleware:
    """Development only: links built during a request (pages, emails, the calendar feed) follow
    the address actually served rather than SITE_URL. Production keeps SITE_URL, because there
    the Host header is whatever a client sends."""

    def __init__(self, get_response):
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        token = served_origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            served_origin.reset(token)
