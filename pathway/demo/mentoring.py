"""Demo coaching and mentoring for `manage.py seed_demo`: coaching sessions on each coach's
caseload, peer-mentor pairs with meetings, introductions to faculty mentors, a history of
progress reports (reviewed, one waiting 10 days, one with a revision requested) and a pending
sponsor request.

Idempotent: rows are keyed on who and what (never on today's date), so a second run, on any
day, creates nothing new."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from capstone.models import Project
from mentoring.models import (
    CoachingAction,
    CoachingSession,
    CoachingSettings,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
    PrivateCoachingNote,
    ProgressReport,
    ReportReview,
    ReportStatus,
    ReportSubmission,
    ReviewDecision,
    SponsorRequest,
    SponsorRequestStatus,
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


# Progress report histories: (period starts / ends days ago, what was done, next steps,
# barriers, help from the coach, help from the sponsor, hours, [(outcome, days ago, feedback)]).
# Outcomes: "reviewed", "revision" (revision requested), "submitted" (waiting for review).
REPORT_HISTORIES = [
    [
        (
            44,
            31,
            "Flow tour of the process with the charge nurse; listed the 8 wastes we saw.",
            "Collect two weeks of baseline data.",
            "",
            "How many data points do I need for a baseline?",
            "",
            "5",
            [("reviewed", 29, "Good start. Twenty points gives a stable median; aim for that.")],
        ),
        (
            30,
            17,
            "Baseline data collected (20 points); drafted the A3 background and current condition.",
            "Book the two-day event room and invite the team.",
            "Night float weeks leave little time.",
            "",
            "Could you free two nurses for the event days?",
            "7.5",
            [("reviewed", 14, "The A3 reads well. Confirm the event dates with the manager.")],
        ),
        (
            16,
            11,
            "Event team confirmed; wrote the event charter and agenda.",
            "Send pre-reading to the team; plan day 1 with the coach.",
            "",
            "Review the day 1 agenda with me.",
            "",
            "4",
            [("submitted", 10, "")],
        ),
    ],
    [
        (
            35,
            22,
            "Interviewed six staff about the current process; drafted the problem statement.",
            "Measure the baseline.",
            "",
            "",
            "",
            "3.5",
            [("reviewed", 20, "Interviews are a fine start; measure before you change anything.")],
        ),
        (
            21,
            8,
            "Started a run chart of the outcome measure.",
            "Keep collecting.",
            "Data are hard to pull from the EHR.",
            "",
            "",
            "2",
            [
                (
                    "revision",
                    5,
                    "Please add the run chart's median and say which measure the data are for; "
                    "and which next steps have dates?",
                )
            ],
        ),
    ],
    [
        (
            28,
            15,
            "Process mapped end to end; found three hand-offs with waiting.",
            "Pick the measure for the aim.",
            "",
            "",
            "",
            "4",
            [("reviewed", 12, "Clear map. Choose an outcome and a balancing measure.")],
        ),
        (
            14,
            4,
            "Outcome and balancing measures chosen; data collection form tested.",
            "Start baseline data this week.",
            "",
            "",
            "",
            "3",
            [("submitted", 3, "")],
        ),
    ],
]


def _at(today, days_ago):
    return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(16, 30)))


def _seed_report(resident, project, coach, entry, today):
    start, end, done, steps, barriers, help_coach, help_sponsor, hours, events = entry
    report, created = ProgressReport.objects.get_or_create(
        resident=resident,
        work_done=done,
        defaults={
            "project": project,
            "stage_snapshot": project.stage,
            "period_from": today - timedelta(days=start),
            "period_to": today - timedelta(days=end),
            "next_steps": steps,
            "barriers": barriers,
            "help_from_coach": help_coach,
            "help_from_sponsor": help_sponsor,
            "hours_spent": Decimal(hours),
        },
    )
    if not created:
        return
    for number, (outcome, ago, feedback) in enumerate(events, start=1):
        # A reviewed submission was sent the day before its review.
        when = _at(today, ago if outcome == "submitted" else ago + 1)
        submission = ReportSubmission.objects.create(
            report=report, number=number, submitted_at=when, content={"work_done": done}
        )
        report.first_submitted_at = report.first_submitted_at or when
        report.submitted_at = when
        report.status = ReportStatus.SUBMITTED
        if outcome != "submitted":
            decision = (
                ReviewDecision.REVIEWED
                if outcome == "reviewed"
                else ReviewDecision.REVISION_REQUESTED
            )
            ReportReview.objects.create(
                report=report,
                submission=submission,
                reviewer=coach,
                decision=decision,
                feedback=feedback,
                reviewed_at=_at(today, ago),
            )
            report.status = (
                ReportStatus.REVIEWED if outcome == "reviewed" else ReportStatus.REVISION_REQUESTED
            )
            report.reviewed_at = _at(today, ago)
    report.save()


def _seed_reports(world, today):
    """A report history for each demo resident who leads an active capstone and has a coach."""
    leads = []
    for profile in sorted(world["residents"], key=lambda p: p.user.full_name):
        project = Project.objects.filter(lead=profile).active().first()
        assignment = profile.coach_assignments.current().select_related("coach").first()
        if project is not None and assignment is not None:
            leads.append((profile, project, assignment.coach))
    for index, (profile, project, coach) in enumerate(leads):
        history = REPORT_HISTORIES[min(index, len(REPORT_HISTORIES) - 1)]
        for entry in history:
            _seed_report(profile, project, coach, entry, today)


def _seed_sponsor_request(world, today):
    """One PGY-2 resident without a sponsor has asked one and waits for the answer."""
    if SponsorRequest.objects.filter(resident__user__program=world["program"]).exists():
        return
    for profile in sorted(world["residents"], key=lambda p: p.user.full_name):
        project = Project.objects.filter(lead=profile, sponsor__isnull=True).active().first()
        if project is None or profile.pgy(today) < 2:
            continue
        if profile.leading_at_vm_completed_on is None:
            # Sponsor selection needs the course; fill it only where the curriculum did not.
            profile.leading_at_vm_completed_on = today - timedelta(days=60)
            profile.save(update_fields=["leading_at_vm_completed_on"])
        SponsorRequest.objects.create(
            resident=profile,
            project=project,
            sponsor=world["sponsors"][0],
            message="Your work on patient flow is why I am asking: would you sponsor my capstone?",
            status=SponsorRequestStatus.AWAITING_SPONSOR,
            requested_at=_at(today, 4),
        )
        return


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

    _seed_reports(world, today)
    _seed_sponsor_request(world, today)
