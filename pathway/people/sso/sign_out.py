"""Signing out of the hospital's identity provider too, where it supports it: OpenID Connect
RP-initiated logout (end_session_endpoint) or SAML single logout (the IdP's SLO service)."""

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.socialaccount.providers.saml.utils import build_auth
from django.urls import reverse
from django.utils.http import urlencode

from pathway.models import IdentityProvider
from pathway.models.identity_providers import Protocol

SESSION_KEY = "sso_sign_in"


class IdTokenKeepingAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, keeping the raw ID token of the sign-in on its
    (unsaved) SocialToken: sent back as id_token_hint at sign-out, it tells the provider which
    session to end, so the provider signs the person out without asking "Sign out?"."""

    def parse_token(self, data):
        token = super().parse_token(data)
        token.id_token = data.get("id_token", "")
        return token


def remember_sso_sign_in(request, *, provider: IdentityProvider, sociallogin) -> None:
    """Kept in the session so that signing out can end the provider's session too."""
    request.session[SESSION_KEY] = {
        "slug": provider.slug,
        "uid": sociallogin.account.uid,
        # SAML sign-ins have no token; OIDC ones have the ID token IdTokenKeepingAdapter kept.
        "id_token": getattr(sociallogin.token, "id_token", ""),
    }


def provider_sign_out_url(request, signed_in: dict | None) -> str | None:
    """Where to send the browser once the local session has ended, or None when the sign-in
    was local or the provider offers no sign-out. Called before the session is flushed."""
    if not signed_in:
        return None
    try:
        app = get_adapter().get_app(request, signed_in["slug"])
    except SocialApp.DoesNotExist:  # a provider switched off since: the local sign-out stands
        return None
    back = request.build_absolute_uri(reverse("login"))
    if app.provider == Protocol.OIDC:
        try:
            config = OpenIDConnectOAuth2Adapter(request, app.provider_id).openid_config
        except requests.RequestException:  # provider unreachable: the local sign-out stands
            return None
        endpoint = config.get("end_session_endpoint")
        if not endpoint:
            return None
        query = {"client_id": app.client_id, "post_logout_redirect_uri": back}
        if signed_in.get("id_token"):
            query["id_token_hint"] = signed_in["id_token"]
        query = urlencode(query)
        return f"{endpoint}?{query}"
    provider = app.get_provider(request)
    auth = build_auth(request, provider)
    if not auth.get_slo_url():
        return None
    return auth.logout(return_to=back, name_id=signed_in["uid"])
