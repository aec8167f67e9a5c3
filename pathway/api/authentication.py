"""Personal API tokens as DRF authentication: `Authorization: Bearer <token>`. The request then
acts as the token's owner, so every read goes through the owner's `visible_to`."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from pathway.models import ROLE_PROFILES, ApiToken
from pathway.models.api_tokens import api_token_hash

KEYWORD = b"bearer"
# last_used_at is for the person's token list, not an audit log: at most one write a minute.
TOUCH_EVERY = timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send the header as: Authorization: Bearer <token>.")
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("The token is not valid.") from None
        token = (
            ApiToken.objects.select_related(
                "user__program", *(f"user__{profile}" for profile in ROLE_PROFILES.values())
            )
            .filter(key_hash=api_token_hash(raw))
            .first()
        )
        if token is None or not token.is_active:
            raise AuthenticationFailed("The token is not valid, or it has been revoked.")
        if not token.user.is_active:
            raise AuthenticationFailed("The token's owner is deactivated.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) when the token is missing or refused.
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the authentication."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created on the API tokens page.",
        }
