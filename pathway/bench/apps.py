from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench` and `make bench-reminders`: the bench seeders, their commands and the minimal
    yardstick page. Installed only by the bench and test settings."""

    name = "pathway.bench"
    label = "pathway_bench"
    verbose_name = "Benchmarks"
