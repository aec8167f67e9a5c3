"""KPO coaching: who coaches whom, the program's coaching settings, and coaching sessions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from mentoring.models.base import is_program_director
from pathway.core.compiled_lists import CompiledList
from pathway.core.dates import short_date
from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT
from pathway.core.links import link
from pathway.core.visibility import scoped


class CoachAssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        # A coach sees only current assignments: once a resident is handed over, the old
        # coach no longer sees them. The resident keeps their whole coaching history.
        return scoped(
            self,
            user,
            program="resident__user__program",
            own=Q(pk__in=self.model.objects.current().filter(coach=user).values("pk"))
            | Q(resident__user=user),
        )


class CoachAssignment(models.Model):
    """Who coaches a resident, and since when. One current row per resident; history kept."""

    resident = models.ForeignKey(
        "pathway.ResidentProfile", on_delete=models.CASCADE, related_name="coach_assignments"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coachees"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    assigned_by = acting_user()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CoachAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(ended_on__isnull=True),
                name="one_current_coach_per_resident",
            )
        ]

    def __str__(self):
        return f"{self.coach} coaches {self.resident}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @classmethod
    def coached_since(cls, resident_id):
        """When the resident's current, active KPO coach took them on, or None: a resident who
        never reported owes the first report one cadence later (ProgressReport.next_due_on)."""
        found = _coached_since(None, resident=resident_id)
        return found[0]["started_on"] if found else None


class CoachingSettings(models.Model):
    """Per-program rhythm of coaching. A program without a row uses the defaults."""

    DEFAULT_REPORT_CADENCE_DAYS = 14
    DEFAULT_STALLED_AFTER_DAYS = 21
    DEFAULT_REVIEW_WITHIN_DAYS = 7
    DEFAULT_CONTACT_WITHIN_DAYS = 30

    program = models.OneToOneField(
        "pathway.Program", on_delete=models.CASCADE, related_name="coaching_settings"
    )
    report_cadence_days = models.PositiveSmallIntegerField(
        "progress report every (days)",
        default=DEFAULT_REPORT_CADENCE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="How often residents report progress to their KPO coach.",
    )
    stalled_after_days = models.PositiveSmallIntegerField(
        "stalled after (days without a report)",
        default=DEFAULT_STALLED_AFTER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="A resident with no progress report for this long is flagged as stalled.",
    )
    review_within_days = models.PositiveSmallIntegerField(
        "coach reviews a report within (days)",
        default=DEFAULT_REVIEW_WITHIN_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="A report waiting longer than this is put before the program director.",
    )
    contact_within_days = models.PositiveSmallIntegerField(
        "coach is in touch at least every (days)",
        default=DEFAULT_CONTACT_WITHIN_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="A coachee with no session, report or review for longer is put before the coach.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = acting_user()

    class Meta:
        verbose_name = "coaching settings"
        verbose_name_plural = "coaching settings"

    def __str__(self):
        return f"Coaching settings of {self.program}"

    @classmethod
    def for_program(cls, program) -> "CoachingSettings":
        """The program's settings, or unsaved defaults: reading never writes. `program` is a
        Program or its id (a page that has only the id need not load the program)."""
        program_id = program if program is None or isinstance(program, int) else program.pk
        found = _settings_of(None, program=program_id) if program_id is not None else []
        if found:
            return found[0]
        return cls(program_id=program_id) if isinstance(program, int) else cls(program=program)


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIRTUAL = "virtual", "Virtual"


class VmpsTool(models.TextChoices):
    """The VMPS methods a coaching session can work on, in the glossary's words."""

    STANDARD_WORK = "standard_work", "Standard work"
    EIGHT_WASTES = "eight_wastes", "8 wastes"
    VALUE_STREAM_MAP = "value_stream_map", "Value stream mapping"
    FLOW_TOUR = "flow_tour", "Flow tour"
    FIVE_S = "five_s", "5S"
    MISTAKE_PROOFING = "mistake_proofing", "Mistake-proofing"
    FIVE_WHYS = "five_whys", "5 Whys"
    A3 = "a3", "A3"
    PDSA = "pdsa", "PDSA"
    TAKT_TIME = "takt_time", "Takt time"
    TWO_DAY_EVENT = "two_day_event", "Two-day event planning"
    STAND_UP = "stand_up", "Stand-up and visual management"
    RUN_CHARTS = "run_charts", "Run and control charts"


class CoachingSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The resident's own sessions; the coach who held them; the resident's current coach,
        for continuity; program staff. Never a peer mentor. Private notes are a separate model
        with a narrower rule."""
        if not user.is_authenticated:
            return self.none()
        coaches_now = Exists(
            CoachAssignment.objects.current().filter(resident=OuterRef("resident"), coach=user)
        )
        return scoped(
            self,
            user,
            program="resident__user__program",
            own=Q(resident__user=user) | Q(coach=user) | Q(coaches_now),
        )


class CoachingSession(models.Model):
    """A one-to-one meeting between a KPO coach and a resident."""

    resident = models.ForeignKey(
        "pathway.ResidentProfile", on_delete=models.CASCADE, related_name="coaching_sessions"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_sessions_held"
    )
    held_on = models.DateField("date")
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)", validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    mode = models.CharField(max_length=12, choices=SessionMode.choices)
    vmps_tools = models.JSONField(
        "VMPS tools covered", default=list, blank=True, help_text="Values of VmpsTool."
    )
    notes = models.TextField(
        blank=True,
        help_text="Shared with the resident: what you discussed and agreed.",
        max_length=LONG_TEXT,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoachingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["resident", "-held_on"])]

    def __str__(self):
        return f"Coaching session with {self.resident} on {short_date(self.held_on)}"

    def get_absolute_url(self):
        return link("mentoring:session_detail", self.pk)

    @property
    def vmps_tool_labels(self) -> list[str]:
        labels = dict(VmpsTool.choices)
        return [labels.get(value, value) for value in self.vmps_tools]

    def private_note_for(self, user):
        """The private note, if `user` may read it (the coach who held the session, the
        program's directors); otherwise None."""
        return PrivateCoachingNote.objects.visible_to(user).filter(session=self).first()


class PrivateCoachingNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the coach who held the session and the program's directors (and superusers).
        Not the resident, not coordinators, not the resident's peer mentor, not a later coach."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.program_id is None:
            return self.none()
        in_program = self.filter(session__resident__user__program=user.program_id)
        if is_program_director(user):
            return in_program
        return in_program.filter(session__coach=user)


class PrivateCoachingNote(models.Model):
    """The coach's private notes on a session, kept apart so that no page can show them by
    accident: they are read only through PrivateCoachingNote.objects.visible_to."""

    # No reverse accessor (related_name="+"): `session.private_note` would read the note
    # without asking who is looking.
    session = models.OneToOneField(CoachingSession, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=LONG_TEXT)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrivateCoachingNoteQuerySet.as_manager()

    def __str__(self):
        return f"Private note on {self.session}"


class CoachingActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(session__in=CoachingSession.objects.visible_to(user))

    def open(self):
        return self.filter(completed_on__isnull=True)

    def overdue(self, *, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class CoachingAction(models.Model):
    """Something the resident (or coach) agreed to do by a date."""

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("agreed action", max_length=300)
    due_on = models.DateField("due")
    completed_on = models.DateField(null=True, blank=True)

    objects = CoachingActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None

    def is_overdue(self, today=None) -> bool:
        return not self.is_done and self.due_on < (today or timezone.localdate())


# The reminders read the same rows for a whole program (mentoring.reminders.report_items).
_coached_since = CompiledList(
    CoachAssignment,
    lambda _, resident: (
        CoachAssignment.objects.current()
        .filter(resident=resident, coach__is_active=True)
        .values("started_on")[:1]
    ),
)
# Compiled (pathway.core.compiled_lists): the homes, the board and the report pages each ask.
_settings_of = CompiledList(
    CoachingSettings, lambda _, program: CoachingSettings.objects.filter(program=program)[:1]
)
