"""The events that complete milestones or start their due-date clocks: one plain function each.

A function takes a batch of ResidentProfile objects (already loaded) and returns
{resident id: (date, evidence text)} for the residents for whom the event happened, in a
bounded number of queries whatever the size of the batch. Completion events complete a
milestone automatically; anchor events are the dates an `after_event` due rule counts from.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    key: str
    label: str  # what happened: "Joined the pathway"
    read: Callable
    # How a due rule names it: "30 days after joining the pathway".
    after: str = ""


COMPLETION_EVENTS: dict[str, Event] = {}
ANCHOR_EVENTS: dict[str, Event] = {}


def register(key: str, label: str, *, completes=True, after=""):
    """Add an event: it completes milestones unless completes=False, and due dates can count
    from it when `after` names it ("joining the pathway")."""

    def decorator(read):
        event = Event(key, label, read, after)
        if completes:
            COMPLETION_EVENTS[key] = event
        if after:
            ANCHOR_EVENTS[key] = event
        return read

    return decorator


def completion_choices():
    from pathway.models import MANUAL

    return [(MANUAL, "Recorded by a program director")] + [
        (key, event.label) for key, event in COMPLETION_EVENTS.items()
    ]


def anchor_choices():
    return [(key, event.after.capitalize()) for key, event in ANCHOR_EVENTS.items()]


def read_events(keys, residents) -> dict[str, dict]:
    """{event key: {resident id: (date, evidence)}} for each key, one read per key."""
    registry = COMPLETION_EVENTS | ANCHOR_EVENTS
    return {key: registry[key].read(residents) for key in set(keys) if key in registry}


def _profile_date(residents, field, evidence):
    found = {}
    for resident in residents:
        on = getattr(resident, field)
        if on:
            found[resident.pk] = (on, f"{evidence} on {on.day} {on:%b %Y}")
    return found


@register("applied_to_pathway", "Applied to the pathway")
def applied_to_pathway(residents):
    return _profile_date(residents, "applied_on", "Applied to the pathway")


@register("joined_pathway", "Joined the pathway", after="joining the pathway")
def joined_pathway(residents):
    return _profile_date(residents, "joined_on", "Joined the pathway")


@register(
    "vmps_for_leaders_completed",
    "Completed VMPS for Leaders",
    after="completing VMPS for Leaders",
)
def vmps_for_leaders_completed(residents):
    return _profile_date(residents, "vmps_for_leaders_completed_on", "Completed VMPS for Leaders")


@register(
    "leading_at_vm_completed",
    "Completed Leading at Virginia Mason",
    after="completing Leading at Virginia Mason",
)
def leading_at_vm_completed(residents):
    return _profile_date(
        residents, "leading_at_vm_completed_on", "Completed Leading at Virginia Mason"
    )


@register(
    "sbp_signed_off",
    "Systems-Based Practice rotation signed off",
    after="the SBP rotation is signed off",
)
def sbp_signed_off(residents):
    return _profile_date(residents, "sbp_signed_off_on", "SBP rotation signed off")
