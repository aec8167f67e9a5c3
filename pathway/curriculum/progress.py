"""A resident's progress through courses, and the completion it adds up to.

A course is complete when every required class was attended (an excused class counts once made
up) and every required homework was accepted. Completing VMPS for Leaders or Leading at Virginia
Mason records the date on the resident, which sponsor selection and mentoring are gated on.

Completion is re-checked when the resident's own attendance or homework changes, not when the
catalog is edited: adding a class later must not silently take a recorded completion away."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from pathway.milestones.services import milestones_sync
from pathway.models import (
    Attendance,
    AttendanceStatus,
    CourseClass,
    CourseCompletion,
    HomeworkSubmission,
    ResidentProfile,
    SubmissionStatus,
)


@dataclass
class ClassProgress:
    course_class: CourseClass
    marks: list  # this resident's attendance for the class, oldest first
    homework: "HomeworkProgress | None" = None

    @property
    def counting(self):
        counted = [m for m in self.marks if m.counts]
        return min(counted, key=lambda m: m.counted_on) if counted else None

    @property
    def done(self) -> bool:
        return self.counting is not None

    @property
    def latest(self):
        return self.marks[-1] if self.marks else None

    @property
    def state(self) -> str:
        mark = self.counting
        if mark is not None:
            return "Made up" if mark.status == AttendanceStatus.EXCUSED else "Attended"
        if self.latest is None:
            return "Not yet"
        if self.latest.status == AttendanceStatus.EXCUSED:
            return "Excused: make-up needed"
        return "Absent"


@dataclass
class HomeworkProgress:
    assignment: object
    submissions: list  # newest first

    @property
    def latest(self):
        return self.submissions[0] if self.submissions else None

    @property
    def done(self) -> bool:
        return self.latest is not None and self.latest.status == SubmissionStatus.ACCEPTED

    @property
    def state(self) -> str:
        return self.latest.get_status_display() if self.latest else "Not submitted"

    @property
    def accepted_on(self):
        if not self.done:
            return None
        return timezone.localdate(self.latest.review.reviewed_at)


@dataclass
class CourseProgress:
    course: object
    classes: list = field(default_factory=list)
    homework: list = field(default_factory=list)
    completion: object = None

    @property
    def required(self) -> list:
        return [c for c in self.classes if c.course_class.is_required] + [
            h for h in self.homework if h.assignment.is_required
        ]

    @property
    def done(self) -> int:
        return sum(1 for item in self.required if item.done)

    @property
    def total(self) -> int:
        return len(self.required)

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def completed_on(self):
        """The day the last requirement was met."""
        if not self.is_complete:
            return None
        days = [c.counting.counted_on for c in self.classes if c.course_class.is_required] + [
            h.accepted_on for h in self.homework if h.assignment.is_required
        ]
        return max(days)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def course_progress(*, resident, courses) -> dict:
    """Each course's progress for one resident, in four queries whatever the sizes."""
    courses = list(courses)
    by_course = {c.pk: CourseProgress(course=c) for c in courses}
    classes = CourseClass.objects.filter(course__in=courses).select_related("assignment")
    marks = {}
    for mark in (
        Attendance.objects.filter(resident=resident, session__course_class__course__in=courses)
        .select_related("session")
        .order_by("session__starts_at", "pk")
    ):
        marks.setdefault(mark.session.course_class_id, []).append(mark)
    submissions = {}
    for submission in (
        HomeworkSubmission.objects.filter(
            resident=resident, assignment__course_class__course__in=courses
        )
        .select_related("review__reviewer", "offering")
        .order_by("-submitted_at", "-pk")
    ):
        submissions.setdefault(submission.assignment_id, []).append(submission)
    for course_class in classes:
        progress = by_course[course_class.course_id]
        item = ClassProgress(course_class, marks.get(course_class.pk, []))
        progress.classes.append(item)
        assignment = getattr(course_class, "assignment", None)
        if assignment is not None:
            item.homework = HomeworkProgress(assignment, submissions.get(assignment.pk, []))
            progress.homework.append(item.homework)
    for completion in CourseCompletion.objects.filter(resident=resident, course__in=courses):
        by_course[completion.course_id].completion = completion
    return by_course


@transaction.atomic
def course_completion_refresh(*, resident, course) -> CourseCompletion | None:
    """Record (or undo) the resident's completion of a course from their attendance and
    homework, and the matching date on the resident's profile for the gating kinds."""
    progress = course_progress(resident=resident, courses=[course])[course.pk]
    fact = course.records_fact
    if progress.is_complete:
        completion, _ = CourseCompletion.objects.update_or_create(
            resident=resident, course=course, defaults={"completed_on": progress.completed_on}
        )
        value = completion.completed_on
    else:
        CourseCompletion.objects.filter(resident=resident, course=course).delete()
        completion, value = None, None
    if fact:
        # update() rather than save(): the caller's instance may be stale in other fields.
        ResidentProfile.objects.filter(pk=resident.pk).update(
            **{fact: value}, updated_at=timezone.now()
        )
        setattr(resident, fact, value)
        # VMPS for Leaders and Leading at VM complete milestones and start due-date clocks.
        milestones_sync(residents=[resident.pk])
    return completion
