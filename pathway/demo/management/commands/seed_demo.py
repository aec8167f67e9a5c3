from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from pathway.demo import capstone as capstone_demo
from pathway.demo import mentoring as mentoring_demo
from pathway.demo import milestones as milestones_demo
from pathway.demo import world as world_demo
from pathway.demo.world import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo programs (idempotent: running it again creates no duplicates)."

    def handle(self, *args, **options):
        with transaction.atomic():
            # The people (and their curriculum) first; then capstones, then coaching.
            world = world_demo.seed()
            capstone_demo.seed(world=world)
            mentoring_demo.seed(world=world)
            # Last, so the milestones see the completions every app's seed recorded.
            milestones_demo.seed(world=world)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Sign in at {settings.SITE_URL} with:")
        )
        width = max(len(role) for role, _ in world["sign_ins"])
        for role, email in world["sign_ins"]:
            self.stdout.write(f"  {role:<{width}}  {email}")
        self.stdout.write(f"  Password for every demo account: {DEMO_PASSWORD}")
