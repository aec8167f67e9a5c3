"""Demo curriculum for `seed_demo`: each resident's record matches their PGY.

PGY-3s finished VMPS for Leaders, Leading at Virginia Mason and the SBP rotation; PGY-2s finished
VMPS for Leaders and the rotation, some finished Leading at Virginia Mason and the rest are
enrolled or waitlisted for the next week; PGY-1s are part-way through VMPS for Leaders and their
rotation; the applicant has an open application. Keyed on stable names, so a second run adds
nothing."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from pathway.core.academic import academic_year_start
from pathway.curriculum.defaults import curriculum_defaults_load
from pathway.curriculum.progress import course_completion_refresh
from pathway.curriculum.services.sbp import sbp_rotation_sign_off
from pathway.models import (
    Application,
    ApplicationStatus,
    Attendance,
    AttendanceStatus,
    ClassSession,
    Course,
    CourseKind,
    Delivery,
    Enrollment,
    EnrollmentStatus,
    HomeworkReview,
    HomeworkSubmission,
    LeaderGroup,
    LeadershipMeeting,
    Offering,
    PathwayStatus,
    ReviewDecision,
    SBPActivity,
    SBPRequirement,
    SBPRotation,
    SubmissionStatus,
)

HOMEWORK_TEXT = {
    "Who is the customer?": "I followed the admission process on the acute medicine unit. The "
    "customer is the patient waiting in the emergency department; value is added when the team "
    "assesses and treats them, not while the bed request waits for approval.",
    "Write standard work for a routine task": "I watched three interns pre-round. Each did the "
    "steps in a different order and two re-checked the same labs twice. I wrote a nine-step "
    "standard work sheet with times; the median was 11 minutes per patient.",
    "Waste walk": "Thirty minutes on 7 East: waiting (discharge orders), motion (walking to the "
    "only bladder scanner), inventory (three days of saline flushes in each room), defects "
    "(missing weights), extra-processing (double documentation of vitals), and more.",
    "Map a value stream": "Discharge value stream from decision to leave: 14 steps, lead time "
    "6 h 40 min, of which 55 minutes add value. The longest wait is for pharmacy reconciliation.",
    "5S a shared space": "We 5S'd the procedure cart on 5 North: removed 40 unused items, "
    "labelled shelves, and added a restocking card. Finding a lumbar puncture kit now takes "
    "under a minute.",
    "Design a mistake-proofing device": "Recurring error: insulin given without a current "
    "glucose. Proposal: the order set blocks scanning insulin until a glucose from the last "
    "hour is charted.",
    "A3 for a possible capstone": "Background: discharges before noon are 9%. Goal: 30% in six "
    "months. Analysis: 5 Whys point to late medicine reconciliation. Countermeasures and a "
    "PDSA plan attached.",
}
LOCATION = "Virginia Mason Medical Center, Seattle: KPO training room"
MEETING_LINK = "https://meet.example.org/vmps-for-leaders"


def _at(day, hour, minutes=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minutes)))


def _weekday_on_or_after(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _offering(course, title, days, *, delivery, capacity, instructor, hours=(16, 18)):
    """The offering and its sessions, one class a day in `days`; created only once."""
    offering, created = Offering.objects.get_or_create(
        course=course,
        title=title,
        defaults={
            "starts_on": days[0],
            "ends_on": days[-1],
            "delivery": delivery,
            "meeting_link": MEETING_LINK if delivery == Delivery.REMOTE else "",
            "location": LOCATION if delivery == Delivery.IN_PERSON else "",
            "capacity": capacity,
            "instructor": instructor,
        },
    )
    if created:
        for course_class, day in zip(course.classes.order_by("position", "pk"), days, strict=False):
            ClassSession.objects.create(
                offering=offering,
                course_class=course_class,
                starts_at=_at(day, hours[0]),
                ends_at=_at(day, hours[1]),
            )
    return offering


def _enroll(offering, resident, status, actor, when):
    enrollment = Enrollment.objects.active().filter(offering=offering, resident=resident).first()
    if enrollment is None:
        enrollment = Enrollment.objects.create(
            offering=offering,
            resident=resident,
            status=status,
            requested_at=when,
            enrolled_at=when if status == EnrollmentStatus.ENROLLED else None,
            added_by=actor,
        )
    return enrollment


def _attend(session, resident, status, actor, made_up_on=None):
    Attendance.objects.get_or_create(
        session=session,
        resident=resident,
        defaults={"status": status, "recorded_by": actor, "made_up_on": made_up_on},
    )


def _homework(assignment, resident, offering, submitted_on, outcomes, reviewer):
    """Submissions with their reviews, e.g. outcomes ["revision_requested", "accepted"]; a
    trailing None leaves the last submission awaiting review."""
    if HomeworkSubmission.objects.filter(assignment=assignment, resident=resident).exists():
        return
    text = HOMEWORK_TEXT.get(assignment.title, f"My work on {assignment.title.lower()}.")
    day = submitted_on
    for attempt, outcome in enumerate(outcomes):
        submission = HomeworkSubmission.objects.create(
            assignment=assignment,
            resident=resident,
            offering=offering,
            text=text if attempt == 0 else f"Revised: {text} I added the data you asked for.",
            status=outcome or SubmissionStatus.SUBMITTED,
            submitted_at=min(_at(day, 20), timezone.now()),
        )
        if outcome:
            revise = outcome == ReviewDecision.REVISION_REQUESTED
            HomeworkReview.objects.create(
                submission=submission,
                reviewer=reviewer,
                decision=outcome,
                comments="Good start. Add the times for each step and say which waste is "
                "the biggest, then resubmit."
                if revise
                else "Well observed; this is exactly the habit we want.",
                reviewed_at=_at(day + timedelta(days=3), 9),
            )
        day += timedelta(days=5)


def _reviewer(resident, fallback):
    assignment = resident.coach_assignments.current().select_related("coach").first()
    return assignment.coach if assignment else fallback


def _complete_course(offering, residents, actor):
    """Everyone present at every session and every homework accepted."""
    for session in offering.sessions.select_related("course_class__assignment"):
        for resident in residents:
            _attend(session, resident, AttendanceStatus.PRESENT, actor)
            assignment = getattr(session.course_class, "assignment", None)
            if assignment is not None:
                reviewer = _reviewer(resident, offering.instructor)
                _homework(
                    assignment,
                    resident,
                    offering,
                    session.date + timedelta(days=4),
                    [ReviewDecision.ACCEPTED],
                    reviewer,
                )
    for resident in residents:
        course_completion_refresh(resident=resident, course=offering.course)


def _rotation(resident, starts_on, actor):
    rotation, created = SBPRotation.objects.get_or_create(
        resident=resident,
        defaults={
            "starts_on": starts_on,
            "ends_on": starts_on + timedelta(days=27),
            "scheduled_by": actor,
        },
    )
    return rotation, created


def _log(rotation, requirement, day, what, with_whom, reflection):
    SBPActivity.objects.create(
        rotation=rotation,
        requirement=requirement,
        occurred_on=day,
        what=what,
        with_whom=with_whom,
        reflection=reflection,
    )


ACTIVITY_NOTES = {
    "Quality-improvement event": (
        "Two-day event: ED to ward handover",
        "KPO coach, charge nurses, bed management",
        "Waiting: 40 minutes between bed assigned and patient moved. The team tested a "
        "standard handover call.",
    ),
    "Patient Safety Alert resolution meeting": (
        "PSA on a delayed anticoagulation dose",
        "Patient safety officer, pharmacy",
        "Root cause was an order held at transfer; the fix is a transfer checklist item.",
    ),
    "Flow tour": (
        "Flow tour of the outpatient infusion centre",
        "Infusion nurse manager",
        "Motion and waiting: chairs sat empty while pharmacy batches ran at fixed times.",
    ),
    "Report-out session": (
        "Weekly report-out of the hospital's improvement events",
        "KPO, executive team",
        "Saw how teams present target state and 30-day follow-up data.",
    ),
    "Stand-up meeting": (
        "Unit stand-up at the visual management board",
        "7 East nursing team",
        "Two safety concerns raised and owned in under ten minutes.",
    ),
    "Meeting with a quality leader": (
        "Meeting with the Chief Quality Officer",
        "Chief Quality Officer",
        "How the organization chooses which value streams to improve each year.",
    ),
}


def _log_all(rotation, requirements, limit_by_name=None, today=None):
    """Log activities across the rotation: every target met, or up to the given counts."""
    days = (rotation.ends_on - rotation.starts_on).days + 1
    last = min(rotation.ends_on, today) if today else rotation.ends_on
    span = max((last - rotation.starts_on).days, 0)
    for requirement in requirements:
        count = requirement.target_for(rotation.weeks)
        if limit_by_name is not None:
            count = min(count, limit_by_name.get(requirement.name, 0))
        what, whom, reflection = ACTIVITY_NOTES.get(
            requirement.name, (requirement.name, "", "What I saw and what I would change.")
        )
        for n in range(count):
            offset = (n * max(days // max(count, 1), 1)) % (span + 1)
            _log(
                rotation,
                requirement,
                rotation.starts_on + timedelta(days=offset),
                what,
                whom,
                reflection,
            )


MEETINGS = [
    ("Program Director", LeaderGroup.PATHWAY, "Welcome to the pathway and the three-year plan."),
    ("Chief Medical Officer", LeaderGroup.PHYSICIAN, "How the organization sets its QI aims."),
    (
        "Director of Nursing, Inpatient Medicine",
        LeaderGroup.NON_PHYSICIAN,
        "Where nursing sees the most waste on the wards.",
    ),
]


def _meetings(resident, people, days):
    for (role, group, notes), person, day in zip(MEETINGS, people, days, strict=False):
        LeadershipMeeting.objects.get_or_create(
            resident=resident,
            person=person.full_name,
            defaults={"met_on": day, "role": role, "group": group, "notes": notes},
        )


def _application(resident, director, today):
    if Application.objects.filter(resident=resident).exists():
        return
    applied = min(resident.applied_on or today, today)
    application = Application.objects.create(
        resident=resident,
        statement="I want to learn to lead improvement, not only to notice what is broken. On "
        "my ward months I saw patients wait hours for discharge paperwork, and I want the tools "
        "to fix problems like that with the teams who live them.",
        submitted_at=_at(applied, 18),
    )
    application.areas_of_interest.set(resident.areas_of_interest.all())
    if resident.pathway_status == PathwayStatus.ACTIVE:
        application.status = ApplicationStatus.ACCEPTED
        application.decided_by = director
        application.decided_at = _at(resident.joined_on or today, 10)
        application.decision_note = "Welcome to the pathway."
        application.save()


def _leading_week(entry, today):
    """Leading at Virginia Mason early in PGY-2 (at least six weeks ago): sponsor selection
    waits for it, and the demo's capstones chose their sponsors from the summer on."""
    return _weekday_on_or_after(min(date(entry + 1, 7, 6), today - timedelta(weeks=6)), 0)


def seed_program_curriculum(*, program, director, coordinator, coaches, people, residents, today):
    """The catalog plus every resident's record. `people` are leaders residents meet."""
    curriculum_defaults_load(program=program)
    vmps = Course.objects.get(program=program, kind=CourseKind.VMPS_FOR_LEADERS)
    leading = Course.objects.get(program=program, kind=CourseKind.LEADING_AT_VM)
    requirements = list(SBPRequirement.objects.filter(program=program, is_active=True))
    year = academic_year_start(today)
    vmps_teacher, leading_teacher = coaches[-1], coaches[0]
    classes = {}
    for resident in residents:
        classes.setdefault(resident.pgy(today), []).append(resident)
    for resident in residents:
        if resident.pathway_status in (PathwayStatus.ACTIVE, PathwayStatus.APPLICANT):
            _application(resident, director, today)

    for pgy, members in sorted(classes.items(), reverse=True):
        entry = year - pgy + 1
        active = [r for r in members if r.pathway_status == PathwayStatus.ACTIVE]
        if not active:
            continue
        if pgy >= 2:
            first_tuesday = _weekday_on_or_after(date(entry + 1, 1, 8), 1)
            days = [first_tuesday + timedelta(weeks=2 * n) for n in range(7)]
        else:
            start = _weekday_on_or_after(today - timedelta(weeks=5), 1)
            days = [start + timedelta(weeks=2 * n) for n in range(7)]
        offering = _offering(
            vmps,
            f"Class of {entry}",
            days,
            delivery=Delivery.REMOTE,
            capacity=12,
            instructor=vmps_teacher,
        )
        for resident in active:
            _enroll(
                offering,
                resident,
                EnrollmentStatus.ENROLLED,
                coordinator,
                _at(days[0] - timedelta(days=14), 9),
            )
        if pgy >= 2:
            _complete_course(offering, active, coordinator)
        else:
            _start_vmps(offering, active, coordinator, today)

        if pgy >= 3:
            monday = _leading_week(entry, today)
            week = _offering(
                leading,
                f"Class of {entry}",
                [monday + timedelta(days=n) for n in range(5)],
                delivery=Delivery.IN_PERSON,
                capacity=8,
                instructor=leading_teacher,
                hours=(8, 17),
            )
            for resident in active:
                _enroll(
                    week,
                    resident,
                    EnrollmentStatus.ENROLLED,
                    coordinator,
                    _at(monday - timedelta(days=30), 9),
                )
            _complete_course(week, active, coordinator)
        elif pgy == 2:
            # The last two take the coming week (one seat, one waitlisted); the others finished
            # it at the start of PGY-2, before they chose a sponsor.
            done, later = active[:-2], active[-2:]
            monday = _leading_week(entry, today)
            past = done and _offering(
                leading,
                f"Class of {entry}: first week",
                [monday + timedelta(days=n) for n in range(5)],
                delivery=Delivery.IN_PERSON,
                capacity=len(done),
                instructor=leading_teacher,
                hours=(8, 17),
            )
            for resident in done:
                _enroll(
                    past,
                    resident,
                    EnrollmentStatus.ENROLLED,
                    coordinator,
                    _at(monday - timedelta(days=30), 9),
                )
            if done:
                _complete_course(past, done, coordinator)
            monday = _weekday_on_or_after(today + timedelta(weeks=3), 0)
            coming = _offering(
                leading,
                f"Class of {entry}: second week",
                [monday + timedelta(days=n) for n in range(5)],
                delivery=Delivery.IN_PERSON,
                capacity=max(len(later) - 1, 1),
                instructor=leading_teacher,
                hours=(8, 17),
            )
            for n, resident in enumerate(later):
                seat = n < coming.capacity
                _enroll(
                    coming,
                    resident,
                    EnrollmentStatus.ENROLLED if seat else EnrollmentStatus.WAITLISTED,
                    resident.user,
                    _at(today - timedelta(days=10 - n), 9 + n),
                )

        if pgy >= 2:
            start = _weekday_on_or_after(date(entry + 1, 2, 1), 0)
            for resident in active:
                rotation, created = _rotation(resident, start, coordinator)
                if created:
                    _log_all(rotation, requirements)
                if not rotation.is_signed_off:
                    sbp_rotation_sign_off(
                        rotation=rotation,
                        actor=_reviewer(resident, director),
                        today=rotation.ends_on,
                    )
            people_days = [
                date(entry, 12, 5),
                date(entry + 1, 1, 20),
                date(entry + 1, 3, 10),
            ]
        else:
            start = _weekday_on_or_after(today - timedelta(weeks=2), 0)
            for n, resident in enumerate(active):
                rotation, created = _rotation(resident, start, coordinator)
                if created:
                    limits = (
                        {
                            "Quality-improvement event": 1,
                            "Flow tour": 1,
                            "Report-out session": 2,
                            "Stand-up meeting": 4,
                        }
                        if n == 0
                        else {"Report-out session": 1, "Stand-up meeting": 2}
                    )
                    _log_all(rotation, requirements, limits, today=today)
            people_days = [today - timedelta(days=20), today - timedelta(days=8)]
        for resident in active:
            _meetings(resident, people, people_days)


def _start_vmps(offering, residents, actor, today):
    """PGY-1s part-way: past sessions attended (one excused), early homework in review."""
    past = [
        s
        for s in offering.sessions.select_related("course_class__assignment")
        if s.date <= today - timedelta(days=1)
    ]
    for n, resident in enumerate(residents):
        reviewer = _reviewer(resident, offering.instructor)
        for index, session in enumerate(past):
            excused = n == 1 and index == len(past) - 1
            _attend(
                session,
                resident,
                AttendanceStatus.EXCUSED if excused else AttendanceStatus.PRESENT,
                actor,
            )
            assignment = getattr(session.course_class, "assignment", None)
            if assignment is None:
                continue
            # The first resident: accepted, resubmitted after a revision, then waiting; the
            # others: one sent back for revision, one waiting.
            plans = {
                (0, 0): [ReviewDecision.ACCEPTED],
                (0, 1): [ReviewDecision.REVISION_REQUESTED, None],
                (0, 2): [None],
                (1, 0): [ReviewDecision.REVISION_REQUESTED],
                (1, 1): [None],
            }
            outcomes = plans.get((min(n, 1), index))
            if outcomes is None:
                continue
            submitted = min(session.date + timedelta(days=1), today)
            _homework(assignment, resident, offering, submitted, outcomes, reviewer)
