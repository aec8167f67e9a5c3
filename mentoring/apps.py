from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Coaching and mentoring"

    def ready(self):
        # Coaching's reminder sources (current coaches, progress reports, caseloads) join
        # pathway's registry.
        from mentoring import reminders  # noqa: F401
