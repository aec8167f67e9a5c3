"""Demo coaching and mentoring for `manage.py seed_demo`: coaching sessions on each coach's
caseload, peer-mentor pairs with meetings, and introductions to faculty mentors.

Idempotent: rows are keyed on who and what (never on today's date), so a second run, on any
day, creates nothing new."""

from datetime import timedelta

from django.utils import timezone

from mentoring.models import (
    CoachingAction,
    CoachingSession,
    CoachingSettings,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
    PrivateCoachingNote,
)
from pathway.models import InterestArea

# (resident, days ago, minutes, mode, tools, shared notes, private note, [(action, due in days,
# done?)]). The coach is the resident's current coach.
SESSIONS = [
    (
        "Amara Okafor",
        75,
        60,
        "in_person",
        ["eight_wastes", "flow_tour"],
        "Flow tour of 6 East discharges: waiting for pharmacy and transport stood out.",
        "",
        [("Time 20 discharges from order to departure", -60, True)],
    ),
    (
        "Amara Okafor",
        20,
        45,
        "virtual",
        ["run_charts", "standard_work"],
        "Baseline run chart looks stable around 14% before noon. Drafted standard work for "
        "the discharge huddle.",
        "Preparing for boards; keep the event date realistic.",
        [("Share the huddle standard work with the charge nurses", 7, False)],
    ),
    (
        "Lucas Moreau",
        40,
        50,
        "in_person",
        ["value_stream_map", "five_whys"],
        "Mapped the discharge value stream; 5 Whys on late discharge summaries.",
        "",
        [
            ("Collect two weeks of baseline discharge times", -10, False),
            ("Book a room for the current-state review", 5, False),
        ],
    ),
    (
        "Hana Sato",
        15,
        30,
        "virtual",
        ["a3", "pdsa"],
        "Reworked the A3 problem statement for inbox turnaround; planned the first PDSA.",
        "Unsure about the sponsor fit; revisit next time.",
        [("Run PDSA 1: pooled inbox on Tuesdays", 10, False)],
    ),
    (
        "Mateo Alvarez",
        28,
        45,
        "in_person",
        ["mistake_proofing", "eight_wastes"],
        "Mistake-proofing ideas for high-alert medication double checks.",
        "",
        [("Observe five double checks on nights", -3, True)],
    ),
    (
        "Samuel Osei",
        10,
        30,
        "virtual",
        ["flow_tour"],
        "First meeting: how coaching works, and the SBP rotation's flow tour.",
        "",
        [],
    ),
]

# (mentor, mentee, started days ago, [(met days ago, topics, notes)])
PAIRS = [
    (
        "Amara Okafor",
        "Mateo Alvarez",
        120,
        [
            (90, "Choosing a capstone process", "Narrowed to medication double checks."),
            (30, "Getting current-state data", "Shared my discharge timing sheet as a model."),
        ],
    ),
    (
        "Amara Okafor",
        "Lucas Moreau",
        45,
        [(20, "Planning the current-state work", "How I timed discharges without a data pull.")],
    ),
    (
        "Daniel Whitfield",
        "Hana Sato",
        100,
        [(60, "Working with a sponsor", "How to prepare the first sponsor meeting.")],
    ),
    ("Daniel Whitfield", "Ingrid Johansson", 30, []),
]

# (resident, faculty, role, email, area, days ago, status, notes)
INTRODUCTIONS = [
    (
        "Samuel Osei",
        "Dr. Helena Park",
        "Chief Patient Safety Officer",
        "helena.park@vm-im.example.org",
        "patient safety",
        25,
        "awaiting",
        "",
    ),
    (
        "Ingrid Johansson",
        "Dr. Robert Chen",
        "Medical Director, Ambulatory Quality",
        "robert.chen@vm-im.example.org",
        "ambulatory care",
        40,
        "met",
        "Met for coffee; he suggested the clinic room turnover project.",
    ),
    (
        "Noah Castillo",
        "Dr. Sara Lindqvist",
        "Section Chief, Hospital Medicine",
        "",
        "hospital medicine",
        60,
        "mentoring",
        "Monthly meetings since September.",
    ),
]


def seed(*, world, today=None):
    today = today or timezone.localdate()
    program = world["program"]
    residents = {profile.user.full_name: profile for profile in world["residents"]}
    CoachingSettings.objects.get_or_create(program=program)

    # PGY-3s took VMPS for Leaders in PGY-1. The curriculum records the date when a course
    # completes; fill it only where nothing recorded it, so peer mentors exist in the demo.
    for profile in world["residents"]:
        if profile.pgy(today) == 3 and profile.vmps_for_leaders_completed_on is None:
            profile.vmps_for_leaders_completed_on = profile.residency_start + timedelta(days=240)
            profile.save(update_fields=["vmps_for_leaders_completed_on"])

    for name, ago, minutes, mode, tools, notes, private, actions in SESSIONS:
        resident = residents[name]
        assignment = resident.coach_assignments.current().first()
        if assignment is None:
            continue
        held_on = today - timedelta(days=ago)
        session, created = CoachingSession.objects.get_or_create(
            resident=resident,
            coach=assignment.coach,
            notes=notes,
            defaults={
                "held_on": held_on,
                "duration_minutes": minutes,
                "mode": mode,
                "vmps_tools": tools,
            },
        )
        if not created:
            continue
        if private:
            PrivateCoachingNote.objects.create(session=session, text=private)
        for description, due_in, done in actions:
            due_on = today + timedelta(days=due_in)
            CoachingAction.objects.create(
                session=session,
                description=description,
                due_on=due_on,
                completed_on=min(due_on, today) if done else None,
            )

    for mentor_name, mentee_name, started_ago, meetings in PAIRS:
        mentor, mentee = residents[mentor_name], residents[mentee_name]
        pairing = PeerMentorship.objects.filter(mentor=mentor, mentee=mentee).first()
        if pairing is None:
            if PeerMentorship.objects.current().filter(mentee=mentee).exists():
                continue
            pairing = PeerMentorship.objects.create(
                mentor=mentor,
                mentee=mentee,
                started_on=today - timedelta(days=started_ago),
                paired_by=world["director"],
            )
        for met_ago, topics, notes in meetings:
            MentoringMeeting.objects.get_or_create(
                mentorship=pairing,
                topics=topics,
                defaults={
                    "met_on": today - timedelta(days=met_ago),
                    "notes": notes,
                    "logged_by": mentee.user,
                },
            )

    for name, faculty, role, email, area, ago, status, notes in INTRODUCTIONS:
        MentorIntroduction.objects.get_or_create(
            resident=residents[name],
            faculty_name=faculty,
            defaults={
                "faculty_role": role,
                "faculty_email": email,
                "area": InterestArea.objects.get_or_create(name=area)[0],
                "introduced_on": today - timedelta(days=ago),
                "introduced_by": world["coordinator"],
                "status": status,
                "follow_up_notes": notes,
            },
        )
