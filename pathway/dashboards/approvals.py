"""The approver's part of the home page: stage requests waiting for their approval, oldest
first. The same selector (StageRequest.objects.awaiting) feeds capstone's approval queue."""

from capstone.models import StageRequest

SHOWN = 5


def approvals_home(*, user) -> dict:
    """At most SHOWN requests, and whether more are waiting, in one query."""
    found = list(StageRequest.objects.awaiting(user).for_queue()[: SHOWN + 1])
    return {"waiting": found[:SHOWN], "more": len(found) > SHOWN}
