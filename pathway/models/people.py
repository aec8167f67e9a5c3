"""People, programs and roles: the base every other feature's access rules stand on."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from pathway.core.academic import academic_year_bounds, academic_year_start, pgy_for
from pathway.core.links import link
from pathway.core.prepared import CompiledSubquery
from pathway.core.visibility import scoped


class Role(models.TextChoices):
    RESIDENT = "resident", "Resident"
    COACH = "coach", "KPO coach"
    SPONSOR = "sponsor", "Sponsor"
    DIRECTOR = "director", "Program director"
    COORDINATOR = "coordinator", "Coordinator"


# Role -> name of the one-to-one profile that grants it.
ROLE_PROFILES = {
    Role.RESIDENT: "resident_profile",
    Role.COACH: "coach_profile",
    Role.SPONSOR: "sponsor_profile",
    Role.DIRECTOR: "director_profile",
    Role.COORDINATOR: "coordinator_profile",
}
PROGRAM_STAFF_ROLES = frozenset({Role.DIRECTOR, Role.COORDINATOR})
HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx"})


class Program(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(unique=True)
    institution = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Sign-in rules (pathway.people.sso; README "Single sign-on", "Multi-factor sign-in").
    require_sso = models.BooleanField(
        "require single sign-on",
        default=False,
        help_text="Members must sign in through the program's identity provider; local "
        "passwords are refused (site administrators excepted).",
    )
    require_mfa_for_staff = models.BooleanField(
        "require multi-factor sign-in for directors and coordinators",
        default=False,
        help_text="Directors and coordinators must set up an authenticator app before "
        "anything else.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class ProgramScopedQuerySet(models.QuerySet):
    """For models with a direct `program` foreign key."""

    program_field = "program"

    def for_program(self, program):
        return self.filter(**{self.program_field: program})


class UserQuerySet(models.QuerySet):
    def with_roles(self):
        return self.select_related("program", *ROLE_PROFILES.values())

    def visible_to(self, user):
        """People a user may look up: program staff see their program; a KPO coach also sees
        the residents currently assigned to them; everyone else sees only themselves."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_program_staff:
            return self.filter(program=user.program_id)
        if user.has_role(Role.COACH):
            coachees = Q(
                program=user.program_id,
                resident_profile__in=ResidentProfile.objects.coached_by(user),
            )
            return self.filter(Q(pk=user.pk) | coachees)
        return self.filter(pk=user.pk)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What colleagues call you, if not your first name."
    )
    title = models.CharField("job title", max_length=200, blank=True)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    is_active = models.BooleanField(
        default=True, help_text="Deactivated people cannot sign in; their records stay."
    )
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # When the person's record last changed (a save() sets it).
    updated_at = models.DateTimeField(auto_now=True)
    # The navbar bell shows this on every page, so it lives on the already-loaded user instead
    # of costing a query per page. Only pathway.notifications.services writes it, by recounting.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("pathway:person_detail", self.pk)

    @property
    def display_name(self):
        if self.preferred_name:
            surname = self.full_name.split()[-1] if self.full_name else ""
            return f"{self.preferred_name} {surname}".strip()
        return self.full_name

    def get_short_name(self):
        if self.preferred_name:
            return self.preferred_name
        words = [w for w in self.full_name.split() if w.lower().rstrip(".") not in HONORIFICS]
        return words[0] if words else self.email

    def get_full_name(self):
        return self.full_name

    @cached_property
    def roles(self) -> frozenset:
        """The roles this person holds, from the profiles that exist."""
        held = set()
        for role, attr in ROLE_PROFILES.items():
            try:
                getattr(self, attr)
            except models.ObjectDoesNotExist:
                continue
            held.add(role)
        return frozenset(held)

    def has_role(self, *roles) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_program_staff(self) -> bool:
        return self.program_id is not None and self.has_role(*PROGRAM_STAFF_ROLES)

    @property
    def role_labels(self) -> list[str]:
        labels = [role.label for role in Role if role in self.roles]
        if self.is_superuser:
            labels.append("Site administrator")
        return labels


class InterestArea(models.Model):
    """A tag for areas of interest (patient safety, ambulatory care, …), shared by programs."""

    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Track(models.TextChoices):
    CATEGORICAL = "categorical", "Categorical"
    PRIMARY_CARE = "primary_care", "Primary care"


class PathwayStatus(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    # A resident of the program who has not applied to the pathway.
    NOT_ENROLLED = "not_enrolled", "Not in pathway"


# In the pathway: accepted into it, now or in the past (ResidentProfile.objects.in_pathway()).
IN_PATHWAY = (PathwayStatus.ACTIVE, PathwayStatus.COMPLETED)


def current_coach_assignments():
    """The current KPO coach assignments: mentoring's `CoachAssignment.objects.current()`, the
    one definition of who coaches whom now. Reached through the relation because this layer
    does not import the apps above it."""
    return ResidentProfile._meta.get_field("coach_assignments").related_model.objects.current()


def _coachees_of(coach):
    return current_coach_assignments().filter(coach=coach).values("resident")


# Compiled once (pathway.core.prepared): a coach's pages apply it several times each.
_coachees = CompiledSubquery(_coachees_of, coach=-7_300_000_003)


class ResidentQuerySet(models.QuerySet):
    def coached_by(self, coach):
        """Residents whose KPO coach is `coach` (a user or their id) now."""
        coach = getattr(coach, "pk", coach)
        return self.filter(pk__in=_coachees.expression(ResidentProfile, coach=coach))

    def with_current_coach(self):
        """Prefetch the current assignment into `current_coach_assignments` (0 or 1 items), which
        ResidentProfile.current_coach then reads without a query."""
        return self.prefetch_related(
            models.Prefetch(
                "coach_assignments",
                queryset=current_coach_assignments().select_related("coach"),
                to_attr="current_coach_assignments",
            )
        )

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        q = Q(user=user)
        if user.has_role(Role.COACH):
            q |= Q(pk__in=current_coach_assignments().filter(coach=user).values("resident"))
        if user.has_role(Role.SPONSOR):
            # Sponsors see the residents who lead the capstones they sponsor.
            q |= Q(capstones__sponsor=user, capstones__sponsor_accepted_on__isnull=False)
        if user.has_role(Role.RESIDENT):
            # Peer mentors see their current mentees (mentoring.PeerMentorship). Their mentees'
            # private records stay out of reach: those models have visible_to rules of their own.
            q |= Q(mentor_pairings__mentor__user=user, mentor_pairings__ended_on__isnull=True)
        # Distinct: one resident can be reached through several sponsored capstones.
        return scoped(self, user, program="user__program", own=q).distinct()

    def with_pgy(self, level: int, *, on: date | None = None):
        """Residents at a PGY level on a date, honouring manual overrides."""
        on = on or timezone.localdate()
        if level < 1:
            # Incoming: every start after `on`, however far ahead (an override is never 0).
            return self.filter(pgy_override__isnull=True, residency_start__gt=on)
        start_year = academic_year_start(on) - level + 1
        first, last = academic_year_bounds(start_year)
        # Not `last` but `on` when earlier: an off-cycle start later this year has not begun.
        return self.filter(
            Q(pgy_override=level)
            | Q(pgy_override__isnull=True, residency_start__range=(first, min(last, on)))
        )

    def in_class(self, entry_year: int):
        first, last = academic_year_bounds(entry_year)
        return self.filter(residency_start__range=(first, last))

    def in_pathway(self):
        return self.filter(pathway_status__in=IN_PATHWAY)


class ResidentProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident_profile"
    )
    track = models.CharField(max_length=20, choices=Track.choices, default=Track.CATEGORICAL)
    residency_start = models.DateField(help_text="First day of PGY-1, usually 1 July.")
    expected_graduation = models.DateField()
    pgy_override = models.PositiveSmallIntegerField(
        "PGY override",
        null=True,
        blank=True,
        help_text="Set only for extensions or leave; otherwise PGY follows the academic year.",
    )
    pgy_override_reason = models.CharField(max_length=200, blank=True)
    pathway_status = models.CharField(
        max_length=20, choices=PathwayStatus.choices, default=PathwayStatus.NOT_ENROLLED
    )
    applied_on = models.DateField(null=True, blank=True)
    joined_on = models.DateField("joined the pathway on", null=True, blank=True)
    completed_on = models.DateField("completed the pathway on", null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    areas_of_interest = models.ManyToManyField(InterestArea, blank=True, related_name="residents")
    # Curriculum facts other features are gated on (sponsor selection, mentor eligibility).
    # Written only by the curriculum services when a course completes or the rotation is signed
    # off, so they are the recorded completion dates, not a second source of truth.
    vmps_for_leaders_completed_on = models.DateField(null=True, blank=True, editable=False)
    leading_at_vm_completed_on = models.DateField(
        "Leading at Virginia Mason completed on", null=True, blank=True, editable=False
    )
    sbp_signed_off_on = models.DateField(
        "SBP rotation signed off on", null=True, blank=True, editable=False
    )
    # When the profile last changed (a save() sets it).
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pgy_override__isnull=True)
                | Q(pgy_override__gte=1, pgy_override__lte=7),
                name="pgy_override_between_1_and_7",
            ),
        ]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return link("pathway:person_detail", self.user_id)

    def pgy(self, on: date | None = None) -> int:
        if self.pgy_override:
            return self.pgy_override
        return pgy_for(self.residency_start, on or timezone.localdate())

    @property
    def pgy_label(self) -> str:
        if self.is_alumnus():
            return "Alumni"
        level = self.pgy()
        return f"PGY-{level}" if level else "Incoming"

    @cached_property
    def current_coach(self):
        """The resident's KPO coach now (their current coach assignment), or None. Lists
        prefetch it with ResidentQuerySet.with_current_coach()."""
        assignments = getattr(self, "current_coach_assignments", None)
        if assignments is None:
            assignments = list(self.coach_assignments.current().select_related("coach")[:1])
        return assignments[0].coach if assignments else None

    def is_alumnus(self, on: date | None = None) -> bool:
        return (on or timezone.localdate()) > self.expected_graduation and not self.pgy_override

    @property
    def entry_year(self) -> int:
        return academic_year_start(self.residency_start)

    def set_status(self, status, *, on: date):
        """Record a pathway status change together with its date."""
        self.pathway_status = status
        field = {
            PathwayStatus.APPLICANT: "applied_on",
            PathwayStatus.ACTIVE: "joined_on",
            PathwayStatus.COMPLETED: "completed_on",
            PathwayStatus.WITHDRAWN: "withdrawn_on",
        }.get(status)
        if field:
            setattr(self, field, on)


class CoachProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_profile"
    )
    specialty = models.CharField(max_length=200, blank=True)
    caseload_capacity = models.PositiveSmallIntegerField(default=8)

    def __str__(self):
        return f"KPO coach {self.user}"


class SponsorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sponsor_profile"
    )
    department = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"Sponsor {self.user}"


class DirectorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="director_profile"
    )
    is_associate = models.BooleanField("associate program director", default=False)

    def __str__(self):
        return f"Director {self.user}"


class CoordinatorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_profile"
    )

    def __str__(self):
        return f"Coordinator {self.user}"
