"""The standard pathway curriculum a program starts from. Programs edit their copy freely."""

from django.db import transaction

from pathway.models import (
    Course,
    CourseClass,
    CourseKind,
    HomeworkAssignment,
    SBPRequirement,
)

# (title, description, homework title, homework instructions)
VMPS_FOR_LEADERS_CLASSES = [
    (
        "Introduction to VMPS",
        "Where the Virginia Mason Production System comes from, the patient as the customer, "
        "and respect for people.",
        "Who is the customer?",
        "Pick one process you work in this month. Name its customer and write down, step by "
        "step, where value is added for the patient and where it is not.",
    ),
    (
        "Standard work",
        "The agreed, written best way to do a process step: who, how, why, and how long.",
        "Write standard work for a routine task",
        "Watch three colleagues do the same routine task (e.g. pre-rounding, a discharge "
        "checklist). Write the standard work: the steps in order, who does each, how, why, and "
        "the time each takes.",
    ),
    (
        "The 8 wastes",
        "Defects, overproduction, waiting, non-utilized talent, transportation, inventory, "
        "motion and extra-processing.",
        "Waste walk",
        "Spend thirty minutes where the work happens on your unit or clinic. Record one example "
        "of each of the 8 wastes you saw, and who it affects.",
    ),
    (
        "Value stream mapping",
        "Mapping a patient's path end to end, with process times, waits and information flow.",
        "Map a value stream",
        "Map one patient value stream (e.g. admission to discharge) with the time of each step "
        "and the waits between them. Work out the lead time and the share that adds value.",
    ),
    (
        "5S",
        "Sort, simplify, sweep, standardize, self-discipline: a workplace that shows what is "
        "normal and what is not.",
        "5S a shared space",
        "Apply 5S to one shared space (a supply cart, a workroom drawer). Describe the before "
        "and after, with photos if you can, and how the change will be sustained.",
    ),
    (
        "Mistake-proofing",
        "Designing errors out at the source instead of relying on vigilance.",
        "Design a mistake-proofing device",
        "Choose an error that recurs (from a Patient Safety Alert or your own observation). "
        "Find where it starts and propose a mistake-proofing device that stops it there.",
    ),
    (
        "Kaizen and rapid process improvement workshops",
        "How two-day events and week-long RPIWs generate and test ideas with the people who do "
        "the work.",
        "A3 for a possible capstone",
        "Draft a one-page A3 for a process you might improve in your capstone: background, "
        "current condition, goal, analysis, countermeasures, plan and follow-up.",
    ),
]

LEADING_AT_VM_DAYS = [
    ("Day 1: The management system", "VMPS as a management method; leader standard work."),
    ("Day 2: At the gemba", "A flow tour: seeing flow and waste where the work happens."),
    ("Day 3: Flow and takt time", "Demand, takt time and standard work in practice."),
    ("Day 4: Visual management", "Stand-ups at the visual management board; daily management."),
    ("Day 5: Leading improvement", "Leading a kaizen event and its report-out."),
]

FURTHER_CLASSES = [
    ("Leading teams through change", "Engaging the people who do the work in improvement."),
    ("Coaching conversations", "Asking instead of telling; giving and receiving feedback."),
    ("Presenting results", "The A3 report-out and presenting data to leaders."),
]

# (name, description, target, per week)
SBP_REQUIREMENTS = [
    ("Quality-improvement event", "Take part in a QI event.", 1, False),
    ("Patient Safety Alert resolution meeting", "Attend a PSA resolution meeting.", 1, False),
    ("Flow tour", "Take part in a flow tour.", 1, False),
    ("Report-out session", "Attend the weekly report-out.", 1, True),
    ("Stand-up meeting", "Join a stand-up at a visual management board.", 8, False),
    ("Meeting with a quality leader", "Meet one of the organization's quality leaders.", 2, False),
]


def _course(program, kind, name, **defaults):
    if kind != CourseKind.OTHER:
        existing = Course.objects.filter(program=program, kind=kind).first()
        if existing:
            return existing, False
    return Course.objects.get_or_create(
        program=program, name=name, defaults={"kind": kind, **defaults}
    )


@transaction.atomic
def curriculum_defaults_load(*, program) -> dict:
    """Add whatever of the standard catalog and SBP targets the program lacks. Safe to repeat:
    existing courses (matched by kind or name), classes and requirements are left as edited."""
    created = {"courses": 0, "classes": 0, "requirements": 0}

    def add_classes(course, rows, homework):
        for position, row in enumerate(rows, start=1):
            title, description = row[0], row[1]
            course_class, made = CourseClass.objects.get_or_create(
                course=course,
                title=title,
                defaults={"description": description, "position": position},
            )
            created["classes"] += made
            if made and homework:
                HomeworkAssignment.objects.create(
                    course_class=course_class, title=row[2], instructions=row[3]
                )

    vmps, made = _course(
        program,
        CourseKind.VMPS_FOR_LEADERS,
        "VMPS for Leaders",
        position=1,
        summary="The introductory class series, taught remotely by in-house VMPS experts in "
        "PGY-1. Each class sets homework that applies the tool in a real clinical setting.",
    )
    created["courses"] += made
    if made:
        add_classes(vmps, VMPS_FOR_LEADERS_CLASSES, homework=True)
    leading, made = _course(
        program,
        CourseKind.LEADING_AT_VM,
        "Leading at Virginia Mason",
        position=2,
        summary="An intensive in-person week, five consecutive days, alongside leaders in "
        "training and experts of the Kaizen Promotion Office. Taken after VMPS for Leaders; "
        "completing it unlocks sponsor selection.",
    )
    created["courses"] += made
    if made:
        add_classes(leading, LEADING_AT_VM_DAYS, homework=False)
    further, made = _course(
        program,
        CourseKind.OTHER,
        "Leadership in practice",
        position=3,
        summary="Further leadership classes for pathway residents.",
    )
    created["courses"] += made
    if made:
        add_classes(further, FURTHER_CLASSES, homework=False)

    for position, (name, description, target, per_week) in enumerate(SBP_REQUIREMENTS, start=1):
        _, made = SBPRequirement.objects.get_or_create(
            program=program,
            name=name,
            defaults={
                "description": description,
                "target": target,
                "per_week": per_week,
                "position": position,
            },
        )
        created["requirements"] += made
    return created
