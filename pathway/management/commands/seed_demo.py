from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from pathway.demo import DEMO_PASSWORD

# Each app adds its own demo data after the people exist; order matters.
SEEDERS = ["pathway.demo.seed"]


class Command(BaseCommand):
    help = "Load the demo programs (idempotent: running it again creates no duplicates)."

    def handle(self, *args, **options):
        with transaction.atomic():
            world = import_string(SEEDERS[0])()
            for dotted in SEEDERS[1:]:
                import_string(dotted)(world=world)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000 with:")
        )
        width = max(len(role) for role, _ in world["sign_ins"])
        for role, email in world["sign_ins"]:
            self.stdout.write(f"  {role:<{width}}  {email}")
        self.stdout.write(f"  Password for every demo account: {DEMO_PASSWORD}")
