"""The events registry: the seam through which each app tells the milestones what happened.

A read function takes a batch of ResidentProfile objects (already loaded) and a cache dict that
the batch's reads share, and returns {resident id: (date, evidence text)} for the residents for
whom the event happened, in a bounded number of queries whatever the size of the batch.
Completion events complete a milestone automatically; anchor events are the dates an
`after_event` due rule counts from.

It lives in the kernel because the milestone models validate their rules against it; the events
themselves are registered by pathway.milestones.events (the resident's own dates) and, from
their AppConfig.ready(), by capstone (capstone.milestone_events) and any later app.
"""

from collections.abc import Callable
from dataclasses import dataclass

from pathway.core.dates import short_date


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


# The completion rule of a milestone no event completes: a program director records it.
MANUAL = "manual"


def completion_choices():
    return [(MANUAL, "Recorded by a program director")] + [
        (key, event.label) for key, event in COMPLETION_EVENTS.items()
    ]


def anchor_choices():
    return [(key, event.after.capitalize()) for key, event in ANCHOR_EVENTS.items()]


def read_events(keys, residents) -> dict[str, dict]:
    """{event key: {resident id: (date, evidence)}} for each key, one read per key."""
    registry = COMPLETION_EVENTS | ANCHOR_EVENTS
    cache = {}
    return {key: registry[key].read(residents, cache) for key in set(keys) if key in registry}


# Evidence dates are written the one way (pathway.core.dates).
fmt = short_date
