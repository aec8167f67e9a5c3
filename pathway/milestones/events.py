"""The pathway's own events that complete milestones or start their due-date clocks: dates on
the resident's profile. The registry is pathway.core.events; capstone registers its events from
capstone.milestone_events."""

from pathway.core.events import fmt, register


def _profile_date(residents, field, evidence):
    found = {}
    for resident in residents:
        on = getattr(resident, field)
        if on:
            found[resident.pk] = (on, f"{evidence} on {fmt(on)}")
    return found


@register("applied_to_pathway", "Applied to the pathway")
def applied_to_pathway(residents, cache):
    return _profile_date(residents, "applied_on", "Applied to the pathway")


@register("joined_pathway", "Joined the pathway", after="joining the pathway")
def joined_pathway(residents, cache):
    return _profile_date(residents, "joined_on", "Joined the pathway")


@register(
    "vmps_for_leaders_completed",
    "Completed VMPS for Leaders",
    after="completing VMPS for Leaders",
)
def vmps_for_leaders_completed(residents, cache):
    return _profile_date(residents, "vmps_for_leaders_completed_on", "Completed VMPS for Leaders")


@register(
    "leading_at_vm_completed",
    "Completed Leading at Virginia Mason",
    after="completing Leading at Virginia Mason",
)
def leading_at_vm_completed(residents, cache):
    return _profile_date(
        residents, "leading_at_vm_completed_on", "Completed Leading at Virginia Mason"
    )


@register(
    "sbp_signed_off",
    "Systems-Based Practice rotation signed off",
    after="the SBP rotation is signed off",
)
def sbp_signed_off(residents, cache):
    return _profile_date(residents, "sbp_signed_off_on", "SBP rotation signed off")
