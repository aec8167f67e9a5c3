"""Demo projects early on the path: Selection, Current state, Event preparation, the event;
plus one on hold and one withdrawn."""

from decimal import Decimal

from capstone.models import Direction, FishboneCategory, MeasureKind, Origin, Stage, Waste
from pathway.demo.capstone.specs import MeasureSpec, Spec

PROJECTS = [
    Spec(
        lead="Ingrid Johansson",
        title="Same-day appointments in the resident clinic",
        stage=Stage.SELECTION,
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
        sponsor=1,
        event_in_days=-1,
        charter={
            "process": "Mealtime insulin: from tray delivery to the dose given",
            "department": "7 North, hospital medicine",
            "problem_statement": "Mealtime insulin is given more than 15 minutes from the "
            "meal 58% of the time, and hypoglycemia events are rising.",
            "aim_what": "Percentage of mealtime insulin doses given within 15 minutes of the meal",
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
]


ON_HOLD = Spec(
    lead="Daniel Whitfield",
    title="Room turnover spread to specialty clinics",
    stage=Stage.CURRENT_STATE,
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
