from django.contrib.auth.backends import ModelBackend

from pathway.models import User


class EmailBackend(ModelBackend):
    """Email sign-in, case-insensitive; loads the role profiles with the user in one query."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        return super().authenticate(request, username=email, password=password, **kwargs)

    def get_user(self, user_id):
        user = User.objects.with_roles().filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None


def axes_username(request, credentials=None) -> str:
    """The email django-axes counts failures against, normalised as EmailBackend does, so
    changing its case or adding spaces does not start a fresh count."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    return (source.get("username") or "").strip().lower()
