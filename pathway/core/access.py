"""Role checks for views. Object-level access is QuerySet.visible_to(user) on each model."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from pathway.models import PROGRAM_STAFF_ROLES, Role


def role_required(*roles):
    """Signed in (else redirect to sign-in) and holding one of `roles` (else 403).

    Site administrators pass every role check."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or user.has_role(*roles)):
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


program_staff_required = role_required(*PROGRAM_STAFF_ROLES)
coordinator_required = role_required(Role.COORDINATOR)
