"""`make bench`: production settings plus the signed-in minimal page (config/urls_bench.py),
which the product itself does not serve."""

from .production import *  # noqa: F403

ROOT_URLCONF = "config.urls_bench"
