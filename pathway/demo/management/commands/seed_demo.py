from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string, module_has_submodule

from pathway.demo.world import DEMO_PASSWORD

# pathway.demo.world.seed makes the people (and their curriculum); then each app's demo.seed(world=…)
# adds its own data, in this order, when the app has one.
LATER_APPS = ("capstone", "mentoring")


class Command(BaseCommand):
    help = "Load the demo programs (idempotent: running it again creates no duplicates)."

    def handle(self, *args, **options):
        with transaction.atomic():
            world = import_string("pathway.demo.world.seed")()
            for app in LATER_APPS:
                if module_has_submodule(import_module(app), "demo"):
                    import_string(f"{app}.demo.seed")(world=world)
            # Last, so the milestones see the completions every app's seed recorded.
            import_string("pathway.demo.milestones.seed")(world=world)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000 with:")
        )
        width = max(len(role) for role, _ in world["sign_ins"])
        for role, email in world["sign_ins"]:
            self.stdout.write(f"  {role:<{width}}  {email}")
        self.stdout.write(f"  Password for every demo account: {DEMO_PASSWORD}")
