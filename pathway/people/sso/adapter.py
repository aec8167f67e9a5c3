"""django-allauth adapters: no self sign-up, SSO sign-ins matched to the program's roster."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from pathway.models import IdentityProvider
from pathway.models.identity_providers import Protocol

from .services import SignInRefused, keeps_another_second_factor, mfa_required_for, sso_member_for
from .sign_out import remember_sso_sign_in
from .social_apps import social_apps

# The password backend loads the person with their roles (one query per request); allauth
# would otherwise pick the first backend with get_user, which is django-axes'.
SIGN_IN_BACKEND = "pathway.core.auth.EmailBackend"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def login(self, request, user):
        if not hasattr(user, "backend"):
            user.backend = SIGN_IN_BACKEND
        super().login(request, user)


def refuse(request, reason: str):
    response = render(request, "socialaccount/refused.html", {"reason": reason}, status=403)
    raise ImmediateHttpResponse(response)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def list_apps(self, request, provider=None, client_id=None):
        # The identity providers configured per program, not allauth's own SocialApp table.
        apps = social_apps()
        if provider:
            apps = [a for a in apps if provider in (a.provider, a.provider_id)]
        if client_id:
            apps = [a for a in apps if a.client_id == client_id]
        return apps

    def is_email_verified(self, provider, email):
        # A SAML assertion has no "verified" flag: it is signed by the hospital's own
        # directory, which is the authority on its staff's addresses. OpenID Connect
        # providers must say so themselves (the email_verified claim).
        return provider.id == Protocol.SAML

    def pre_social_login(self, request, sociallogin):
        """Match the sign-in to an existing member of the provider's program by verified
        email each time, or refuse it: nothing is created or linked."""
        provider = IdentityProvider.objects.select_related("program").get(
            slug=sociallogin.provider.app.provider_id
        )
        verified = [a.email for a in sociallogin.email_addresses if a.verified]
        try:
            user = sso_member_for(provider=provider, verified_emails=verified)
        except SignInRefused as refused:
            refuse(request, refused.reason)
        user.backend = SIGN_IN_BACKEND
        sociallogin.user = user
        remember_sso_sign_in(request, provider=provider, sociallogin=sociallogin)


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        # Someone who must sign in with a second factor cannot switch off the last one; with an
        # app and a key (or two keys), one may go (a lost key is replaced this way).
        return not mfa_required_for(authenticator.user) or keeps_another_second_factor(
            authenticator
        )
