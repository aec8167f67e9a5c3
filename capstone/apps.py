from django.apps import AppConfig


class CapstoneConfig(AppConfig):
    name = "capstone"
    verbose_name = "Capstone projects"
