from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "pathway"
    verbose_name = "Pathway"

    def ready(self):
        # Register the pathway's own milestone events (before capstone's: INSTALLED_APPS order).
        # Connects the per-address sign-in failure counter (pathway.core.auth).
        from pathway.core import auth  # noqa: F401
        from pathway.milestones import events  # noqa: F401
