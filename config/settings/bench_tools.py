"""The bench's management commands (bench_seed, bench_http, bench_reminders): the development
settings plus the bench app. The served app under `make bench` uses config.settings.bench."""

from .local import *  # noqa: F403
from .local import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "pathway.bench"]
