"""The course catalog and what residents do in it: offerings, sessions, enrollment with a
waitlist, attendance, homework with reviews. The completions that record the facts other
features are gated on are in pathway.models.completions."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pathway.core.dates import short_date
from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT
from pathway.core.links import link
from pathway.models.people import Program, ResidentProfile, Role
from pathway.models.records import (
    ProgramCatalogQuerySet,
    ResidentRecordQuerySet,
    coached_resident_ids,
    is_current_coach,
    is_program_role,
    private_storage,
)


class CourseKind(models.TextChoices):
    VMPS_FOR_LEADERS = "vmps_for_leaders", "VMPS for Leaders"
    LEADING_AT_VM = "leading_at_vm", "Leading at Virginia Mason"
    OTHER = "other", "Other leadership class"


# The ResidentProfile date each kind of course records when a resident completes it.
COMPLETION_FACTS = {
    CourseKind.VMPS_FOR_LEADERS: "vmps_for_leaders_completed_on",
    CourseKind.LEADING_AT_VM: "leading_at_vm_completed_on",
}


class Delivery(models.TextChoices):
    REMOTE = "remote", "Remote"
    IN_PERSON = "in_person", "In person"


class Course(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="courses")
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=30,
        choices=CourseKind.choices,
        default=CourseKind.OTHER,
        help_text="VMPS for Leaders and Leading at Virginia Mason record the completion dates "
        "that unlock mentoring and sponsor selection; a program has one of each.",
    )
    summary = models.TextField(blank=True, max_length=LONG_TEXT)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the catalog, lowest first."
    )
    is_active = models.BooleanField(
        "offered", default=True, help_text="Untick to retire the course; its records stay."
    )

    objects = ProgramCatalogQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="course_name_unique"),
            models.UniqueConstraint(
                fields=["program", "kind"],
                condition=~Q(kind="other"),
                name="one_course_of_each_gating_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("pathway:course_detail", self.pk)

    @property
    def records_fact(self) -> str | None:
        return COMPLETION_FACTS.get(self.kind)

    def can_manage(self, user) -> bool:
        return is_program_role(user, self.program_id, Role.COORDINATOR)


class CourseClassQuerySet(ProgramCatalogQuerySet):
    program_field = "course__program"


class CourseClass(models.Model):
    """One class (topic) of a course, e.g. "The 8 wastes"."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="classes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=LONG_TEXT)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within the course.")
    is_required = models.BooleanField(
        "required", default=True, help_text="Residents must attend it to complete the course."
    )

    objects = CourseClassQuerySet.as_manager()

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = "class"
        verbose_name_plural = "classes"
        constraints = [
            models.UniqueConstraint(fields=["course", "title"], name="class_title_unique"),
        ]

    def __str__(self):
        return self.title


class HomeworkAssignmentQuerySet(ProgramCatalogQuerySet):
    program_field = "course_class__course__program"


class HomeworkAssignment(models.Model):
    """Homework set by a class: apply the class's tool in a real clinical setting."""

    course_class = models.OneToOneField(
        CourseClass, on_delete=models.CASCADE, related_name="assignment"
    )
    title = models.CharField(max_length=200)
    instructions = models.TextField(max_length=LONG_TEXT)
    is_required = models.BooleanField(
        "required",
        default=True,
        help_text="It must be accepted by a reviewer to complete the course.",
    )

    objects = HomeworkAssignmentQuerySet.as_manager()

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return link("pathway:homework_submit", self.pk)


class OfferingQuerySet(ProgramCatalogQuerySet):
    program_field = "course__program"

    def upcoming(self, today=None):
        return self.filter(ends_on__gte=today or timezone.localdate())


class Offering(models.Model):
    """One run of a course: dates, delivery, capacity, instructor."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="offerings")
    title = models.CharField(max_length=120, help_text='E.g. "Spring 2027 cohort".')
    starts_on = models.DateField()
    ends_on = models.DateField()
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.REMOTE)
    meeting_link = models.URLField(blank=True, help_text="For remote classes.")
    location = models.CharField(max_length=200, blank=True, help_text="For in-person classes.")
    capacity = models.PositiveSmallIntegerField(
        help_text="Seats. Further requests join the waitlist, first come first served."
    )
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="taught_offerings"
    )
    notes = models.TextField(blank=True, max_length=LONG_TEXT)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "title"], name="offering_title_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="offering_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="offering_has_a_seat"),
        ]

    def __str__(self):
        return f"{self.course.name} · {self.title}"

    def get_absolute_url(self):
        return link("pathway:offering_detail", self.pk)

    @property
    def program_id(self):
        return self.course.program_id

    def has_ended(self, today=None) -> bool:
        return self.ends_on < (today or timezone.localdate())

    def can_manage(self, user) -> bool:
        return self.course.can_manage(user)

    def can_record_attendance(self, user) -> bool:
        return self.can_manage(user) or self.instructor_id == user.pk


class ClassSessionQuerySet(ProgramCatalogQuerySet):
    program_field = "offering__course__program"


class ClassSession(models.Model):
    """A class taught on a date within an offering."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="sessions")
    course_class = models.ForeignKey(
        CourseClass, on_delete=models.PROTECT, related_name="sessions", verbose_name="class"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    objects = ClassSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = "session"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.course_class.title}, {short_date(timezone.localtime(self.starts_at))}"

    @property
    def date(self):
        return timezone.localdate(self.starts_at)


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WAITLISTED = "waitlisted", "Waitlisted"
    WITHDRAWN = "withdrawn", "Withdrawn"


ACTIVE_ENROLLMENT = [EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED]


class EnrollmentQuerySet(ResidentRecordQuerySet):
    instructor_field = "offering__instructor"

    def active(self):
        return self.filter(status__in=ACTIVE_ENROLLMENT)

    def enrolled(self):
        return self.filter(status=EnrollmentStatus.ENROLLED)

    def waitlist(self):
        """Waiting residents in the order their seats will be offered."""
        return self.filter(status=EnrollmentStatus.WAITLISTED).order_by("requested_at", "pk")


class Enrollment(models.Model):
    """A resident's place in an offering: a seat, a place on the waitlist, or a withdrawal.

    A withdrawn row is kept as history; enrolling again makes a new row."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="enrollments")
    resident = models.ForeignKey(
        ResidentProfile, on_delete=models.CASCADE, related_name="enrollments"
    )
    status = models.CharField(max_length=20, choices=EnrollmentStatus.choices)
    requested_at = models.DateTimeField(
        default=timezone.now, help_text="Waitlist order: first come, first served."
    )
    enrolled_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    added_by = acting_user()

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "resident"],
                condition=Q(status__in=["enrolled", "waitlisted"]),
                name="one_active_enrollment_per_offering",
            ),
        ]

    def __str__(self):
        return f"{self.resident} in {self.offering} ({self.get_status_display()})"

    def can_withdraw(self, user) -> bool:
        if self.status == EnrollmentStatus.WITHDRAWN:
            return False
        return self.resident.user_id == user.pk or self.offering.can_manage(user)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"
    EXCUSED = "excused", "Excused"


class AttendanceQuerySet(ResidentRecordQuerySet):
    instructor_field = "session__offering__instructor"


class Attendance(models.Model):
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendance")
    resident = models.ForeignKey(
        ResidentProfile, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    made_up_on = models.DateField(
        null=True, blank=True, help_text="An excused class counts once it has been made up."
    )
    make_up_note = models.CharField(max_length=300, blank=True)
    recorded_by = acting_user()
    recorded_at = models.DateTimeField(auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session__starts_at", "pk"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["session", "resident"], name="one_mark_per_session"),
            models.CheckConstraint(
                condition=Q(made_up_on__isnull=True) | Q(status="excused"),
                name="only_excused_classes_are_made_up",
            ),
        ]

    def __str__(self):
        return f"{self.resident}: {self.session} ({self.get_status_display()})"

    @property
    def counts(self) -> bool:
        """Whether this mark satisfies the class for course completion."""
        if self.status == AttendanceStatus.PRESENT:
            return True
        return self.status == AttendanceStatus.EXCUSED and self.made_up_on is not None

    @property
    def counted_on(self):
        if self.status == AttendanceStatus.PRESENT:
            return self.session.date
        return self.made_up_on if self.counts else None


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting review"
    REVISION_REQUESTED = "revision_requested", "Revision requested"
    ACCEPTED = "accepted", "Accepted"


HOMEWORK_UPLOAD_KINDS = ("pdf", "docx", "xlsx", "pptx", "png", "jpg")
HOMEWORK_MAX_BYTES = 10 * 1024 * 1024


def homework_upload_to(instance, filename):
    # A random component keeps names unguessable and unique; the original name is kept apart.
    return f"homework/{instance.resident_id}/{timezone.now():%Y%m%d%H%M%S}-{secrets.token_hex(8)}"


class HomeworkSubmissionQuerySet(ResidentRecordQuerySet):
    instructor_field = "offering__instructor"

    def awaiting_review(self):
        return self.filter(status=SubmissionStatus.SUBMITTED)

    def reviewable_by(self, user):
        """Submissions `user` may accept or send back: as the resident's current KPO coach,
        the offering's instructor, or a director of the resident's program."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        q = Q(offering__instructor=user)
        if user.has_role(Role.COACH):
            q |= Q(resident__in=coached_resident_ids(user))
        if user.has_role(Role.DIRECTOR):
            q |= Q(resident__user__program=user.program_id)
        return self.filter(q, resident__user__program=user.program_id).exclude(resident__user=user)


class HomeworkSubmission(models.Model):
    """One attempt at an assignment. A resubmission is a new row, so the history stays."""

    assignment = models.ForeignKey(
        HomeworkAssignment, on_delete=models.PROTECT, related_name="submissions"
    )
    resident = models.ForeignKey(
        ResidentProfile, on_delete=models.CASCADE, related_name="homework_submissions"
    )
    offering = models.ForeignKey(
        Offering, on_delete=models.PROTECT, related_name="homework_submissions"
    )
    text = models.TextField(
        "your work", help_text="What you did, what you found, what's next.", max_length=LONG_TEXT
    )
    file = models.FileField(
        upload_to=homework_upload_to, storage=private_storage, blank=True, max_length=200
    )
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = HomeworkSubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "resident"],
                condition=Q(status="submitted"),
                name="one_submission_awaiting_review",
            ),
            models.UniqueConstraint(
                fields=["assignment", "resident"],
                condition=Q(status="accepted"),
                name="one_accepted_submission",
            ),
        ]

    def __str__(self):
        return f"{self.resident}: {self.assignment} ({self.get_status_display()})"

    def get_absolute_url(self):
        return link("pathway:submission_detail", self.pk)

    def can_review(self, user) -> bool:
        if self.status != SubmissionStatus.SUBMITTED or self.resident.user_id == user.pk:
            return False
        if user.is_superuser or self.offering.instructor_id == user.pk:
            return True
        program_id = self.resident.user.program_id
        return is_program_role(user, program_id, Role.DIRECTOR) or is_current_coach(
            user, self.resident
        )


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", "Accept"
    REVISION_REQUESTED = "revision_requested", "Request a revision"


class HomeworkReviewQuerySet(ResidentRecordQuerySet):
    resident_field = "submission__resident"
    instructor_field = "submission__offering__instructor"


class HomeworkReview(models.Model):
    submission = models.OneToOneField(
        HomeworkSubmission, on_delete=models.CASCADE, related_name="review"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="homework_reviews"
    )
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    comments = models.TextField(blank=True, max_length=LONG_TEXT)
    reviewed_at = models.DateTimeField(default=timezone.now)

    objects = HomeworkReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.reviewer}"
