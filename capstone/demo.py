"""Demo capstone projects, one at every stage, for the demo residents.

Each project is built the way a resident would build it: record first, then the stage moves
through the real services, so every demo project meets its stages' entry requirements. The
history is then dated to look lived-in. Idempotent: a project is keyed on its lead and title,
and an existing one is left alone."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from capstone.documents import abstract_prefill, load_for_documents
from capstone.models import (
    FLOW,
    AbstractDraft,
    AbstractSubmission,
    ActionItem,
    Cause,
    Comment,
    DataPoint,
    Direction,
    FishboneCategory,
    FollowUp,
    Idea,
    Measure,
    MeasureKind,
    Origin,
    Phase,
    Presentation,
    ProcessStep,
    Project,
    Publication,
    ReportOut,
    Stage,
    StageChange,
    StandardWorkDoc,
    TeamMember,
    TestOfChange,
    TimeObservation,
    Waste,
    WasteObservation,
    WhyStep,
)
from capstone.services import (
    ProjectError,
    followups_schedule,
    progress_confirm,
    project_advance,
    project_create,
    project_event_update,
    project_hold,
    project_update,
    project_withdraw,
)

# Days after the event's first day on which a project typically entered each stage.
STAGE_ENTERED = {
    Stage.CURRENT_STATE: -120,
    Stage.EVENT_PREP: -45,
    Stage.EVENT: -10,
    Stage.IMPLEMENTATION: 2,
    Stage.POST_EVENT: 28,
    Stage.RESULTS: 100,
    Stage.DISSEMINATION: 150,
    Stage.CLOSED: 240,
}


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


@dataclass
class Spec:
    lead: str  # the resident's full name
    title: str
    stage: str
    coach: int  # index into world["coaches"]
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


DISCHARGE_CHARTER = {
    "process": "Discharge from 5 West, from the decision to discharge to the patient leaving",
    "department": "5 West, hospital medicine",
    "problem_statement": "Only 14% of 5 West patients leave before noon. Beds free up after "
    "2 pm, while admitted patients board in the emergency department for an average of 5 hours.",
    "aim_what": "Percentage of 5 West discharges that leave the unit before noon",
    "aim_direction": Direction.UP,
    "aim_baseline": Decimal("14"),
    "aim_target": Decimal("35"),
    "aim_unit": "%",
    "scope_first_step": "Team decides the patient can go home tomorrow",
    "scope_last_step": "Patient leaves the unit",
    "why_patients": "Patients wait hours for beds in the ED; discharged patients wait in "
    "their rooms for medications and rides.",
    "why_staff": "Nurses juggle discharges and admissions in the same afternoon hours.",
    "why_cost": "ED boarding hours and diverted ambulances.",
    "origin": Origin.REPORT_OUT,
    "origin_detail": "Hospital flow report-out, spring",
}


def _specs():
    return [
        Spec(
            lead="Ingrid Johansson",
            title="Same-day appointments in the resident clinic",
            stage=Stage.SELECTION,
            coach=1,
            sponsor=None,
            event_in_days=200,
            charter={
                "process": "Booking a same-day appointment in the resident clinic",
                "department": "Resident primary care clinic",
                "problem_statement": "Patients who call for a same-day visit are often sent to "
                "urgent care: most days the slots are gone by 9 am.",
                "origin": Origin.OWN_IDEA,
            },
            comments=[
                (
                    "coach",
                    "Good start. Before the aim, spend a morning at the front desk and "
                    "count the same-day requests.",
                ),
            ],
        ),
        Spec(
            lead="Samuel Osei",
            title="Falls with injury on 6 East",
            stage=Stage.CURRENT_STATE,
            coach=0,
            sponsor=None,
            event_in_days=90,
            charter={
                "process": "Fall-risk assessment and prevention for 6 East inpatients",
                "department": "6 East, medical-surgical",
                "problem_statement": "6 East had 9 falls with injury in the last year, twice "
                "the hospital rate; three followed a missed bed-alarm reset.",
                "aim_what": "Falls with injury per 1,000 patient days on 6 East",
                "aim_direction": Direction.DOWN,
                "aim_baseline": Decimal("3.1"),
                "aim_target": Decimal("1.5"),
                "aim_unit": "per 1,000 patient days",
                "scope_first_step": "Patient arrives on 6 East",
                "scope_last_step": "Patient leaves 6 East",
                "why_patients": "Falls cause fractures, head injuries and longer stays.",
                "why_staff": "Staff feel each fall personally; safety huddles take time.",
                "origin": Origin.PSA,
                "origin_detail": "PSA 2025-0412, fall after bed alarm left off",
            },
            process_description="On arrival the nurse completes the Morse fall scale. High-risk "
            "patients get a bed alarm, yellow socks and a sign on the door. The alarm is switched "
            "off for care and should be switched back on afterwards.",
            steps=[
                ("Admission fall-risk assessment (Morse)", "Admitting nurse", "6"),
                ("Bed alarm set and fall signage placed", "Nurse or CNA", "4"),
                ("Alarm paused for care or transport", "Any staff", "1"),
                ("Alarm reset after care", "Whoever paused it", "1"),
                ("Hourly rounding", "CNA", "3"),
            ],
            wastes=[
                (
                    Waste.DEFECTS,
                    "Room 612",
                    "Bed alarm left off after a transport back from imaging",
                    "One fall with injury in March",
                ),
                (
                    Waste.MOTION,
                    "Supply room",
                    "CNA walks to the far supply room for yellow socks",
                    "About 4 minutes per admission",
                ),
            ],
            timings=[("Answering a bed alarm", ["2.5", "4", "1.5", "6", "3"])],
            comments=[
                (
                    "coach",
                    "Nice gemba notes. Try a night shift observation too: most of the "
                    "falls happened between 2 and 5 am.",
                ),
                ("lead", "Booked for Thursday night with the charge nurse."),
            ],
        ),
        Spec(
            lead="Grace Liang",
            title="Interpreter use in discharge teaching",
            stage=Stage.EVENT_PREP,
            coach=0,
            sponsor=1,
            event_in_days=21,
            charter={
                "process": "Discharge teaching for patients with limited English proficiency",
                "department": "4 North, hospital medicine",
                "problem_statement": "Only 41% of discharge teaching sessions for patients "
                "with limited English proficiency used a qualified interpreter; 30-day "
                "readmissions are higher in this group.",
                "aim_what": "Percentage of discharge teaching sessions with a qualified "
                "interpreter for patients with limited English proficiency",
                "aim_direction": Direction.UP,
                "aim_baseline": Decimal("41"),
                "aim_target": Decimal("85"),
                "aim_unit": "%",
                "scope_first_step": "Discharge order signed",
                "scope_last_step": "Teach-back completed",
                "why_patients": "Patients who do not understand their medicines come back.",
                "why_staff": "Nurses lose time finding interpreters at the last minute.",
                "origin": Origin.OWN_IDEA,
            },
            process_description="The nurse prints the discharge instructions in English, "
            "checks the language flag, then calls the interpreter line or finds a video cart.",
            steps=[
                ("Discharge order signed", "Resident", "2"),
                ("Language need checked in the chart", "Nurse", "1"),
                ("Interpreter requested (phone or video)", "Nurse", "12"),
                ("Discharge teaching with teach-back", "Nurse and interpreter", "20"),
            ],
            wastes=[
                (
                    Waste.WAITING,
                    "Bedside",
                    "Nurse waits for the video interpreter cart",
                    "15 minutes per session",
                ),
                (Waste.DEFECTS, "Chart", "Language flag missing or wrong", "1 in 8 patients"),
                (
                    Waste.NON_UTILIZED_TALENT,
                    "4 North",
                    "Bilingual staff not certified to interpret",
                    "6 nurses",
                ),
            ],
            whys=[
                ("is teaching done without an interpreter", "the nurse cannot get one quickly"),
                ("can't the nurse get one quickly", "the only video cart is shared by 3 units"),
            ],
            causes=[
                (FishboneCategory.EQUIPMENT, "One video interpreter cart for three units"),
                (FishboneCategory.METHODS, "No planned time for discharge teaching"),
            ],
            measures=[
                MeasureSpec(
                    "Discharge teaching with a qualified interpreter",
                    MeasureKind.PROCESS,
                    "%",
                    Direction.UP,
                    baseline=[38, 44, 40, 36, 45, 42, 39, 43],
                    post=[],
                ),
            ],
            team=[("Dana White", "Language Services manager (advises; not at the event)", False)],
            event={
                "event_location": "4 North conference room",
                "event_agenda_day1": "Charter, current-state walk with an interpreter, waste, "
                "5 Whys, ideas",
                "event_agenda_day2": "Tests of change at two discharges, standard work, report-out",
                "target_state": "Interpreter booked when the discharge order is signed; "
                "teaching happens with the interpreter, with teach-back, every time.",
            },
            comments=[
                ("sponsor", "I can ask Language Services to join the event for day 1."),
                (
                    "coach",
                    "You still need the team roster: who from nursing, Language "
                    "Services and a patient partner?",
                ),
            ],
        ),
        Spec(
            lead="Mateo Alvarez",
            title="Insulin given with meals on 7 North",
            stage=Stage.EVENT,
            coach=1,
            sponsor=1,
            event_in_days=-1,
            charter={
                "process": "Mealtime insulin: from tray delivery to the dose given",
                "department": "7 North, hospital medicine",
                "problem_statement": "Mealtime insulin is given more than 15 minutes from the "
                "meal 58% of the time, and hypoglycemia events are rising.",
                "aim_what": "Percentage of mealtime insulin doses given within 15 minutes "
                "of the meal",
                "aim_direction": Direction.UP,
                "aim_baseline": Decimal("42"),
                "aim_target": Decimal("80"),
                "aim_unit": "%",
                "scope_first_step": "Meal tray arrives",
                "scope_last_step": "Insulin dose given",
                "why_patients": "Mistimed insulin causes hypoglycemia and high sugars.",
                "why_staff": "Nurses are pulled to the medication room at tray time.",
                "origin": Origin.PSA,
                "origin_detail": "PSA 2025-0388, hypoglycemia after a late tray",
            },
            process_description="Trays arrive on a cart at roughly 8, 12 and 5. The nurse "
            "checks a point-of-care glucose, then takes the insulin from the dispensing cabinet "
            "and gives it, often after the patient has finished eating.",
            steps=[
                ("Meal tray delivered", "Food services", "0"),
                ("Point-of-care glucose", "CNA", "4"),
                ("Insulin removed from the dispensing cabinet", "Nurse", "6"),
                ("Dose given at the bedside", "Nurse", "3"),
            ],
            wastes=[
                (
                    Waste.WAITING,
                    "Dispensing cabinet",
                    "Queue of nurses at 12:00",
                    "8 minutes per dose",
                ),
                (
                    Waste.TRANSPORTATION,
                    "Trays",
                    "Trays arrive in a different order each day",
                    "Nurses cannot plan",
                ),
            ],
            timings=[("Tray to insulin dose", ["22", "35", "18", "41", "27", "30"])],
            whys=[
                ("is insulin late", "nurses do not know when the tray has arrived"),
                ("don't they know", "trays are delivered without telling the nurse"),
            ],
            causes=[(FishboneCategory.METHODS, "No signal when a diabetic tray arrives")],
            team=[
                ("Ana Lopez", "Charge nurse, 7 North"),
                ("Kevin Tran", "Clinical pharmacist"),
                ("Rosa Bianchi", "Food services lead"),
                ("Michael Grant", "Patient partner"),
            ],
            measures=[
                MeasureSpec(
                    "Mealtime insulin within 15 minutes of the meal",
                    MeasureKind.PROCESS,
                    "%",
                    Direction.UP,
                    baseline=[40, 44, 38, 45, 41, 43, 39, 46, 42, 40],
                    post=[],
                ),
                MeasureSpec(
                    "Hypoglycemia events (glucose < 70 mg/dL) per 100 patient days",
                    MeasureKind.OUTCOME,
                    "per 100 patient days",
                    Direction.DOWN,
                    baseline=[2.8, 3.1, 2.6, 3.4, 2.9, 3.0],
                    post=[],
                    every_days=14,
                ),
            ],
            event={
                "event_location": "7 North conference room",
                "event_agenda_day1": "8:00 Welcome and charter (sponsor)\n8:30 Current state "
                "walk at breakfast trays\n10:00 Waste and 5 Whys\n13:00 Ideas\n15:30 Choose "
                "ideas to test",
                "event_agenda_day2": "7:30 Test 1 at breakfast\n9:30 Study and adapt\n11:30 Test 2 "
                "at lunch\n14:00 Standard work draft\n15:30 Report-out",
                "target_state": "Every diabetic tray triggers a signal to the nurse; insulin is "
                "given within 15 minutes of the meal.",
            },
            ideas=[
                (
                    "Tray-arrival signal on the nurse's phone",
                    Waste.WAITING,
                    "Nurse knows the tray has arrived",
                    "Ana Lopez",
                    "test_now",
                    "",
                ),
                (
                    "Diabetic trays delivered first, in room order",
                    Waste.TRANSPORTATION,
                    "Predictable timing",
                    "Rosa Bianchi",
                    "test_now",
                    "",
                ),
                (
                    "Insulin kept at the bedside",
                    Waste.MOTION,
                    "No trip to the cabinet",
                    "Kevin Tran",
                    "rejected",
                    "Unsafe storage; against pharmacy policy",
                ),
            ],
            comments=[("coach", "Team roster and agenda look good. Bring stopwatches.")],
        ),
        Spec(
            lead="Lucas Moreau",
            title="Discharge medications delivered to the bedside",
            stage=Stage.IMPLEMENTATION,
            coach=0,
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
            coach=1,
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
                    "The pool is working. Can we share this at the primary "
                    "care leadership meeting?",
                )
            ],
            confirm_progress=True,
        ),
        Spec(
            lead="Priya Raman",
            title="Time to antibiotics in sepsis",
            stage=Stage.RESULTS,
            coach=0,
            sponsor=0,
            event_in_days=-160,
            charter={
                "process": "Sepsis in the emergency department: from triage to the first "
                "antibiotic dose",
                "department": "Emergency department",
                "problem_statement": "Patients with suspected sepsis wait a median of 142 "
                "minutes for the first antibiotic; the target is 60.",
                "aim_what": "Median minutes from triage to the first antibiotic in suspected "
                "sepsis",
                "aim_direction": Direction.DOWN,
                "aim_baseline": Decimal("142"),
                "aim_target": Decimal("60"),
                "aim_unit": "minutes",
                "scope_first_step": "Triage",
                "scope_last_step": "First antibiotic dose given",
                "why_patients": "Every hour of delay raises mortality in septic shock.",
                "why_staff": "Nurses and residents hunt for orders and medications.",
                "why_cost": "Longer ICU stays.",
                "origin": Origin.PSA,
                "origin_detail": "PSA 2024-1190, delayed antibiotics",
            },
            process_description="Triage nurse screens; the resident sees the patient, orders "
            "cultures and antibiotics; pharmacy verifies; the nurse fetches and gives the dose.",
            steps=[
                ("Triage with sepsis screen", "Triage nurse", "8"),
                ("Physician assessment", "Resident", "35"),
                ("Cultures and antibiotics ordered", "Resident", "10"),
                ("Pharmacy verification", "Pharmacist", "25"),
                ("First dose given", "Nurse", "20"),
            ],
            wastes=[
                (
                    Waste.WAITING,
                    "Pharmacy verification",
                    "Orders wait in the verification queue",
                    "25 minutes",
                ),
                (Waste.MOTION, "ED", "Nurse walks to the central pharmacy window", "10 minutes"),
                (
                    Waste.DEFECTS,
                    "Orders",
                    "Wrong antibiotic for the source, re-ordered",
                    "1 in 10 cases",
                ),
            ],
            whys=[
                ("are antibiotics late", "orders wait for verification and delivery"),
                ("do they wait", "sepsis orders are not prioritised"),
            ],
            causes=[
                (FishboneCategory.METHODS, "No sepsis order set"),
                (FishboneCategory.MATERIALS, "First-dose antibiotics not stocked in the ED"),
            ],
            team=[
                ("Dr. Nadia Rahman", "ED attending"),
                ("Carlos Ruiz", "ED charge nurse"),
                ("Emily Ford", "ED pharmacist"),
            ],
            measures=[
                MeasureSpec(
                    "Minutes from triage to first antibiotic (median per fortnight)",
                    MeasureKind.OUTCOME,
                    "minutes",
                    Direction.DOWN,
                    baseline=[150, 138, 146, 131, 155, 142, 139, 148, 135, 144],
                    post=[98, 84, 76, 71, 68, 72, 64, 66, 61, 63, 59, 62],
                    every_days=14,
                    effect="The median fell from 142 to 67 minutes, with a shift in the "
                    "post-event data.",
                ),
                MeasureSpec(
                    "Broad-spectrum antibiotic days per 1,000 ED sepsis patients",
                    MeasureKind.BALANCING,
                    "days",
                    Direction.DOWN,
                    baseline=[410, 395, 420, 402, 398, 415],
                    post=[405, 412, 399, 408, 401, 396],
                    every_days=28,
                ),
            ],
            event={
                "event_location": "ED education room",
                "event_agenda_day1": "Current state, chart review, waste walk, ideas",
                "event_agenda_day2": "Order set test, ED stock test, report-out",
                "target_state": "A sepsis order set with first doses stocked in the ED; "
                "antibiotics within 60 minutes of triage.",
            },
            ideas=[
                (
                    "Sepsis order set with source-based antibiotics",
                    Waste.DEFECTS,
                    "Right drug first time",
                    "Dr. Nadia Rahman",
                    "test_now",
                    "",
                ),
                (
                    "First-dose antibiotics stocked in the ED dispensing cabinet",
                    Waste.WAITING,
                    "No pharmacy delivery wait",
                    "Emily Ford",
                    "test_now",
                    "",
                ),
            ],
            tests=[
                (
                    "PDSA 1: order set",
                    [0],
                    "Use the draft order set for 10 patients",
                    "9 of 10 right first time",
                    "Adopt with two edits",
                    "adopt",
                ),
                (
                    "PDSA 2: ED stock",
                    [1],
                    "Stock first doses for one week",
                    "Median 58 minutes",
                    "Works; needs restocking standard work",
                    "adopt",
                ),
            ],
            report={
                "summary": "Order set and ED stock cut the time to antibiotics.",
                "before": "Median 142 minutes.",
                "after": "Median 58 minutes in the test week.",
                "next_steps": "Go live ED-wide; restocking standard work.",
            },
            actions=[
                ("Order set live in the EHR", "Dr. Nadia Rahman", -140, "done"),
                ("Restocking standard work", "Emily Ford", -130, "done"),
            ],
            standard_work=[("Sepsis first-dose stock and restock", "1.0")],
            follow_ups={
                30: ("yes", "Median time to antibiotics", "None"),
                60: ("yes", "Median time to antibiotics", "None"),
                90: ("yes", "Median time; broad-spectrum days", "Share at ED quality"),
            },
            results={
                "results_what_changed": "A sepsis order set and first-dose stock in the ED. "
                "The median time to antibiotics fell from 142 to 67 minutes.",
                "results_balancing": "Broad-spectrum antibiotic days did not rise.",
            },
            abstracts=[
                (
                    "Cutting time to antibiotics in sepsis: a resident-led kaizen",
                    "Society of Hospital Medicine Converge",
                    "submitted",
                )
            ],
            comments=[
                (
                    "coach",
                    "Strong results. Write the lessons learned so you can move to dissemination.",
                )
            ],
            confirm_progress=True,
        ),
        Spec(
            lead="Amara Okafor",
            title="Discharge before noon on 5 West",
            stage=Stage.DISSEMINATION,
            coach=0,
            sponsor=1,
            event_in_days=-330,
            charter=DISCHARGE_CHARTER,
            process_description="Discharges are decided on morning rounds, which end around "
            "11; the summary, medications and ride are arranged after that, so most patients "
            "leave after 2 pm.",
            takt=(Decimal("18"), "discharges", Decimal("600")),
            steps=[
                ("Discharge decided on rounds", "Team", "0"),
                ("Discharge summary written", "Resident", "30"),
                ("Medications reconciled and filled", "Pharmacy", "60"),
                ("Ride arranged", "Case manager", "45"),
                ("Patient leaves", "Nurse, transport", "20"),
            ],
            wastes=[
                (
                    Waste.WAITING,
                    "Patient rooms",
                    "Patients dressed and waiting for a ride",
                    "2 hours",
                ),
                (Waste.OVERPRODUCTION, "Rounds", "Discharge paperwork started twice", "15 minutes"),
                (
                    Waste.EXTRA_PROCESSING,
                    "Case management",
                    "Ride options re-checked",
                    "10 minutes",
                ),
            ],
            timings=[("Discharge summary written", ["25", "40", "35", "28", "33"])],
            whys=[
                ("do patients leave after 2 pm", "the discharge work starts after rounds"),
                ("does it start after rounds", "nobody knows the day before who will go"),
            ],
            causes=[(FishboneCategory.METHODS, "No next-day discharge planning")],
            team=[
                ("Jenna Morris", "Charge nurse, 5 West"),
                ("Ali Hassan", "Case manager"),
                ("Beth Cole", "Unit pharmacist"),
            ],
            measures=[
                MeasureSpec(
                    "Discharges before noon",
                    MeasureKind.OUTCOME,
                    "%",
                    Direction.UP,
                    baseline=[13, 15, 12, 16, 14, 11, 15, 13, 17, 14, 12, 15],
                    post=[24, 29, 31, 33, 30, 35, 32, 34, 36, 33, 31, 35],
                    every_days=14,
                    effect="Discharges before noon rose from a median of 14% to 32.5%.",
                ),
                MeasureSpec(
                    "ED boarding hours for 5 West admissions (median)",
                    MeasureKind.BALANCING,
                    "hours",
                    Direction.DOWN,
                    baseline=[5.1, 4.8, 5.4, 5.0, 5.3, 4.9],
                    post=[3.9, 3.6, 3.4, 3.5, 3.2, 3.3],
                    every_days=28,
                ),
            ],
            event={
                "event_location": "5 West conference room",
                "event_agenda_day1": "Current state and ideas",
                "event_agenda_day2": "Tests and report-out",
                "target_state": "Tomorrow's discharges are known at the afternoon huddle; "
                "the paperwork and the ride are ready by 10 am.",
            },
            ideas=[
                (
                    "Afternoon huddle names tomorrow's discharges",
                    Waste.WAITING,
                    "Work starts the day before",
                    "Jenna Morris",
                    "test_now",
                    "",
                ),
                (
                    "Discharge summary drafted the evening before",
                    Waste.WAITING,
                    "Summary ready at rounds",
                    "Amara",
                    "test_now",
                    "",
                ),
            ],
            tests=[
                (
                    "PDSA 1: afternoon huddle",
                    [0],
                    "Name tomorrow's discharges at 3 pm",
                    "8 of 11 named patients left before noon",
                    "Adopt",
                    "adopt",
                ),
                (
                    "PDSA 2: evening summary",
                    [1],
                    "Draft summaries by 8 pm",
                    "Summaries ready for 9 of 10",
                    "Adopt for all teams",
                    "adopt",
                ),
            ],
            report={
                "summary": "Planning discharges the day before moved them before noon.",
                "before": "14% before noon.",
                "after": "55% before noon during the tests.",
                "next_steps": "All teams; daily tracking on the unit board.",
            },
            actions=[("Huddle script on the unit board", "Jenna Morris", -300, "done")],
            standard_work=[("Afternoon discharge huddle", "1.2")],
            follow_ups={
                30: ("yes", "Discharges before noon", "None"),
                60: ("yes", "Discharges before noon", "None"),
                90: ("yes", "Discharges before noon; ED boarding hours", "Spread plan"),
            },
            results={
                "results_what_changed": "An afternoon huddle names tomorrow's discharges and "
                "summaries are drafted the evening before. Discharges before noon rose from "
                "14% to 32.5%.",
                "results_balancing": "Readmissions within 7 days did not change; ED boarding "
                "hours for 5 West admissions fell.",
                "results_lessons": "Start the discharge the day before; the charge nurse owns "
                "the huddle.",
                "results_spread": "4 North and 6 West in the spring, led by their charge nurses.",
            },
            abstracts=[
                (
                    "Discharge before noon: a resident-led two-day kaizen",
                    "SGIM Annual Meeting",
                    "accepted",
                )
            ],
            comments=[("sponsor", "Congratulations on the SGIM acceptance!")],
            confirm_progress=True,
        ),
        Spec(
            lead="Daniel Whitfield",
            title="Exam room turnover in the resident clinic",
            stage=Stage.CLOSED,
            coach=1,
            sponsor=2,
            event_in_days=-420,
            charter={
                "process": "Exam room turnover between patients",
                "department": "Resident primary care clinic",
                "problem_statement": "Rooms take a median of 11 minutes to turn over; patients "
                "wait in the lobby while rooms sit empty.",
                "aim_what": "Median minutes to turn over an exam room",
                "aim_direction": Direction.DOWN,
                "aim_baseline": Decimal("11"),
                "aim_target": Decimal("5"),
                "aim_unit": "minutes",
                "scope_first_step": "Patient leaves the room",
                "scope_last_step": "Next patient roomed",
                "why_patients": "Shorter waits in the lobby.",
                "why_staff": "MAs stop searching for supplies.",
                "origin": Origin.FLOW_TOUR,
            },
            process_description="After a visit the MA wipes down the room, restocks from the "
            "supply room and checks the flag light before rooming the next patient.",
            steps=[
                ("Patient leaves the room", "Patient", "0"),
                ("Room cleaned", "MA", "4"),
                ("Room restocked", "MA", "5"),
                ("Next patient roomed", "MA", "2"),
            ],
            wastes=[
                (
                    Waste.MOTION,
                    "Supply room",
                    "MA walks to the supply room for each room",
                    "4 minutes",
                ),
                (Waste.INVENTORY, "Exam rooms", "Each room stocked differently", "Searching"),
            ],
            whys=[("do rooms take long", "the MA restocks from the supply room each time")],
            team=[("Lisa Nguyen", "Lead MA"), ("Omar Aziz", "Clinic manager")],
            measures=[
                MeasureSpec(
                    "Room turnover minutes (median per week)",
                    MeasureKind.PROCESS,
                    "minutes",
                    Direction.DOWN,
                    baseline=[11, 12, 10, 11, 13, 11, 10, 12],
                    post=[7, 6, 5, 5, 6, 4, 5, 5, 4, 5],
                    effect="Turnover fell from 11 to 5 minutes.",
                ),
            ],
            event={
                "event_location": "Resident clinic",
                "event_agenda_day1": "Current state and ideas",
                "event_agenda_day2": "5S of two rooms and report-out",
                "target_state": "Every room stocked the same way (5S) with a restock kanban.",
            },
            ideas=[
                (
                    "5S every exam room with a standard layout",
                    Waste.MOTION,
                    "No searching",
                    "Lisa Nguyen",
                    "test_now",
                    "",
                )
            ],
            tests=[
                (
                    "PDSA 1: 5S two rooms",
                    [0],
                    "5S rooms 3 and 4",
                    "Turnover 5 minutes in those rooms",
                    "Adopt clinic-wide",
                    "adopt",
                )
            ],
            report={
                "summary": "5S and a kanban halved room turnover.",
                "before": "11 minutes.",
                "after": "5 minutes in the 5S rooms.",
                "next_steps": "5S all rooms.",
            },
            actions=[("5S all 14 exam rooms", "Lisa Nguyen", -380, "done")],
            standard_work=[("Exam room standard layout", "1.0")],
            follow_ups={
                30: ("yes", "Turnover", "None"),
                60: ("yes", "Turnover", "None"),
                90: ("yes", "Turnover", "Spread to specialty clinics"),
            },
            results={
                "results_what_changed": "Every exam room is stocked to one standard with a "
                "kanban; turnover fell from 11 to 5 minutes.",
                "results_lessons": "MAs designed the layout, so they kept it.",
                "results_spread": "Specialty clinics after their remodel.",
            },
            presentations=[
                ("Medicine grand rounds", 200, "Department of Medicine", "grand_rounds")
            ],
            abstracts=[
                ("5S in a resident clinic", "Lean Healthcare Transformation Summit", "presented")
            ],
            publications=[
                (
                    "BMJ Open Quality",
                    "Whitfield D, Nguyen L, Aziz O. Five minutes "
                    "to turn a room: 5S in a resident clinic. BMJ Open Qual. 2025.",
                    "10.1136/bmjoq-2025-003112",
                    "",
                )
            ],
            confirm_progress=True,
        ),
    ]


ON_HOLD = Spec(
    lead="Daniel Whitfield",
    title="Room turnover spread to specialty clinics",
    stage=Stage.CURRENT_STATE,
    coach=1,
    sponsor=2,
    event_in_days=60,
    charter={
        "process": "Exam room turnover in the cardiology and GI clinics",
        "department": "Specialty clinics",
        "problem_statement": "Specialty clinic rooms take 12 minutes to turn over.",
        "aim_what": "Median minutes to turn over an exam room",
        "aim_direction": Direction.DOWN,
        "aim_baseline": Decimal("12"),
        "aim_target": Decimal("6"),
        "aim_unit": "minutes",
        "scope_first_step": "Patient leaves the room",
        "scope_last_step": "Next patient roomed",
        "origin": Origin.REPORT_OUT,
        "origin_detail": "Spread plan of the resident clinic project",
    },
    hold_reason="The specialty clinics are being remodelled until spring; the work resumes "
    "when the new rooms open.",
)
WITHDRAWN = Spec(
    lead="Grace Liang",
    title="Post-discharge phone calls",
    stage=Stage.SELECTION,
    coach=0,
    sponsor=None,
    event_in_days=-60,
    paused_days_ago=140,
    charter={
        "process": "Phone calls to patients 48 hours after discharge",
        "department": "4 North",
        "problem_statement": "Half of 4 North patients get no call after discharge.",
    },
    withdraw_reason="The health system started a central post-discharge call program covering "
    "these patients, so the project would duplicate it.",
)


def _working_day(on: date) -> date:
    """The nearest Monday–Thursday on or before `on`, so the event's second day is a weekday."""
    while on.weekday() > 3:
        on -= timedelta(days=1)
    return on


def _at(day: date, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _people(spec, world):
    coach = world["coaches"][spec.coach]
    sponsor = world["sponsors"][spec.sponsor] if spec.sponsor is not None else None
    return coach, sponsor


def _who(key, project):
    return {"lead": project.lead.user, "coach": project.coach, "sponsor": project.sponsor}[key]


def _owner(name, project):
    """Owners named by first name are the lead; others are outside people."""
    if name and name == project.lead.user.full_name.split()[0]:
        return {"owner": project.lead.user}
    return {"owner_name": name}


def _advance_to(project, stage, by):
    while project.stage != stage:
        project_advance(project=project, by=by)


def _build(spec, world, today):
    residents = {p.user.full_name: p for p in world["residents"]}
    lead = residents[spec.lead]
    if Project.objects.filter(lead=lead, title=spec.title).exists():
        return None
    coach, sponsor = _people(spec, world)
    try:
        project = project_create(lead=lead, by=lead.user, title=spec.title, coach=coach)
    except ProjectError:
        # The resident already leads another active capstone: leave their data alone.
        return None
    event_first = _working_day(today + timedelta(days=spec.event_in_days))
    target = spec.stage
    fields = dict(spec.charter)
    if "aim_what" in fields:
        fields["aim_by"] = event_first + timedelta(days=180)
    project_update(project=project, by=lead.user, fields=fields)
    stages = FLOW[: FLOW.index(target) + 1]

    def reached(stage):
        return stage in stages

    if reached(Stage.CURRENT_STATE):
        _current_state(project, spec, sponsor, event_first, today)
        _advance_to(project, Stage.CURRENT_STATE, lead.user)
    if reached(Stage.EVENT_PREP):
        _advance_to(project, Stage.EVENT_PREP, lead.user)
    if spec.team or spec.event:
        _event_plan(project, spec, event_first, lead.user)
    if reached(Stage.EVENT):
        _advance_to(project, Stage.EVENT, lead.user)
    if spec.ideas:
        _event_work(project, spec, event_first)
    if reached(Stage.IMPLEMENTATION):
        _advance_to(project, Stage.IMPLEMENTATION, lead.user)
        _implementation(project, spec, event_first, today)
    if spec.confirm_progress and target in (Stage.IMPLEMENTATION, Stage.POST_EVENT):
        # Confirmed before the post-event data came in: the page shows the suggestion moved.
        progress_confirm(project=project, by=coach, score=project.progress_suggestion().score)
    _post_event_data(project, spec, event_first, today)
    if reached(Stage.POST_EVENT):
        _advance_to(project, Stage.POST_EVENT, lead.user)
    _follow_ups(project, spec, today)
    if reached(Stage.RESULTS):
        _advance_to(project, Stage.RESULTS, lead.user)
    if spec.results:
        project_update(project=project, by=lead.user, fields=dict(spec.results))
    if reached(Stage.DISSEMINATION):
        _advance_to(project, Stage.DISSEMINATION, lead.user)
    _dissemination(project, spec, event_first)
    if reached(Stage.CLOSED):
        _advance_to(project, Stage.CLOSED, lead.user)
    if spec.confirm_progress and target not in (Stage.IMPLEMENTATION, Stage.POST_EVENT):
        progress_confirm(project=project, by=coach, score=project.progress_suggestion().score)
    if spec.hold_reason:
        project_hold(project=project, by=lead.user, reason=spec.hold_reason)
    if spec.withdraw_reason:
        project_withdraw(project=project, by=coach, reason=spec.withdraw_reason)
    for who, text in spec.comments:
        Comment.objects.create(project=project, author=_who(who, project), body=text)
    _date_history(project, spec, event_first, today)
    return project


def _current_state(project, spec, sponsor, event_first, today):
    fields = {"process_description": spec.process_description}
    if spec.takt:
        demand, unit, minutes = spec.takt
        fields.update(takt_demand=demand, takt_demand_unit=unit, takt_available_minutes=minutes)
    if sponsor is not None:
        fields["sponsor"] = sponsor
        fields["sponsor_accepted_on"] = min(event_first - timedelta(days=90), today)
    project_update(project=project, by=project.lead.user, fields=fields)
    for position, (description, who, minutes) in enumerate(spec.steps, start=1):
        ProcessStep.objects.create(
            project=project,
            position=position,
            description=description,
            performed_by=who,
            minutes=Decimal(minutes),
        )
    for offset, (waste, where, what, impact) in enumerate(spec.wastes):
        WasteObservation.objects.create(
            project=project,
            waste=waste,
            where=where,
            what=what,
            estimated_impact=impact,
            observed_on=event_first - timedelta(days=70 - 6 * offset),
        )
    for step, minutes in spec.timings:
        TimeObservation.objects.create(
            project=project,
            step=step,
            cycle_times=minutes,
            observed_on=event_first - timedelta(days=60),
        )
    for position, (why, because) in enumerate(spec.whys, start=1):
        WhyStep.objects.create(project=project, position=position, why=why, because=because)
    for category, text in spec.causes:
        Cause.objects.create(project=project, category=category, text=text)
    for measure in spec.measures:
        _measure(project, measure, event_first, date.max, baseline_only=True)


def _measure(project, spec, event_first, today, *, baseline_only):
    measure, _ = Measure.objects.get_or_create(
        project=project,
        name=spec.name,
        defaults={
            "kind": spec.kind,
            "unit": spec.unit,
            "direction": spec.direction,
            "effect_summary": spec.effect,
        },
    )
    step = timedelta(days=spec.every_days)
    if baseline_only:
        start = event_first - step * len(spec.baseline)
        for index, value in enumerate(spec.baseline):
            DataPoint.objects.create(
                measure=measure,
                period=start + step * index,
                value=Decimal(str(value)),
                phase=Phase.BASELINE,
            )
        return measure
    for index, value in enumerate(spec.post):
        period = event_first + timedelta(days=7) + step * index
        if period > today:
            break
        DataPoint.objects.create(
            measure=measure, period=period, value=Decimal(str(value)), phase=Phase.POST_EVENT
        )
    return measure


def _event_plan(project, spec, event_first, by):
    for name, role, *attends in spec.team:
        TeamMember.objects.create(
            project=project, name=name, role=role, on_event_team=attends[0] if attends else True
        )
    fields = {"event_first_day": event_first, "event_second_day": event_first + timedelta(days=1)}
    fields.update(spec.event)
    project_event_update(project=project, by=by, fields=fields)


def _event_work(project, spec, event_first):
    ideas = []
    for idea, waste, effect, owner, decision, reason in spec.ideas:
        ideas.append(
            Idea.objects.create(
                project=project,
                idea=idea,
                waste=waste,
                expected_effect=effect,
                decision=decision,
                rejected_reason=reason,
                **_owner(owner, project),
            )
        )
    for title, indexes, plan, happened, learned, act in spec.tests:
        test = TestOfChange.objects.create(
            project=project,
            title=title,
            plan_what=plan,
            plan_when=event_first + timedelta(days=1),
            plan_where=project.department,
            prediction="Fewer delays",
            what_happened=happened,
            learned=learned,
            act=act,
        )
        test.ideas.set([ideas[i] for i in indexes])
    if spec.report:
        ReportOut.objects.create(
            project=project,
            posted_at=_at(event_first + timedelta(days=1), 16),
            posted_by=project.lead.user,
            **spec.report,
        )


def _implementation(project, spec, event_first, today):
    for what, owner, due_in, status in spec.actions:
        ActionItem.objects.create(
            project=project,
            what=what,
            due_on=today + timedelta(days=due_in),
            status=status,
            **_owner(owner, project),
        )
    for title, version in spec.standard_work:
        StandardWorkDoc.objects.create(
            project=project,
            title=title,
            version=version,
            adopted_on=event_first + timedelta(days=14),
        )


def _post_event_data(project, spec, event_first, today):
    for measure in spec.measures:
        if measure.post:
            _measure(project, measure, event_first, today, baseline_only=False)


def _follow_ups(project, spec, today):
    followups_schedule(project=project)
    for follow_up in FollowUp.objects.filter(project=project, day__in=spec.follow_ups):
        sustained, reviewed, agreed = spec.follow_ups[follow_up.day]
        follow_up.held_on = min(follow_up.due_on + timedelta(days=2), today)
        follow_up.sustained = sustained
        follow_up.measures_reviewed = reviewed
        follow_up.actions_agreed = agreed
        follow_up.save()


def _dissemination(project, spec, event_first):
    for venue, after, audience, fmt in spec.presentations:
        Presentation.objects.create(
            project=project,
            title=project.title,
            venue=venue,
            presented_on=event_first + timedelta(days=after),
            audience=audience,
            format=fmt,
        )
    for title, conference, status in spec.abstracts:
        AbstractSubmission.objects.create(
            project=project,
            title=title,
            conference=conference,
            deadline=event_first + timedelta(days=170),
            submitted_on=event_first + timedelta(days=165) if status != "draft" else None,
            status=status,
        )
    for journal, citation, doi, pmid in spec.publications:
        Publication.objects.create(
            project=project,
            journal=journal,
            citation=citation,
            doi=doi,
            pmid=pmid,
            published_on=event_first + timedelta(days=380),
        )
    if spec.abstracts and spec.stage in (Stage.DISSEMINATION, Stage.CLOSED):
        sections = abstract_prefill(load_for_documents(project.pk))
        AbstractDraft.objects.create(project=project, updated_by=project.lead.user, **sections)


def _date_history(project, spec, event_first, today):
    """Spread the stage history over the project's real timeline instead of 'just now'."""
    started = min(event_first + timedelta(days=-150), today - timedelta(days=30))
    changes = list(project.stage_changes.order_by("pk"))
    last = _at(started)
    for change in changes:
        if change.kind == StageChange.Kind.START:
            day = started
        elif change.kind == StageChange.Kind.ADVANCE:
            day = event_first + timedelta(days=STAGE_ENTERED[change.to_stage])
        else:
            day = today - timedelta(days=spec.paused_days_ago)
        when = max(_at(min(day, today)), last)
        change.changed_at = when
        change.save(update_fields=["changed_at"])
        last = when
    Project.objects.filter(pk=project.pk).update(
        created_at=_at(started), stage_changed_at=last, updated_at=last
    )
    if project.progress_confirmed_at:
        confirmed = {
            Stage.IMPLEMENTATION: today - timedelta(days=20),
            Stage.POST_EVENT: today - timedelta(days=45),
        }.get(project.stage, today - timedelta(days=9))
        Project.objects.filter(pk=project.pk).update(progress_confirmed_at=_at(confirmed, 15))


@transaction.atomic
def seed(*, world, today=None):
    """Create the demo capstones (none are duplicated on a second run). Returns them by lead."""
    today = today or timezone.localdate()
    created = {}
    # Closed and withdrawn projects first, so their leads may then lead an active one.
    for spec in [WITHDRAWN, *_specs()[::-1], ON_HOLD]:
        project = _build(spec, world, today)
        if project is not None:
            created.setdefault(spec.lead, []).append(project)
    return created
