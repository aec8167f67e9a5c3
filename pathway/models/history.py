"""Which pathway records keep an audit history (django-simple-history).

Registered here rather than with a field on each model, so the list of audited records is one
place. Timestamps the history already carries and counters nobody edits are left out, so a
version is written for what a person changed, not for bookkeeping."""

import simple_history

from .milestones import Milestone
from .people import (
    CoachProfile,
    CoordinatorProfile,
    DirectorProfile,
    ResidentProfile,
    SponsorProfile,
    User,
)

BOOKKEEPING = ["created_at", "updated_at"]

simple_history.register(
    User,
    excluded_fields=["password", "last_login", "unread_notifications", "updated_at"],
)
simple_history.register(ResidentProfile, excluded_fields=["updated_at"])
for role_profile in (CoachProfile, SponsorProfile, DirectorProfile, CoordinatorProfile):
    simple_history.register(role_profile)
simple_history.register(Milestone, excluded_fields=BOOKKEEPING)
