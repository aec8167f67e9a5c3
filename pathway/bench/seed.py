"""Builds the bench data set: programs and their people, coaching, progress reports and
milestones; the capstones come from pathway.bench.capstones."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F

from capstone.models import (
    AbstractSubmission,
    DataPoint,
    Presentation,
    Publication,
    Stage,
    StageChange,
)
from mentoring.models import (
    CoachAssignment,
    CoachingSession,
    CoachingSettings,
    PeerMentorship,
    ProgressReport,
    ReportReview,
    ReportStatus,
    ReportSubmission,
    ReviewDecision,
    SessionMode,
)
from pathway.bench.capstones import (
    seed_big_measure,
    seed_measures,
    seed_projects,
    seed_results,
)
from pathway.bench.common import ALUMNI, BATCH, BENCH_PASSWORD, FOCUS_SLUG, aware, chunks
from pathway.core.academic import academic_year_start
from pathway.milestones.services import milestone_templates_seed, milestones_sync
from pathway.models import (
    DUE_SOON_DAYS,
    MANUAL,
    CoachProfile,
    CoordinatorProfile,
    DirectorProfile,
    Milestone,
    PathwayStatus,
    Program,
    ResidentProfile,
    SponsorProfile,
    Track,
    User,
)


@dataclass(frozen=True)
class BenchSize:
    programs: int = 50
    residents: int = 2000
    focus_residents: int = 60
    projects: int = 2000
    data_points: int = 100_000
    reports: int = 20_000
    # Daily points of one measure on the focus resident's capstone: the measure page's bench.
    big_measure_points: int = 5_000
    coaches_per_program: int = 4
    sponsors_per_program: int = 3

    def problems(self) -> list[str]:
        found = []
        if self.programs < 1 or self.coaches_per_program < 1 or self.sponsors_per_program < 1:
            found.append("at least one program, one coach and one sponsor per program")
        if not 1 <= self.focus_residents <= self.residents:
            found.append("the focus program needs between 1 and `residents` residents")
        if self.programs == 1 and self.residents != self.focus_residents:
            found.append("with one program, every resident is in the focus program")
        if min(self.projects, self.data_points, self.reports, self.big_measure_points) < 0:
            found.append("no negative sizes")
        return found


@dataclass
class BenchResult:
    focus: Program
    # Role -> email of one account in the focus program, for signing in.
    accounts: dict[str, str]
    counts: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def bench_data_seed(*, size: BenchSize, today: date, rng_seed: int = 7) -> BenchResult:
    problems = size.problems()
    if problems:
        raise ValueError("Bench size: " + "; ".join(problems))
    rng = random.Random(rng_seed)
    password = make_password(BENCH_PASSWORD)
    programs = _programs(size)
    staff = _staff(programs, size, password)
    residents = _residents(programs, size, password, today, rng)
    coach_of = _coach_assignments(residents, staff, today)
    _peer_mentorships(residents, today)
    projects = seed_projects(residents, staff, coach_of, size, today, rng)
    measures = seed_measures(projects, size, today, rng)
    seed_results(projects, today)
    _reports(residents, projects, coach_of, size, today, rng)
    _coaching_sessions(residents, coach_of, today, rng)
    _milestones(programs, today)
    focus = programs[0]
    focus_staff = staff[focus.pk]
    in_focus = [r for r in residents if r.user.program_id == focus.pk]
    focus_resident = next((r for r in in_focus if r.level == 2), in_focus[0])
    lead_projects = [p for p in projects if p.lead_id == focus_resident.pk]
    if size.big_measure_points and lead_projects:
        seed_big_measure(lead_projects[0], size.big_measure_points, today, rng)
    sponsors = [p.sponsor for p in projects if p.sponsor and p.program_id == focus.pk]
    return BenchResult(
        focus=focus,
        accounts={
            "director": focus_staff["director"].email,
            "coordinator": focus_staff["coordinator"].email,
            "coach": coach_of[focus_resident.pk].email,
            "sponsor": (sponsors[0] if sponsors else focus_staff["sponsors"][0]).email,
            "resident": focus_resident.user.email,
        },
        counts={
            "programs": len(programs),
            "residents": len(residents),
            "staff": sum(len(s["all"]) for s in staff.values()),
            "projects": len(projects),
            "measures": len(measures),
            "data points": DataPoint.objects.count(),
            "stage changes": StageChange.objects.count(),
            "progress reports": ProgressReport.objects.count(),
            "reports awaiting review": ProgressReport.objects.awaiting_review().count(),
            "coaching sessions": CoachingSession.objects.count(),
            "milestones": Milestone.objects.count(),
            "presentations": Presentation.objects.count(),
            "abstracts": AbstractSubmission.objects.count(),
            "publications": Publication.objects.count(),
        },
    )


def _programs(size):
    programs = [Program(name="Bench Internal Medicine 60", short_name="Bench IM", slug=FOCUS_SLUG)]
    programs += [
        Program(name=f"Bench Program {n:02d}", short_name=f"Bench {n:02d}", slug=f"bench-{n:02d}")
        for n in range(1, size.programs)
    ]
    programs = Program.objects.bulk_create(programs)
    CoachingSettings.objects.bulk_create([CoachingSettings(program=p) for p in programs])
    return programs


def _staff(programs, size, password):
    """{program id: {"director", "coordinator", "coaches", "sponsors", "all"}}."""
    plan = []
    for program in programs:
        domain = f"{program.slug}.example.org"
        plan.append((program, "director", f"director@{domain}", "Director"))
        plan.append((program, "coordinator", f"coordinator@{domain}", "Coordinator"))
        for n in range(1, size.coaches_per_program + 1):
            plan.append((program, "coach", f"coach{n}@{domain}", f"Coach {n}"))
        for n in range(1, size.sponsors_per_program + 1):
            plan.append((program, "sponsor", f"sponsor{n}@{domain}", f"Sponsor {n}"))
    users = User.objects.bulk_create(
        [
            User(
                email=email,
                full_name=f"{label} {program.short_name}",
                program=program,
                password=password,
            )
            for program, _, email, label in plan
        ],
        batch_size=BATCH,
    )
    staff = {p.pk: {"coaches": [], "sponsors": [], "all": []} for p in programs}
    plural = {"coach": "coaches", "sponsor": "sponsors"}
    profiles = {"director": [], "coordinator": [], "coach": [], "sponsor": []}
    for (program, role, _, _), user in zip(plan, users, strict=True):
        mine = staff[program.pk]
        mine["all"].append(user)
        if role in plural:
            mine[plural[role]].append(user)
        else:
            mine[role] = user
        profiles[role].append(user)
    DirectorProfile.objects.bulk_create([DirectorProfile(user=u) for u in profiles["director"]])
    CoordinatorProfile.objects.bulk_create(
        [CoordinatorProfile(user=u) for u in profiles["coordinator"]]
    )
    CoachProfile.objects.bulk_create([CoachProfile(user=u) for u in profiles["coach"]])
    SponsorProfile.objects.bulk_create(
        [SponsorProfile(user=u, department="Bench hospital") for u in profiles["sponsor"]]
    )
    return staff


def _residents(programs, size, password, today, rng):
    """Residents spread PGY-1, PGY-2, PGY-3, alumni in turn; the focus program gets exactly
    `focus_residents`, all in the pathway, and the others share the rest, a few of whom have
    withdrawn. Each profile carries `level` (1-3, or ALUMNI) for the steps after."""
    placement = [(programs[0], n) for n in range(size.focus_residents)]
    others = programs[1:]
    counters = {p.pk: 0 for p in others}
    for n in range(size.residents - size.focus_residents):
        program = others[n % len(others)]
        placement.append((program, counters[program.pk]))
        counters[program.pk] += 1
    users = User.objects.bulk_create(
        [
            User(
                email=f"resident{n:03d}@{program.slug}.example.org",
                full_name=f"Resident {n:03d} {program.short_name}",
                program=program,
                password=password,
            )
            for program, n in placement
        ],
        batch_size=BATCH,
    )
    this_year = academic_year_start(today)
    profiles = []
    for (program, n), user in zip(placement, users, strict=True):
        level = n % 4 + 1
        start = date(this_year - min(level, 3) - (1 if level == ALUMNI else 0) + 1, 7, 1)
        graduation = date(start.year + 3, 6, 30)
        if level == 1:
            applied = min(start + timedelta(days=rng.randint(20, 60)), today)
            joined = min(applied + timedelta(days=14), today)
        else:
            applied = start + timedelta(days=rng.randint(150, 240))
            joined = applied + timedelta(days=rng.randint(14, 45))
        withdrawn = program.pk != programs[0].pk and level != ALUMNI and n % 25 == 7
        if withdrawn:
            status = PathwayStatus.WITHDRAWN
        elif level == ALUMNI:
            status = PathwayStatus.COMPLETED
        else:
            status = PathwayStatus.ACTIVE

        def done_by(days, chance, start=start):
            on = start + timedelta(days=days)
            return on if on <= today and rng.random() < chance else None

        profile = ResidentProfile(
            user=user,
            track=Track.PRIMARY_CARE if n % 5 == 0 else Track.CATEGORICAL,
            residency_start=start,
            expected_graduation=graduation,
            pathway_status=status,
            applied_on=applied,
            joined_on=joined,
            completed_on=graduation if status == PathwayStatus.COMPLETED else None,
            withdrawn_on=min(joined + timedelta(days=120), today) if withdrawn else None,
            vmps_for_leaders_completed_on=done_by(330, 0.9),
            sbp_signed_off_on=done_by(320, 0.85),
            leading_at_vm_completed_on=done_by(450, 0.8),
        )
        profile.level = level
        profiles.append(profile)
    ResidentProfile.objects.bulk_create(profiles, batch_size=BATCH)
    for profile, user in zip(profiles, users, strict=True):
        profile.user = user
    return profiles


def _coach_assignments(residents, staff, today):
    """{resident id: current coach}: residents of a program shared among its coaches."""
    coach_of, rows = {}, []
    for n, resident in enumerate(residents):
        coaches = staff[resident.user.program_id]["coaches"]
        coach = coaches[n % len(coaches)]
        # Coaching ends when the resident leaves the pathway or graduates.
        ended = resident.withdrawn_on or resident.completed_on
        if ended is None:
            coach_of[resident.pk] = coach
        rows.append(
            CoachAssignment(
                resident=resident, coach=coach, started_on=resident.joined_on, ended_on=ended
            )
        )
    CoachAssignment.objects.bulk_create(rows, batch_size=BATCH)
    return coach_of


def _peer_mentorships(residents, today):
    """Each active PGY-2 is paired with an active PGY-3 of the same program."""
    mentors, rows = {}, []
    for resident in residents:
        if resident.level == 3 and resident.pathway_status == PathwayStatus.ACTIVE:
            mentors.setdefault(resident.user.program_id, []).append(resident)
    for n, resident in enumerate(residents):
        available = mentors.get(resident.user.program_id)
        if resident.level == 2 and resident.pathway_status == PathwayStatus.ACTIVE and available:
            rows.append(
                PeerMentorship(
                    mentor=available[n % len(available)],
                    mentee=resident,
                    started_on=max(resident.joined_on, today - timedelta(days=90)),
                )
            )
    PeerMentorship.objects.bulk_create(rows, batch_size=BATCH)


def _reports(residents, projects, coach_of, size, today, rng):
    """`reports` fortnightly progress reports shared among the residents in the pathway, in
    proportion to how long each has been in it, so that (at the full size) none predates its
    writer's joining. The newest of each is in a mix of states (draft, waiting for review,
    revision, reviewed); older ones were reviewed. Each shared one keeps its submission, and
    each review its row."""
    writers = [r for r in residents if r.pathway_status != PathwayStatus.WITHDRAWN]
    if not writers or not size.reports:
        return
    project_of = {}
    for project in projects:
        if project.stage != Stage.WITHDRAWN:
            project_of[project.lead_id] = project
    quotas = _shares(
        size.reports,
        [(min(today, r.expected_graduation) - r.joined_on).days // 14 for r in writers],
    )
    reports, plans = [], []
    for n, (resident, quota) in enumerate(zip(writers, quotas, strict=True)):
        project = project_of.get(resident.pk)
        coach = coach_of.get(resident.pk)
        last = min(today, resident.expected_graduation)
        for k in range(quota):
            period_to = last - timedelta(days=14 * k + 1)
            if k == 0 and coach is not None:
                status = [
                    ReportStatus.SUBMITTED,
                    ReportStatus.DRAFT,
                    ReportStatus.REVIEWED,
                    ReportStatus.SUBMITTED,
                    ReportStatus.REVISION_REQUESTED,
                ][n % 5]
            elif k == 1 and n % 7 == 0 and coach is not None:
                status = ReportStatus.SUBMITTED
            else:
                status = ReportStatus.REVIEWED
            submitted = aware(period_to + timedelta(days=1), 9) if status != "draft" else None
            reviewed = (
                submitted + timedelta(days=rng.randint(1, 6))
                if status in (ReportStatus.REVIEWED, ReportStatus.REVISION_REQUESTED)
                else None
            )
            reports.append(
                ProgressReport(
                    resident=resident,
                    project=project,
                    stage_snapshot=project.stage if project and submitted else "",
                    period_from=period_to - timedelta(days=13),
                    period_to=period_to,
                    work_done="Collected a week of baseline data and met with the unit manager.",
                    next_steps="Draft the value stream map with the team.",
                    barriers="Finding time on nights." if k % 3 == 0 else "",
                    hours_spent=Decimal(rng.randint(2, 12)),
                    status=status,
                    submitted_at=submitted,
                    first_submitted_at=submitted,
                    reviewed_at=reviewed,
                )
            )
            plans.append((coach or (project.coach if project else None), reviewed))
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    submissions = [
        ReportSubmission(
            report=report,
            number=1,
            submitted_at=report.submitted_at,
            content={
                "period_from": report.period_from.isoformat(),
                "period_to": report.period_to.isoformat(),
                "project": report.project.title if report.project else "",
                "stage": report.stage_label,
                "work_done": report.work_done,
                "measures": [],
                "measure_links": [],
                "next_steps": report.next_steps,
                "barriers": report.barriers,
                "help_from_coach": "",
                "help_from_sponsor": "",
                "hours_spent": str(report.hours_spent),
            },
        )
        for report in reports
        if report.submitted_at
    ]
    ReportSubmission.objects.bulk_create(submissions, batch_size=BATCH)
    by_report = {s.report_id: s for s in submissions}
    reviews = [
        ReportReview(
            report=report,
            submission=by_report[report.pk],
            reviewer=reviewer,
            decision=ReviewDecision.REVIEWED
            if report.status == ReportStatus.REVIEWED
            else ReviewDecision.REVISION_REQUESTED,
            feedback="Good progress; bring the run chart to our next session.",
            reviewed_at=reviewed,
        )
        for report, (reviewer, reviewed) in zip(reports, plans, strict=True)
        if reviewed
    ]
    ReportReview.objects.bulk_create(reviews, batch_size=BATCH)


def _shares(total, weights):
    """`total` split in proportion to `weights` (each at least 1), summing exactly to total."""
    weights = [max(w, 1) for w in weights]
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    # The remainder, one each, to the heaviest (fewer than len(weights) are left).
    for i in sorted(range(len(weights)), key=lambda i: -weights[i])[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _coaching_sessions(residents, coach_of, today, rng):
    """Three sessions with each currently coached resident, the latest within two months."""
    sessions = []
    for resident in residents:
        coach = coach_of.get(resident.pk)
        if coach is None:
            continue
        for k in range(3):
            held = today - timedelta(days=rng.randint(3, 60) + 30 * k)
            if held < resident.joined_on:
                continue
            sessions.append(
                CoachingSession(
                    resident=resident,
                    coach=coach,
                    held_on=held,
                    duration_minutes=45,
                    mode=SessionMode.IN_PERSON if k % 2 else SessionMode.VIRTUAL,
                    vmps_tools=["value_stream_map", "run_charts"][: 1 + k % 2],
                    notes="Reviewed the run chart and planned the next PDSA cycle.",
                )
            )
    CoachingSession.objects.bulk_create(sessions, batch_size=BATCH)


def _milestones(programs, today):
    """The standard milestone set for every program, synced as the app does (events complete
    many), then a director's hand on the rest: about half of the past-due manual ones recorded
    as done, and some open ones rescheduled into the next fortnight, so every status shows."""
    for program in programs:
        milestone_templates_seed(program=program)
    milestones_sync(today=today)
    past_due = list(
        Milestone.objects.filter(
            completed_on__isnull=True,
            waived_on__isnull=True,
            due_on__lt=today,
            template__completion_event=MANUAL,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for chunk in chunks(past_due[::2]):
        Milestone.objects.filter(pk__in=chunk).update(
            completed_on=F("due_on"), completed_evidence="Recorded by the program director."
        )
    later = list(
        Milestone.objects.filter(
            completed_on__isnull=True, due_on__gt=today + timedelta(days=DUE_SOON_DAYS)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    soon = [pk for n, pk in enumerate(later) if n % 6 == 0]
    for days in range(1, DUE_SOON_DAYS + 1):
        chosen = soon[days - 1 :: DUE_SOON_DAYS]
        if chosen:
            due = today + timedelta(days=days)
            Milestone.objects.filter(pk__in=chosen).update(
                due_on=due, due_override=due, due_override_reason="Rescheduled with the director."
            )
