from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .services import password_refused_for


class SignInForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        reason = password_refused_for(user)
        if reason:
            raise ValidationError(reason, code="sso_required")
