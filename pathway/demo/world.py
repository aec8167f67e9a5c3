"""Demo data for `python manage.py seed_demo`. Idempotent: keyed on emails and names."""

from datetime import date, timedelta

from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.core.academic import academic_year_start
from pathway.demo.curriculum import seed_program_curriculum
from pathway.models import (
    CoachProfile,
    CoordinatorProfile,
    DirectorProfile,
    InterestArea,
    PathwayStatus,
    Program,
    ResidentProfile,
    SponsorProfile,
    Track,
    User,
)

DEMO_PASSWORD = "pathway-demo-2026"
VM = "Virginia Mason Internal Medicine"
OTHER = "Puget Sound Community Internal Medicine"

# (name, preferred, PGY, track, pathway status, areas of interest, coach index or None)
RESIDENTS = [
    (
        "Amara Okafor",
        "",
        3,
        Track.CATEGORICAL,
        PathwayStatus.ACTIVE,
        ["patient safety", "hospital medicine"],
        0,
    ),
    (
        "Daniel Whitfield",
        "Dan",
        3,
        Track.PRIMARY_CARE,
        PathwayStatus.ACTIVE,
        ["ambulatory care", "access"],
        1,
    ),
    (
        "Priya Raman",
        "",
        3,
        Track.CATEGORICAL,
        PathwayStatus.ACTIVE,
        ["sepsis", "emergency flow"],
        0,
    ),
    (
        "Lucas Moreau",
        "",
        2,
        Track.CATEGORICAL,
        PathwayStatus.ACTIVE,
        ["hospital medicine", "discharge"],
        0,
    ),
    ("Hana Sato", "", 2, Track.PRIMARY_CARE, PathwayStatus.ACTIVE, ["ambulatory care", "inbox"], 1),
    (
        "Mateo Alvarez",
        "",
        2,
        Track.CATEGORICAL,
        PathwayStatus.ACTIVE,
        ["patient safety", "medication safety"],
        1,
    ),
    ("Grace Liang", "", 2, Track.CATEGORICAL, PathwayStatus.ACTIVE, ["equity", "readmissions"], 0),
    # PGY-2s without a capstone yet: they take the coming week of Leading at Virginia Mason
    # (every PGY-2 above leads a sponsored capstone, so has finished it).
    ("Nadia Rahman", "", 2, Track.CATEGORICAL, PathwayStatus.ACTIVE, ["equity"], 0),
    ("Owen Fischer", "", 2, Track.PRIMARY_CARE, PathwayStatus.ACTIVE, ["access"], 1),
    ("Samuel Osei", "Sam", 1, Track.CATEGORICAL, PathwayStatus.ACTIVE, ["patient safety"], 0),
    ("Ingrid Johansson", "", 1, Track.PRIMARY_CARE, PathwayStatus.ACTIVE, ["ambulatory care"], 1),
    (
        "Noah Castillo",
        "",
        1,
        Track.CATEGORICAL,
        PathwayStatus.APPLICANT,
        ["hospital medicine"],
        None,
    ),
    ("Leila Haddad", "", 1, Track.CATEGORICAL, PathwayStatus.NOT_ENROLLED, ["equity"], None),
]
COACHES = [
    ("Ruth Kagawa", "Flow and standard work"),
    ("Tomasz Nowak", "Mistake-proofing and patient safety"),
]
SPONSORS = [
    ("Eleanor Price", "Chief Medical Officer", "Executive Office"),
    ("Marcus Bell", "Director of Nursing, Inpatient Medicine", "Nursing"),
    ("Yusuf Adeyemi", "Medical Director, Primary Care", "Primary Care"),
]


def _email(name, domain):
    local = ".".join(part for part in name.lower().split())
    return f"{local}@{domain}"


def _person(program, name, email, preferred="", title=""):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "preferred_name": preferred,
            "title": title,
            "program": program,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _resident(program, name, preferred, pgy, track, status, areas, domain, today):
    user = _person(program, name, _email(name, domain), preferred)
    start_year = academic_year_start(today) - pgy + 1
    # Joined in December of PGY-1, or six weeks ago for a PGY-1 seeded earlier in the year, so
    # no date lies in the future; applications come a few weeks before.
    start = date(start_year, 7, 1)
    joined_on = max(min(date(start_year, 12, 1), today - timedelta(days=42)), start)
    applied_on = max(min(date(start_year, 10, 15), joined_on - timedelta(days=21)), start)
    joined = joined_on if status == PathwayStatus.ACTIVE else None
    profile, _ = ResidentProfile.objects.update_or_create(
        user=user,
        defaults={
            "track": track,
            "residency_start": start,
            "expected_graduation": date(start_year + 3, 6, 30),
            "pathway_status": status,
            "applied_on": applied_on if status != PathwayStatus.NOT_ENROLLED else None,
            "joined_on": joined,
        },
    )
    profile.areas_of_interest.set([InterestArea.objects.get_or_create(name=a)[0] for a in areas])
    return profile


def seed(*, today=None):
    """Create or refresh the demo programs. Returns the demo sign-ins by role."""
    today = today or timezone.localdate()
    vm, _ = Program.objects.get_or_create(
        slug="vm-im",
        defaults={
            "name": VM,
            "short_name": "VM Internal Medicine",
            "institution": "Virginia Mason",
        },
    )
    domain = "vm-im.example.org"
    director = _person(vm, "Helen Carter", _email("Helen Carter", domain), title="Program Director")
    DirectorProfile.objects.get_or_create(user=director)
    associate = _person(
        vm, "Omar Siddiqui", _email("Omar Siddiqui", domain), title="Associate Program Director"
    )
    DirectorProfile.objects.update_or_create(user=associate, defaults={"is_associate": True})
    # A director who also sponsors: one person, several roles.
    SponsorProfile.objects.update_or_create(
        user=associate, defaults={"department": "Internal Medicine"}
    )
    coordinator = _person(
        vm, "Julia Brennan", _email("Julia Brennan", domain), title="Residency Program Coordinator"
    )
    CoordinatorProfile.objects.get_or_create(user=coordinator)
    coaches = []
    for name, specialty in COACHES:
        coach = _person(vm, name, _email(name, domain), title="KPO Coach")
        CoachProfile.objects.update_or_create(
            user=coach, defaults={"specialty": specialty, "caseload_capacity": 6}
        )
        coaches.append(coach)
    sponsors = []
    for name, title, department in SPONSORS:
        sponsor = _person(vm, name, _email(name, domain), title=title)
        SponsorProfile.objects.update_or_create(user=sponsor, defaults={"department": department})
        sponsors.append(sponsor)
    residents = []
    for name, preferred, pgy, track, status, areas, coach_index in RESIDENTS:
        profile = _resident(vm, name, preferred, pgy, track, status, areas, domain, today)
        residents.append(profile)
        if coach_index is not None and not profile.coach_assignments.current().exists():
            CoachAssignment.objects.create(
                resident=profile,
                coach=coaches[coach_index],
                started_on=profile.joined_on or today,
                assigned_by=coordinator,
            )

    other, _ = Program.objects.get_or_create(
        slug="psc-im",
        defaults={
            "name": OTHER,
            "short_name": "PSC Internal Medicine",
            "institution": "Puget Sound Community Hospital",
        },
    )
    other_domain = "psc-im.example.org"
    other_director = _person(
        other,
        "Fiona Gallagher",
        _email("Fiona Gallagher", other_domain),
        title="Program Director",
    )
    DirectorProfile.objects.get_or_create(user=other_director)
    other_coordinator = _person(
        other, "Ben Ashworth", _email("Ben Ashworth", other_domain), title="Program Coordinator"
    )
    CoordinatorProfile.objects.get_or_create(user=other_coordinator)
    other_coach = _person(
        other, "Keiko Mori", _email("Keiko Mori", other_domain), title="KPO Coach"
    )
    CoachProfile.objects.get_or_create(
        user=other_coach, defaults={"specialty": "Value stream mapping"}
    )
    other_residents = []
    for name, pgy in (("Rhys Davies", 2), ("Sofia Marin", 1)):
        profile = _resident(
            other,
            name,
            "",
            pgy,
            Track.CATEGORICAL,
            PathwayStatus.ACTIVE,
            ["patient safety"],
            other_domain,
            today,
        )
        other_residents.append(profile)

    seed_program_curriculum(
        program=vm,
        director=director,
        coordinator=coordinator,
        coaches=coaches,
        people=[director, sponsors[0], sponsors[1]],
        residents=residents,
        today=today,
    )
    seed_program_curriculum(
        program=other,
        director=other_director,
        coordinator=other_coordinator,
        coaches=[other_coach],
        people=[other_director],
        residents=other_residents,
        today=today,
    )

    return {
        "program": vm,
        "other_program": other,
        "director": director,
        "associate": associate,
        "coordinator": coordinator,
        "coaches": coaches,
        "sponsors": sponsors,
        "residents": residents,
        "sign_ins": [
            ("Resident (PGY-2)", _email("Lucas Moreau", domain)),
            ("KPO coach", coaches[0].email),
            ("Sponsor", sponsors[0].email),
            ("Program director", director.email),
            ("Coordinator", coordinator.email),
            ("Other program's director", other_director.email),
        ],
    }
