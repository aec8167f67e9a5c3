"""Demo projects after the event: Implementation and Post-event measurement."""

from decimal import Decimal

from capstone.models import Direction, FishboneCategory, MeasureKind, Origin, Stage, Waste
from pathway.demo.capstone.specs import MeasureSpec, Spec

PROJECTS = [
    Spec(
        lead="Lucas Moreau",
        title="Discharge medications delivered to the bedside",
        stage=Stage.IMPLEMENTATION,
        sponsor=0,
        event_in_days=-38,
        charter={
            "process": "Discharge prescriptions, from order to medications in hand",
            "department": "6 West, hospital medicine",
            "problem_statement": "Patients wait a median of 96 minutes after discharge for "
            "their medications; one in five leaves without them.",
            "aim_what": "Median minutes from discharge order to medications in hand",
            "aim_direction": Direction.DOWN,
            "aim_baseline": Decimal("96"),
            "aim_target": Decimal("45"),
            "aim_unit": "minutes",
            "scope_first_step": "Discharge prescriptions signed",
            "scope_last_step": "Medications handed to the patient",
            "why_patients": "Patients leave later, or leave without medications.",
            "why_staff": "Nurses chase prescriptions while admissions wait.",
            "why_cost": "Readmissions after missed doses.",
            "origin": Origin.FLOW_TOUR,
            "origin_detail": "SBP rotation flow tour of the outpatient pharmacy",
        },
        process_description="Prescriptions go electronically to the outpatient pharmacy, "
        "which fills them in order of arrival. A transporter collects the bag when the "
        "nurse calls; most patients or families go down themselves.",
        takt=(Decimal("22"), "discharges", Decimal("480")),
        steps=[
            ("Discharge prescriptions signed", "Resident", "5"),
            ("Prior authorization or insurance check", "Pharmacy technician", "18"),
            ("Prescriptions filled", "Outpatient pharmacist", "35"),
            ("Medications collected", "Transporter or family", "25"),
            ("Medication teaching at the bedside", "Nurse", "10"),
        ],
        wastes=[
            (
                Waste.WAITING,
                "Outpatient pharmacy",
                "Prescriptions wait in a single queue with walk-in customers",
                "40 minutes per discharge",
            ),
            (
                Waste.TRANSPORTATION,
                "6 West to pharmacy",
                "Families walk to the pharmacy and back",
                "20 minutes",
            ),
            (Waste.EXTRA_PROCESSING, "Pharmacy", "Insurance checked twice", "8 minutes"),
        ],
        timings=[
            ("Prescriptions filled", ["28", "41", "35", "52", "30", "38"]),
            ("Medications collected", ["18", "25", "32", "20", "27"]),
        ],
        whys=[
            ("do patients wait for their medications", "prescriptions are filled late"),
            ("are they filled late", "they join the walk-in queue"),
            (
                "do they join the walk-in queue",
                "the pharmacy cannot tell inpatient discharges apart",
            ),
        ],
        causes=[
            (FishboneCategory.METHODS, "One queue for discharges and walk-ins"),
            (FishboneCategory.PEOPLE, "No dedicated discharge technician"),
            (FishboneCategory.MEASUREMENT, "Nobody tracks discharge prescription times"),
        ],
        team=[
            ("Priya Shah", "Outpatient pharmacy manager"),
            ("Tom Becker", "Charge nurse, 6 West"),
            ("Lena Park", "Pharmacy technician"),
            ("Joan Ellis", "Patient partner"),
        ],
        measures=[
            MeasureSpec(
                "Minutes from discharge order to medications in hand",
                MeasureKind.OUTCOME,
                "minutes",
                Direction.DOWN,
                baseline=[98, 91, 104, 88, 96, 110, 93, 99, 87, 101],
                post=[72, 64, 58, 61, 55],
            ),
            MeasureSpec(
                "Discharges leaving without their medications",
                MeasureKind.BALANCING,
                "%",
                Direction.DOWN,
                baseline=[21, 18, 24, 19, 20, 22, 17, 23, 20, 19],
                post=[12, 10, 9, 11, 8],
            ),
        ],
        event={
            "event_location": "Pharmacy training room",
            "event_agenda_day1": "Charter, current-state walk from order to bedside, "
            "waste and 5 Whys, ideas",
            "event_agenda_day2": "Tests of change on 6 West, standard work, report-out",
            "target_state": "Discharge prescriptions are flagged and filled first; a "
            "technician brings them to the bedside before the patient is ready to go.",
        },
        ideas=[
            (
                "Flag discharge prescriptions in the pharmacy queue",
                Waste.WAITING,
                "Filled ahead of walk-ins",
                "Priya Shah",
                "test_now",
                "",
            ),
            (
                "Bedside delivery by a pharmacy technician at 10 and 2",
                Waste.TRANSPORTATION,
                "Families stay in the room",
                "Lena Park",
                "test_now",
                "",
            ),
            (
                "Send prescriptions the evening before",
                Waste.WAITING,
                "Filled before discharge day",
                "",
                "later",
                "",
            ),
        ],
        tests=[
            (
                "PDSA 1: discharge flag in the queue",
                [0],
                "Flag 6 West discharge prescriptions for one day",
                "Flagged prescriptions filled in 22 minutes instead of 41",
                "The flag works; technicians need to see it on their screen",
                "adopt",
            ),
            (
                "PDSA 2: bedside delivery rounds",
                [1],
                "Technician delivers at 10:00 and 14:00 for one day",
                "7 of 9 patients had medications before discharge",
                "Two rounds are not enough on busy days; add 12:00",
                "adapt",
            ),
        ],
        report={
            "summary": "We flagged discharge prescriptions and started bedside delivery "
            "rounds; the medication wait halved during the tests.",
            "before": "One pharmacy queue; families walked to the pharmacy; median wait "
            "96 minutes.",
            "after": "Discharge prescriptions flagged and delivered to the bedside three "
            "times a day; median wait 48 minutes during the tests.",
            "next_steps": "Spread to 5 West; add the noon round; track the wait weekly.",
        },
        actions=[
            ("Add the discharge flag to the pharmacy work queue", "Priya Shah", -20, "done"),
            ("Train 6 West nurses on the delivery rounds", "Tom Becker", -5, "in_progress"),
            ("Add a 12:00 delivery round", "Lena Park", 10, "open"),
            ("Weekly wait-time report for the unit board", "Lucas", -2, "open"),
        ],
        standard_work=[("Bedside delivery of discharge medications", "1.1")],
        follow_ups={
            30: (
                "yes",
                "Wait time and leaving-without-meds, weekly",
                "Keep the noon round; review in 30 days",
            )
        },
        comments=[
            (
                "sponsor",
                "Great work. Let's plan the spread to 5 West once the 60-day "
                "follow-up confirms it holds.",
            ),
            ("coach", "Remember to update the 12:00 round action when it starts."),
        ],
        confirm_progress=True,
    ),
    Spec(
        lead="Hana Sato",
        title="Inbox message turnaround in the resident clinic",
        stage=Stage.POST_EVENT,
        sponsor=2,
        event_in_days=-75,
        charter={
            "process": "Patient portal messages, from arrival to the first reply",
            "department": "Resident primary care clinic",
            "problem_statement": "Patient messages wait a median of 3.2 working days for "
            "a reply; residents on inpatient rotations cannot answer them.",
            "aim_what": "Median working days from a patient message to the first reply",
            "aim_direction": Direction.DOWN,
            "aim_baseline": Decimal("3.2"),
            "aim_target": Decimal("1"),
            "aim_unit": "working days",
            "scope_first_step": "Message arrives in the pool",
            "scope_last_step": "First reply sent",
            "why_patients": "Patients wait days for answers, or go to urgent care.",
            "why_staff": "Residents return from rotations to hundreds of messages.",
            "origin": Origin.OWN_IDEA,
        },
        process_description="Messages go to each resident's personal inbox. Residents on "
        "inpatient rotations rarely open it; the MA forwards urgent ones by hand.",
        steps=[
            ("Message arrives in the resident's inbox", "Portal", "0"),
            ("Triage for urgency", "MA", "3"),
            ("Reply or forward", "Resident", "6"),
        ],
        wastes=[
            (
                Waste.WAITING,
                "Resident inbox",
                "Messages wait while the resident is on nights",
                "3 days per message",
            ),
            (Waste.INVENTORY, "Inbox", "120 unread messages for one resident", "Backlog"),
        ],
        whys=[
            ("are replies slow", "messages sit in personal inboxes"),
            ("do they sit there", "the resident is on an inpatient rotation"),
        ],
        team=[
            ("Maria Gomez", "Medical assistant"),
            ("Dr. Paul Kim", "Clinic attending"),
            ("Sara Hughes", "RN care manager"),
        ],
        measures=[
            MeasureSpec(
                "Working days to first reply (median per week)",
                MeasureKind.OUTCOME,
                "days",
                Direction.DOWN,
                baseline=[3.4, 2.9, 3.6, 3.1, 3.3, 2.8, 3.5, 3.0, 3.2, 3.7, 2.9, 3.3],
                post=[2.1, 1.6, 1.4, 1.2, 1.3, 1.1, 0.9, 1.2, 1.0, 1.1],
            ),
            MeasureSpec(
                "Messages answered by the team pool",
                MeasureKind.PROCESS,
                "%",
                Direction.UP,
                baseline=[0, 0, 0, 0, 0, 0],
                post=[45, 62, 70, 74, 78, 81, 80, 83],
                every_days=7,
            ),
        ],
        event={
            "event_location": "Clinic conference room B",
            "event_agenda_day1": "Current state, inbox data review, waste walk, ideas",
            "event_agenda_day2": "Pool inbox test, MA protocols, report-out",
            "target_state": "Messages go to a team pool answered daily by the clinic "
            "team, with the resident's continuity preserved for results.",
        },
        ideas=[
            (
                "Team message pool answered by the clinic team",
                Waste.WAITING,
                "No message waits for an absent resident",
                "Dr. Paul Kim",
                "test_now",
                "",
            ),
            (
                "MA protocols for refills and forms",
                Waste.NON_UTILIZED_TALENT,
                "MAs close simple requests",
                "Maria Gomez",
                "test_now",
                "",
            ),
        ],
        tests=[
            (
                "PDSA 1: team pool for one clinic team",
                [0],
                "Route messages for team A to a pool for one week",
                "Median reply 0.8 days",
                "The pool needs a daily owner",
                "adopt",
            ),
            (
                "PDSA 2: refill protocol",
                [1],
                "MAs process refills with a protocol",
                "38 refills closed by MAs",
                "Works; add forms next",
                "adopt",
            ),
        ],
        report={
            "summary": "A team pool and MA protocols cut the reply time in the tests.",
            "before": "Personal inboxes; median 3.2 working days.",
            "after": "Team pool with a daily owner; median under one day in the test week.",
            "next_steps": "All four teams on the pool; protocols for forms.",
        },
        actions=[
            ("Move all four teams to the pool", "Dr. Paul Kim", -40, "done"),
            ("Write the forms protocol", "Maria Gomez", -12, "blocked"),
            ("Daily pool owner on the clinic schedule", "Sara Hughes", -30, "done"),
        ],
        standard_work=[("Daily team message pool", "2.0")],
        follow_ups={
            30: ("yes", "Median reply time weekly", "Keep the daily owner"),
            60: ("partly", "Reply time; pool share", "Forms protocol still blocked"),
        },
        comments=[
            (
                "sponsor",
                "The pool is working. Can we share this at the primary care leadership meeting?",
            )
        ],
        confirm_progress=True,
    ),
]
