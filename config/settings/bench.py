"""`make bench`: production settings plus the signed-in minimal page (config/urls_bench.py),
which the product itself does not serve."""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

ROOT_URLCONF = "config.urls_bench"
INSTALLED_APPS = [*INSTALLED_APPS, "pathway.bench"]
