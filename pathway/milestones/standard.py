"""The pathway's standard milestone set, seeded for every program (programs may edit it after).

Plain data, so the data migration and pathway.milestones.services share one definition.
Event keys refer to the events registry (pathway.core.events)."""

PGY_DATE = "pgy_date"
AFTER_EVENT = "after_event"


def _pgy(pgy, month, day):
    return {"due_rule": PGY_DATE, "due_pgy": pgy, "due_month": month, "due_day": day}


def _after(anchor, days):
    return {"due_rule": AFTER_EVENT, "anchor_event": anchor, "offset_days": days}


STANDARD_MILESTONES = [
    {
        "key": "apply",
        "name": "Apply to the pathway",
        "description": "Send your application to the Leadership in QI Pathway during PGY-1.",
        "audience": "all",
        "only_pgy": 1,
        "completion_event": "applied_to_pathway",
        **_pgy(1, 3, 1),
    },
    {
        "key": "vmps-for-leaders",
        "name": "Complete VMPS for Leaders",
        "description": "Attend every VMPS for Leaders class and have each homework accepted.",
        "completion_event": "vmps_for_leaders_completed",
        **_pgy(1, 6, 30),
    },
    {
        "key": "sbp-rotation",
        "name": "Complete the Systems-Based Practice rotation",
        "description": "Log the rotation's activities and have it signed off by your KPO coach "
        "or a program director.",
        "completion_event": "sbp_signed_off",
        **_pgy(1, 6, 30),
    },
    {
        "key": "capstone-process",
        "name": "Choose a capstone process",
        "description": "Select the process your capstone will improve and write its charter.",
        "completion_event": "capstone_process_chosen",
        **_pgy(1, 5, 31),
    },
    {
        "key": "leading-at-vm",
        "name": "Complete Leading at Virginia Mason",
        "description": "The one-week in-person course; completing it unlocks sponsor selection.",
        "completion_event": "leading_at_vm_completed",
        **_pgy(2, 9, 30),
    },
    {
        "key": "sponsor",
        "name": "Select a sponsor",
        "description": "Pick a sponsor for your capstone. It counts once the sponsor accepts.",
        "completion_event": "sponsor_accepted",
        **_pgy(2, 10, 31),
    },
    {
        "key": "current-state",
        "name": "Collect current-state data",
        "description": "Map the process, observe the waste and collect baseline data.",
        "completion_event": "stage_reached:event_prep",
        **_pgy(2, 1, 31),
    },
    {
        "key": "two-day-event",
        "name": "Hold the two-day event",
        "description": "Lead your team through the two-day event and post the report-out.",
        "completion_event": "stage_reached:implementation",
        **_pgy(2, 4, 30),
    },
    {
        "key": "follow-up-30",
        "name": "30-day follow-up",
        "description": "Re-measure 30 days after the two-day event: is the change sustained?",
        "completion_event": "follow_up_recorded:30",
        **_after("follow_up:30", 0),
    },
    {
        "key": "follow-up-60",
        "name": "60-day follow-up",
        "description": "Re-measure 60 days after the two-day event: is the change sustained?",
        "completion_event": "follow_up_recorded:60",
        **_after("follow_up:60", 0),
    },
    {
        "key": "follow-up-90",
        "name": "90-day follow-up",
        "description": "Re-measure 90 days after the two-day event: is the change sustained?",
        "completion_event": "follow_up_recorded:90",
        **_after("follow_up:90", 0),
    },
    {
        "key": "post-event-data",
        "name": "Collect post-event data",
        "description": "Gather enough post-event data to show whether the changes worked.",
        "completion_event": "stage_reached:results",
        **_after("two_day_event_end", 120),
    },
    {
        "key": "abstract",
        "name": "Submit an abstract",
        "description": "Submit an abstract of your capstone to a national meeting before its "
        "deadline.",
        "completion_event": "abstract_submitted",
        **_pgy(3, 12, 1),
    },
    {
        "key": "results-presented",
        "name": "Present the results",
        "description": "Present your capstone's results by the end of PGY-3.",
        "completion_event": "results_presented",
        **_pgy(3, 5, 31),
    },
]

for position, spec in enumerate(STANDARD_MILESTONES, start=1):
    spec.setdefault("audience", "pathway")
    spec.setdefault("only_pgy", None)
    spec["position"] = position * 10
