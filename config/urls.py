from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, reverse_lazy
from django.utils.functional import lazy
from django.views.decorators.http import require_safe

from pathway.core.auth import signin_throttled
from pathway.core.emails import site_url
from pathway.core.health import healthz, healthz_ready
from pathway.people.account import email_change_confirm
from pathway.people.forms import InvitedUserPasswordResetForm
from pathway.people.sso.views import SignInView, sign_out
from pathway.urls import home_view


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the static file."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


auth_patterns = [
    path("login/", signin_throttled(SignInView.as_view()), name="login"),
    # Ends the identity provider's session too, after an SSO sign-in (pathway.people.sso).
    path("logout/", sign_out, name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=InvitedUserPasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
            subject_template_name="registration/password_reset_subject.txt",
            extra_email_context={"site_url": lazy(site_url, str)()},
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path("email/confirm/<str:token>/", email_change_confirm, name="email_change_confirm"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", home_view, name="home"),
    path("healthz", healthz, name="healthz"),
    path("healthz/ready", healthz_ready, name="healthz_ready"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/", include(auth_patterns)),
    path("accounts/", include("pathway.people.sso.urls")),
    path("", include("pathway.urls")),
    path("capstone/", include("capstone.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("api/v1/", include("pathway.api.urls")),
    path("scim/", include("pathway.people.scim.urls")),
    path("admin/", admin.site.urls),
]
