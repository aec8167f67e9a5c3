from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .services import SECOND_FACTORS, mfa_required_for

# Pages a person who must set up a second factor can still reach: setting it up, signing out;
# and requests that must not read the session at all (a health check keeps no one signed in).
ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/static/",
    "/healthz",
    "/favicon.ico",
)
SESSION_FLAG = "mfa_enrolled"


class MfaEnrolmentMiddleware:
    """Staff who must sign in with a second factor and have none are sent to set one up
    before anything else. Once found, the session remembers it (no query per page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ALLOWED_PREFIXES):
            return self.get_response(request)
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SESSION_FLAG)
            and not signed_in_by_the_hospital(request)
            and mfa_required_for(user)
        ):
            if Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists():
                request.session[SESSION_FLAG] = True
            else:
                next_page = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{next_page}")
        return self.get_response(request)


def signed_in_by_the_hospital(request) -> bool:
    """A session opened through the hospital's identity provider had its second factor there
    (README "Multi-factor sign-in"); asking again is also impossible for a person with no
    password here, since allauth asks for the password before an authenticator is set up."""
    return any(
        record.get("method") == "socialaccount"
        for record in get_authentication_records(request, request.user)
    )
