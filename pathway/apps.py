from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "pathway"
    verbose_name = "Pathway"

    def ready(self):
        # Connects the per-address sign-in failure counter (pathway.auth).
        from pathway import auth  # noqa: F401
