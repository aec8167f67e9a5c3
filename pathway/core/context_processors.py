from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf

from pathway.core.links import link
from pathway.models import Role

# The files base.html links on every page, and those the most opened pages add (the homes,
# capstone and measure pages), by the name the template uses.
BASE_ASSETS = {
    "capstone_css": "capstone/capstone.css",
    "chart_png_js": "capstone/chart-png.js",
    "favicon": "favicon.ico",
    "touch_icon": "apple-touch-icon.png",
    "bootstrap_css": "vendor/bootstrap/bootstrap.min.css",
    "app_css": "css/app.css",
    "bootstrap_js": "vendor/bootstrap/bootstrap.bundle.min.js",
    "print_js": "js/print-button.js",
    "app_js": "js/app.js",
}


class _Links(dict):
    """The URL of each argument-free page the menus link, by its URL name with "__" for the
    namespace's ":" (`links.pathway__cohort_board`), reversed the first time a page asks.

    The URL patterns are fixed when the process starts, so the ~30 reverse() calls base.html
    and its menus made on every page gave the same answers each time. These are addresses, not
    page data: no person's data is kept. An unknown name fails as loudly as {% url %} does."""

    def __missing__(self, key):
        url = self[key] = link(key.replace("__", ":", 1))
        return url


# (links, assets) per script prefix and URL configuration, both fixed in a running site (tests
# and the bench page change them; a change of settings forgets them all, see below).
_addresses: dict[tuple, tuple[_Links, dict]] = {}


@receiver(setting_changed)
def _forget_addresses(**kwargs):
    _addresses.clear()


def _addresses_here() -> tuple[_Links, dict]:
    key = (get_script_prefix(), get_urlconf())
    found = _addresses.get(key)
    if found is None:
        assets = {name: static(path) for name, path in BASE_ASSETS.items()}
        found = _addresses[key] = (_Links(), assets)
    return found


def navigation(request):
    """Role flags for the navigation bar, so templates never repeat the role logic; and the
    menus' links and base.html's static files, worked out once per process."""
    links, assets = _addresses_here()
    context = {"links": links, "assets": assets}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    # The signed-in User itself rather than AuthenticationMiddleware's lazy proxy (which the
    # auth context processor gives as `user`): each of the ~40 `user.…` lookups in base.html
    # and its menus went through the proxy's __getattribute__ and a caught AttributeError.
    user = context["user"] = getattr(user, "_wrapped", user)
    admin = user.is_superuser
    context["nav"] = {
        "resident": user.has_role(Role.RESIDENT),
        "coach": user.has_role(Role.COACH),
        "sponsor": user.has_role(Role.SPONSOR),
        "director": admin or user.has_role(Role.DIRECTOR),
        "coordinator": admin or user.has_role(Role.COORDINATOR),
        "staff": admin or user.is_program_staff,
        "admin": admin,
    }
    return context
