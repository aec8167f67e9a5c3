from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seeders and `manage.py seed_demo`: installed by the local and test settings,
    never by production, so no deployment can seed demo accounts with a published password."""

    name = "pathway.demo"
    label = "pathway_demo"
    verbose_name = "Demo data"
