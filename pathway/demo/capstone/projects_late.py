"""Demo projects with results: Results and report-out, Dissemination, Closed."""

from decimal import Decimal

from capstone.models import Direction, FishboneCategory, MeasureKind, Origin, Stage, Waste
from pathway.demo.capstone.specs import MeasureSpec, Spec

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


PROJECTS = [
    Spec(
        lead="Priya Raman",
        title="Time to antibiotics in sepsis",
        stage=Stage.RESULTS,
        sponsor=0,
        event_in_days=-160,
        charter={
            "process": "Sepsis in the emergency department: from triage to the first "
            "antibiotic dose",
            "department": "Emergency department",
            "problem_statement": "Patients with suspected sepsis wait a median of 142 "
            "minutes for the first antibiotic; the target is 60.",
            "aim_what": "Median minutes from triage to the first antibiotic in suspected sepsis",
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
                target=60,
                definition="For adult ED patients who screen positive for sepsis at triage: "
                "minutes from the triage time stamp to the first antibiotic administration, "
                "median per fortnight.",
                source="Epic ED sepsis report, pulled every other Monday",
                notes=[(21, "Antibiotic kit stocked in the triage bay")],
                effect="The median fell from 143 to 67 minutes, with a shift in the "
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
                definition="Days of broad-spectrum antibiotic therapy per 1,000 ED patients "
                "treated for sepsis, per four weeks.",
                source="Antimicrobial stewardship dashboard",
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
            "The median time to antibiotics fell from 143 to 67 minutes.",
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
                effect="Discharges before noon rose from about 14% to about 32%.",
                data_type="proportion",
                denominators=[52, 48, 55, 50, 47, 53],
                target=35,
                definition="Numerator: 5 West discharges with the patient leaving the unit "
                "before 12:00. Denominator: all 5 West discharges home in the fortnight "
                "(transfers and deaths excluded).",
                source="ADT discharge time stamps, bed management report",
                notes=[(28, "Discharge checklist at the afternoon huddle")],
            ),
            MeasureSpec(
                "Inpatient falls on 5 West",
                MeasureKind.BALANCING,
                "falls",
                Direction.DOWN,
                baseline=[3, 2, 4, 3, 5, 2, 3, 4, 3, 2, 4, 3],
                post=[2, 3, 4, 2, 3, 2, 3, 4, 2, 3, 3, 2],
                every_days=14,
                data_type="count",
                definition="Falls reported in the safety event system for patients on 5 West, "
                "per fortnight: earlier, faster discharges must not rush mobilisation.",
                source="Safety event reporting system",
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
        presentations=[("Medicine grand rounds", 200, "Department of Medicine", "grand_rounds")],
        abstracts=[
            ("5S in a resident clinic", "Lean Healthcare Transformation Summit", "presented")
        ],
        publications=[
            (
                "BMJ Open Quality",
                "Whitfield D, Nguyen L, Aziz O. Five minutes "
                "to turn a room: 5S in a resident clinic. BMJ Open Qual.",
                "10.1136/bmjoq-003112",
                "",
            )
        ],
        confirm_progress=True,
    ),
]
