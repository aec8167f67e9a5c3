"""Sign-in (password, then allauth's second-factor stage) and sign-out (here, then at the
identity provider where it supports it)."""

from functools import wraps

from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pathway.models import IdentityProvider

from .forms import SignInForm
from .sign_out import SESSION_KEY, IdTokenKeepingAdapter, provider_sign_out_url
from .social_apps import sign_in_origin


class SignInView(LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        providers = IdentityProvider.objects.active().select_related("program").order_by("name")
        return super().get_context_data(identity_providers=providers, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # CSP form-action covers the redirects a form's answer makes: the "Sign in with"
        # buttons end at the hospital's sign-in page.
        origins = sorted({sign_in_origin(p) for p in context["identity_providers"]})
        if origins:
            response._csp_update = {"form-action": origins}
        return response

    def form_valid(self, form):
        # Recorded as allauth's own sign-in form does, and as fresh as a re-entered password,
        # so that setting up a second factor right after signing in does not ask for the
        # password again (allauth 65.21, pinned).
        user = form.get_user()
        record_authentication(
            self.request, user, "password", email=user.email, reauthenticated=True
        )
        # allauth's login runs its stages: the authenticator code, for those who have one.
        return perform_login(
            self.request,
            user,
            email_verification=settings.ACCOUNT_EMAIL_VERIFICATION,
            redirect_url=self.get_success_url(),
        )


def validated_host(view):
    """python3-saml builds this site's addresses from the raw Host header; give it the host
    Django validated against ALLOWED_HOSTS (a forged one is a 400 before any SAML work)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.META["HTTP_HOST"] = request.get_host()
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@validated_host  # a SAML single logout request is built from the Host header too
def sign_out(request):
    provider_url = provider_sign_out_url(request, request.session.get(SESSION_KEY))
    logout(request)
    if not provider_url:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    # A page that moves on to the provider, rather than a redirect: CSP form-action would
    # stop the sign-out form's answer from leaving this site.
    return render(request, "registration/signed_out_sso.html", {"provider_url": provider_url})


@login_not_required
def oidc_callback(request, provider_id):
    """allauth's OpenID Connect callback, with an adapter that keeps the ID token for sign-out."""
    try:
        view = OAuth2CallbackView.adapter_view(IdTokenKeepingAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
