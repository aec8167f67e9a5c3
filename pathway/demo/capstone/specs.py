"""The shape of a demo project: what to put in the record, and up to which stage to take it."""

from dataclasses import dataclass, field


@dataclass
class MeasureSpec:
    name: str
    kind: str
    unit: str
    direction: str
    baseline: list
    post: list
    every_days: int = 7
    effect: str = ""
    data_type: str = "continuous"
    target: float | None = None
    definition: str = ""
    source: str = ""
    # For a proportion or a rate: the denominators, repeated in turn; baseline and post are
    # then percentages (proportion) or rates per denominator unit, and numerators follow.
    denominators: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # (days after the event's first day, text)


@dataclass
class Spec:
    lead: str  # the resident's full name
    title: str
    stage: str
    sponsor: int | None  # index into world["sponsors"]
    event_in_days: int  # the event's first day, relative to today (a working day is found)
    charter: dict
    steps: list = field(default_factory=list)  # (description, who, minutes)
    wastes: list = field(default_factory=list)  # (waste, where, what, impact)
    timings: list = field(default_factory=list)  # (step, [minutes])
    whys: list = field(default_factory=list)  # (why, because)
    causes: list = field(default_factory=list)  # (category, text)
    process_description: str = ""
    takt: tuple | None = None  # (demand per day, unit, available minutes)
    team: list = field(default_factory=list)  # (name, role[, takes part in the event])
    measures: list = field(default_factory=list)
    event: dict = field(default_factory=dict)
    ideas: list = field(default_factory=list)  # (idea, waste, effect, owner, decision, reason)
    tests: list = field(default_factory=list)  # (title, idea indexes, plan, happened, learned, act)
    report: dict = field(default_factory=dict)
    actions: list = field(default_factory=list)  # (what, owner, due in days, status)
    standard_work: list = field(default_factory=list)  # (title, version)
    follow_ups: dict = field(default_factory=dict)  # day -> (sustained, reviewed, agreed)
    results: dict = field(default_factory=dict)
    presentations: list = field(default_factory=list)  # (venue, days after event, audience, fmt)
    abstracts: list = field(default_factory=list)  # (title, conference, status)
    publications: list = field(default_factory=list)  # (journal, citation, doi, pmid)
    comments: list = field(default_factory=list)  # (who: lead/coach/sponsor, text)
    confirm_progress: bool = False
    hold_reason: str = ""
    withdraw_reason: str = ""
    paused_days_ago: int = 12  # when it was put on hold or withdrawn
