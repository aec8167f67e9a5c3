"""Rate limits per token (not per person or address): one runaway script is slowed down
without locking its owner's other tokens out. The rate is settings.API_TOKEN_RATE."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from pathway.models import ApiToken


class ApiTokenRateThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self):
        # Read at each request, not at import, so a deployment (or a test) can change it.
        return settings.API_TOKEN_RATE

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None  # no token: the request is refused with 401 before it counts
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
