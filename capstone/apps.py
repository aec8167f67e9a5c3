from django.apps import AppConfig


class CapstoneConfig(AppConfig):
    name = "capstone"
    verbose_name = "Capstone projects"

    def ready(self):
        # The capstone's milestone events and reminder sources join pathway's registries.
        from capstone import milestone_events, reminders  # noqa: F401
