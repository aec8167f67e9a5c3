from pathway.models import Role


def navigation(request):
    """Role flags for the navigation bar, so templates never repeat the role logic."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    admin = user.is_superuser
    return {
        "nav": {
            "resident": user.has_role(Role.RESIDENT),
            "coach": user.has_role(Role.COACH),
            "sponsor": user.has_role(Role.SPONSOR),
            "director": admin or user.has_role(Role.DIRECTOR),
            "coordinator": admin or user.has_role(Role.COORDINATOR),
            "staff": admin or user.is_program_staff,
            "admin": admin,
        }
    }
