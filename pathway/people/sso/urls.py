"""Under /accounts/: the identity providers' addresses (README "Single sign-on"), the second
factor's pages, and the few allauth pages its flows send people to. allauth's own sign-up,
password and email pages are not served: people are added by their coordinator."""

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.saml import views as saml_views
from django.urls import include, path

from pathway.core.auth import signin_throttled

from .views import SignInView, oidc_callback, sign_out, validated_host

saml_patterns = [
    path("acs/", validated_host(saml_views.acs), name="saml_acs"),
    path("acs/finish/", validated_host(saml_views.finish_acs), name="saml_finish_acs"),
    path("sls/", validated_host(saml_views.sls), name="saml_sls"),
    path("metadata/", validated_host(saml_views.metadata), name="saml_metadata"),
    path("login/", validated_host(saml_views.login), name="saml_login"),
]

urlpatterns = [
    # allauth's names for sign-in and sign-out (it sends people there after a cancelled second
    # factor, for example): the same addresses as "login" and "logout", which match first.
    path("login/", signin_throttled(SignInView.as_view()), name="account_login"),
    path("logout/", sign_out, name="account_logout"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path("sso/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("sso/error/", social_views.login_error, name="socialaccount_login_error"),
    # Before allauth's own, at the same address: the callback that keeps the ID token.
    path("oidc/<str:provider_id>/login/callback/", oidc_callback, name="openid_connect_callback"),
    path("", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("saml/<str:organization_slug>/", include(saml_patterns)),
    path("2fa/", include("allauth.mfa.urls")),
]
