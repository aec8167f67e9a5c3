"""A project's QI tools filled in the way a team would: drivers down to change ideas with
their tests of change, causes in every category, and the process before and after the event
with timed steps and waits. `size` scales every list, for the query-count tests."""

from datetime import date, timedelta
from decimal import Decimal

from capstone.models import Cause, Driver, FishboneCategory, MapState, TestOfChange
from tests import factories as f

EVENT_LAST_DAY = date(2025, 1, 15)
LONG_DRIVER = (
    "Every discharge has its medicines, transport and follow-up appointment arranged the "
    "evening before the patient leaves, not on the morning itself"
)
CAUSES = {
    FishboneCategory.PEOPLE: ["Residents on rounds until 11 am", "One pharmacist for 40 beds"],
    FishboneCategory.METHODS: ["Discharge summary written after rounds", "No standard order"],
    FishboneCategory.EQUIPMENT: ["Printer on 5 West jams daily"],
    FishboneCategory.MATERIALS: ["Discharge folders run out on weekends"],
    FishboneCategory.MEASUREMENT: ["Discharge time recorded when the bed is cleaned"],
    FishboneCategory.ENVIRONMENT: [],
}
BEFORE = [
    ("Discharge decided on rounds", True, "10", "45"),
    ("Discharge summary written", True, "25", "60"),
    ("Medicines reconciled by pharmacy", True, "15", "90"),
    ("Waiting for transport", False, "5", "75"),
    ("Nurse reviews the discharge paperwork again", False, "10", "20"),
    ("Patient leaves the unit", True, "5", "15"),
]
AFTER = [
    ("Discharge flagged at the afternoon huddle", True, "10", "10"),
    ("Discharge summary written", True, "20", "15"),
    ("Medicines reconciled by pharmacy", True, "15", "20"),
    ("Patient leaves the unit", True, "5", "10"),
]


def fill_qi_tools(project, size=1, *, long_labels=False):
    project.event_first_day = EVENT_LAST_DAY - timedelta(days=1)
    project.event_second_day = EVENT_LAST_DAY
    project.problem_statement = (
        "Only 8% of discharges from 5 West leave before noon. Beds are blocked all morning."
    )
    project.aim_what = "Percentage of discharges before noon"
    project.aim_direction = "up"
    project.aim_baseline, project.aim_target, project.aim_unit = Decimal(8), Decimal(30), "%"
    project.save()
    acts = [TestOfChange.Act.ADOPT, TestOfChange.Act.ADAPT, TestOfChange.Act.ABANDON, ""]
    for n in range(size):
        primary = Driver.objects.create(
            project=project,
            text=LONG_DRIVER if long_labels and n == 0 else f"Medicines ready early ({n + 1})",
            position=2 * n + 1,
        )
        Driver.objects.create(
            project=project, text=f"Transport booked ({n + 1})", position=2 * n + 2
        )
        for k in range(2):
            secondary = Driver.objects.create(
                project=project,
                parent=primary,
                text=f"Pharmacy told by 3 pm ({n + 1}.{k + 1})",
                position=k + 1,
            )
            idea = f.IdeaFactory(
                project=project, idea=f"Flag tomorrow's discharges at huddle ({n}.{k})"
            )
            secondary.ideas.add(idea)
            act = acts[(n + k) % len(acts)]
            test = f.TestOfChangeFactory(
                project=project,
                title=f"Huddle flag, cycle {n}.{k}",
                act=act,
                what_happened="Six of eight left before noon" if act else "",
                learned="Works with the charge nurse" if act else "",
            )
            test.ideas.add(idea)
        direct = f.IdeaFactory(project=project, idea=f"Discharge lounge ({n})")
        primary.ideas.add(direct)
    for category, texts in CAUSES.items():
        for n in range(size):
            for text in texts:
                Cause.objects.create(
                    project=project, category=category, text=f"{text}" + (f" ({n})" if n else "")
                )
    for state, steps in ((MapState.CURRENT, BEFORE), (MapState.AFTER, AFTER)):
        observed_on = EVENT_LAST_DAY + timedelta(days=10 if state == MapState.AFTER else -10)
        for n in range(size):
            for description, value_added, work, wait in steps:
                name = description + (f" ({n})" if n else "")
                f.ProcessStepFactory(
                    project=project,
                    description=name,
                    state=state,
                    value_added=value_added,
                    minutes=Decimal(work),
                )
                f.TimeObservationFactory(
                    project=project,
                    step=name,
                    kind="wait",
                    observed_on=observed_on,
                    cycle_times=[wait, wait],
                )
    return project
