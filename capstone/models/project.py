"""The capstone project record, who is on it, its stage history and its discussion.

Who may see a project is `Project.objects.visible_to(user)`; what each person may do with a
visible project is the `can_*` methods. The stage rules are in stage_rules.StageRules."""

import functools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from capstone.models.choices import (
    FINAL_STAGES,
    FLOW,
    PROGRESS_CHOICES,
    PROGRESS_SCALE,
    Direction,
    Origin,
    Stage,
    event_days_problem,
)
from capstone.models.stage_rules import StageRules
from pathway.core.compiled_lists import CompiledList
from pathway.core.dates import long_date
from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT
from pathway.core.links import link
from pathway.core.prepared import CompiledSubquery
from pathway.models import Program, ResidentProfile, Role
from pathway.models.people import current_coach_assignments


def attach_current_coaches(projects) -> None:
    """What with_coach() prefetches, for projects already read: each lead's
    `current_coach_assignments`, in one compiled query (a page reading projects by a
    CompiledList would otherwise have the ORM write the prefetch's SQL on every request)."""
    by_lead = {project.lead_id: [] for project in projects}
    for assignment in _coaches_of_leads()(None, leads=sorted(by_lead)):
        by_lead[assignment.resident_id].append(assignment)
    for project in projects:
        project.lead.current_coach_assignments = by_lead[project.lead_id]


@functools.cache
def _coaches_of_leads():
    # Made on first use: the assignment model belongs to an app loaded after this one.
    return CompiledList(
        current_coach_assignments().model,
        lambda user, leads: (
            current_coach_assignments().filter(resident_id__in=leads).select_related("coach")
        ),
    )


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Leads, co-leads and user team members see their project; the lead's current KPO
        coach and the sponsor (once they have accepted) see it too; program staff see their
        program's projects."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.is_program_staff:
            return self.filter(program=user.program_id)
        return self.filter(
            pk__in=_own_projects.expression(Project, user=user.pk, program=user.program_id)
        )

    def active(self):
        return self.exclude(stage__in=FINAL_STAGES)

    def with_people(self):
        return self.select_related("program", "lead__user", "sponsor").with_coach()

    def with_coach(self):
        """Prefetch each lead's current coach, so that `project.coach` costs no query.
        attach_current_coaches() gives projects already read the same."""
        return self.prefetch_related(
            Prefetch(
                "lead__coach_assignments",
                queryset=current_coach_assignments().select_related("coach"),
                to_attr="current_coach_assignments",
            )
        )

    def in_flow_order(self):
        """Like a pipeline: Selection first, then each stage in turn; on hold and withdrawn
        last."""
        order = [*FLOW, Stage.ON_HOLD, Stage.WITHDRAWN]
        position = Case(
            *[When(stage=stage, then=Value(index)) for index, stage in enumerate(order)],
            default=Value(len(order)),
        )
        return self.alias(flow_position=position).order_by(
            "flow_position", "lead__user__full_name", "pk"
        )


class Project(StageRules, models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="capstones")

    # Charter
    title = models.CharField(max_length=200)
    process = models.CharField(
        "process or value stream",
        max_length=200,
        blank=True,
        help_text="The process you will improve, e.g. discharge from 5 West.",
    )
    department = models.CharField("department or unit", max_length=200, blank=True)
    problem_statement = models.TextField(
        blank=True,
        help_text="What is wrong today, for whom, how often, measured if you can.",
        max_length=LONG_TEXT,
    )
    aim_what = models.CharField(
        "aim: what will change",
        max_length=300,
        blank=True,
        help_text="The measure the aim is about, e.g. percentage of discharges before noon.",
    )
    aim_direction = models.CharField(
        "direction", max_length=4, choices=Direction.choices, blank=True
    )
    aim_baseline = models.DecimalField(
        "baseline", max_digits=12, decimal_places=2, null=True, blank=True
    )
    aim_target = models.DecimalField(
        "target", max_digits=12, decimal_places=2, null=True, blank=True
    )
    aim_unit = models.CharField("unit", max_length=40, blank=True, help_text="e.g. %, minutes")
    aim_by = models.DateField("by when", null=True, blank=True)
    scope_first_step = models.CharField("scope: first step", max_length=200, blank=True)
    scope_last_step = models.CharField("scope: last step", max_length=200, blank=True)
    why_patients = models.TextField("why it matters to patients", blank=True, max_length=LONG_TEXT)
    why_staff = models.TextField("why it matters to staff", blank=True, max_length=LONG_TEXT)
    why_cost = models.TextField("why it matters for cost", blank=True, max_length=LONG_TEXT)
    origin = models.CharField(max_length=20, choices=Origin.choices, blank=True)
    origin_detail = models.CharField(
        "origin details", max_length=200, blank=True, help_text="e.g. PSA number, which report-out"
    )

    # People
    lead = models.ForeignKey(ResidentProfile, on_delete=models.PROTECT, related_name="capstones")
    co_leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="capstones_co_led"
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="capstones_sponsored",
    )
    sponsor_accepted_on = models.DateField(null=True, blank=True)

    # Current state
    process_description = models.TextField(
        blank=True,
        help_text="How the process works today, in a few sentences.",
        max_length=LONG_TEXT,
    )
    takt_demand = models.DecimalField(
        "customer demand per day",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="How many units the process must deliver each day, e.g. 18 discharges.",
    )
    takt_demand_unit = models.CharField(
        "unit of demand", max_length=60, blank=True, help_text="e.g. discharges, rooms"
    )
    takt_available_minutes = models.DecimalField(
        "available working time per day (minutes)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )

    # Two-day event
    event_first_day = models.DateField("first day of the event", null=True, blank=True)
    event_second_day = models.DateField("second day of the event", null=True, blank=True)
    event_location = models.CharField("location", max_length=200, blank=True)
    event_agenda_day1 = models.TextField("agenda for day 1", blank=True, max_length=LONG_TEXT)
    event_agenda_day2 = models.TextField("agenda for day 2", blank=True, max_length=LONG_TEXT)
    target_state = models.TextField(
        "target state",
        blank=True,
        help_text="How the process should work after the event.",
        max_length=LONG_TEXT,
    )

    # Results
    results_what_changed = models.TextField("what changed", blank=True, max_length=LONG_TEXT)
    results_balancing = models.TextField("balancing effects", blank=True, max_length=LONG_TEXT)
    results_lessons = models.TextField("lessons learned", blank=True, max_length=LONG_TEXT)
    results_spread = models.TextField("spread plan", blank=True, max_length=LONG_TEXT)

    # Stage
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.SELECTION, db_index=True
    )
    stage_changed_at = models.DateTimeField(default=timezone.now)
    held_from_stage = models.CharField(
        "stage before the hold", max_length=20, choices=Stage.choices, blank=True
    )
    stage_reason = models.CharField(
        max_length=500, blank=True, help_text="Why the project is on hold or withdrawn."
    )

    # IHI progress score, as last confirmed by the coach
    progress_score = models.DecimalField(
        "IHI progress score",
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        choices=PROGRESS_CHOICES,
    )
    progress_confirmed_at = models.DateTimeField(null=True, blank=True)
    progress_confirmed_by = acting_user()
    # What the record suggested at confirmation; a different suggestion now is flagged.
    progress_suggested_at_confirmation = models.DecimalField(
        max_digits=2, decimal_places=1, null=True, blank=True
    )
    progress_note = models.CharField(max_length=500, blank=True)

    created_by = acting_user()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    # The charter's aim statement, in the order it reads; the charter form and the API
    # both take it from here.
    AIM_FIELDS = ("aim_what", "aim_direction", "aim_baseline", "aim_target", "aim_unit", "aim_by")

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead"],
                condition=~Q(stage__in=["closed", "withdrawn"]),
                name="one_active_capstone_per_resident",
            ),
            models.CheckConstraint(
                condition=~Q(stage="on_hold") | ~Q(held_from_stage=""),
                name="on_hold_remembers_its_stage",
            ),
            models.CheckConstraint(
                condition=Q(progress_score__isnull=True)
                | Q(progress_score__gte=Decimal("0.5"), progress_score__lte=Decimal("5.0")),
                name="progress_score_on_ihi_scale",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return link("capstone:project_detail", self.pk)

    def clean(self):
        problem = event_days_problem(self.event_first_day, self.event_second_day)
        if problem:
            raise ValidationError({"event_second_day": problem})
        # The charter is begun when the project is; an aim cannot be met before it exists.
        chartered = timezone.localdate(self.created_at) if self.created_at else None
        if self.aim_by is not None and chartered is not None and self.aim_by < chartered:
            raise ValidationError(
                {"aim_by": f"The aim's target date is before the charter ({chartered:%-d %b %Y})."}
            )

    # --- Permissions (object already visible through visible_to) -------------------------------

    def is_lead(self, user) -> bool:
        return user.is_authenticated and self.lead.user_id == user.pk

    def can_edit(self, user) -> bool:
        """The lead and co-leads edit their project (and site administrators)."""
        if not user.is_authenticated:
            return False
        if user.is_superuser or self.is_lead(user):
            return True
        return self.co_leads.filter(pk=user.pk).exists()

    def is_program_director(self, user) -> bool:
        return user.has_role(Role.DIRECTOR) and user.program_id == self.program_id

    @property
    def coach(self):
        """The KPO coach: the lead's coach now (their current coach assignment), never a copy,
        so reassigning the resident's coach moves the project with them."""
        return self.lead.current_coach

    def is_coach(self, user) -> bool:
        coach = self.coach
        return user.is_authenticated and coach is not None and coach.pk == user.pk

    def can_steer(self, user) -> bool:
        """Advance, hold, resume and withdraw: the leads, the coach and program directors."""
        if not user.is_authenticated:
            return False
        return (
            user.is_superuser
            or self.is_coach(user)
            or self.is_program_director(user)
            or self.can_edit(user)
        )

    def can_move_back(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return user.is_superuser or self.is_coach(user) or self.is_program_director(user)

    def can_confirm_progress(self, user) -> bool:
        return user.is_authenticated and (user.is_superuser or self.is_coach(user))

    def can_comment(self, user) -> bool:
        """Everyone who may see the project may take part in its discussion."""
        return user.is_authenticated

    # --- Derived values -----------------------------------------------------------------------

    @property
    def has_accepted_sponsor(self) -> bool:
        """A sponsor counts once they have accepted (mentoring.SponsorRequest)."""
        return self.sponsor_id is not None and self.sponsor_accepted_on is not None

    @property
    def progress_label(self):
        return PROGRESS_SCALE.get(self.progress_score, "")

    @property
    def event_last_day(self):
        return self.event_second_day

    @property
    def takt_time_minutes(self):
        """Available time ÷ demand: the pace the process must keep, in minutes per unit."""
        if self.takt_demand and self.takt_available_minutes:
            return self.takt_available_minutes / self.takt_demand
        return None

    @property
    def aim_sentence(self) -> str:
        """The aim as one sentence: what, from baseline to target, by when."""
        if not self.aim_what:
            return ""
        verb = self.get_aim_direction_display() if self.aim_direction else "Change"
        unit = self.aim_unit.strip()

        def amount(value):
            text = f"{value.normalize():f}"
            if not unit:
                return text
            return f"{text}{unit}" if unit == "%" else f"{text} {unit}"

        parts = [f"{verb} {self.aim_what[0].lower()}{self.aim_what[1:]}"]
        if self.aim_baseline is not None:
            parts.append(f"from {amount(self.aim_baseline)}")
        if self.aim_target is not None:
            parts.append(f"to {amount(self.aim_target)}")
        if self.aim_by:
            parts.append(f"by {long_date(self.aim_by)}")
        return " ".join(parts) + "."

    def event_roster(self, team=None):
        """(name, role on the event team) for everyone who takes part in the two-day event."""
        team = self.team_members.all() if team is None else team
        roster = [(self.lead.user.display_name, "Leader")]
        roster += [(u.display_name, "Co-leader") for u in self.co_leads.all()]
        if self.coach is not None:
            roster.append((self.coach.display_name, "KPO coach, facilitator"))
        if self.sponsor_id:
            roster.append((self.sponsor.display_name, "Sponsor"))
        roster += [(m.display_name, m.role) for m in team if m.on_event_team]
        return roster

    def report_out_or_none(self):
        """The event's report-out, created on its first save, or None."""
        try:
            return self.report_out
        except models.ObjectDoesNotExist:
            return None

    def report_out_posted(self) -> bool:
        report = self.report_out_or_none()
        return report is not None and report.posted_at is not None

    @staticmethod
    def active_of(resident) -> "Project | None":
        """The resident's capstone under way (neither closed nor withdrawn), with its sponsor;
        a resident leads at most one (one_active_capstone_per_resident)."""
        found = _active_of_lead(None, lead=resident.pk)
        return found[0] if found else None


# Compiled: a progress report's form asks for it on every save.
_active_of_lead = CompiledList(
    Project,
    lambda user, lead: Project.objects.filter(lead=lead).active().select_related("sponsor")[:1],
)


class ProjectPartQuerySet(models.QuerySet):
    """For the rows that belong to a project: visible exactly when their project is."""

    project_path = "project"

    def visible_to(self, user):
        visible = Project.objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.project_path}__in": visible})


class TeamMember(models.Model):
    """Someone on the project team: an app user, or an outside person by name."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="capstone_teams",
        help_text="Someone with a QI Pathway account. Leave empty for someone outside the app.",
    )
    name = models.CharField(max_length=200, blank=True, help_text="For someone without an account.")
    role = models.CharField(
        max_length=120, help_text="e.g. Charge nurse, Pharmacist, Medical assistant, Patient"
    )
    on_event_team = models.BooleanField("takes part in the two-day event", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""),
                name="team_member_is_a_user_or_named",
            ),
            models.UniqueConstraint(
                fields=["project", "user"],
                condition=Q(user__isnull=False),
                name="team_member_once_per_project",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.role})"

    @property
    def display_name(self):
        return self.user.display_name if self.user_id else self.name


class StageChange(models.Model):
    class Kind(models.TextChoices):
        START = "start", "Started"
        ADVANCE = "advance", "Advanced"
        BACK = "back", "Moved back"
        HOLD = "hold", "Put on hold"
        RESUME = "resume", "Resumed"
        WITHDRAW = "withdraw", "Withdrawn"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    reason = models.TextField(blank=True, max_length=LONG_TEXT)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.project}: {self.from_stage or '—'} → {self.to_stage}"


class Comment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="capstone_comments"
    )
    body = models.TextField(max_length=LONG_TEXT)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} on {self.project}"


def _projects_of(user, program):
    """The capstones a person who is not program staff may see, in their own program (`user`
    and `program` are ids): as lead, co-lead or team member, as the lead's current KPO coach,
    or as the sponsor once they have accepted."""
    co_led = Project.co_leads.through.objects.filter(project=OuterRef("pk"), user=user)
    on_team = TeamMember.objects.filter(project=OuterRef("pk"), user=user)
    return Project.objects.filter(
        Q(lead__user=user)
        | Q(lead__in=ResidentProfile.objects.coached_by(user))
        | Q(sponsor=user, sponsor_accepted_on__isnull=False)
        | Q(Exists(co_led))
        | Q(Exists(on_team)),
        program=program,
    ).values("pk")


# Compiled once (pathway.core.prepared): every capstone page and most homes apply it.
_own_projects = CompiledSubquery(_projects_of, user=-7_100_000_001, program=-7_200_000_002)
