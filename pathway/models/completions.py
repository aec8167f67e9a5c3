"""Course completions: the recorded facts (a resident completed a course, and when) that other
features are gated on."""

from django.db import models

from pathway.core.links import link
from pathway.models.courses import Course
from pathway.models.people import ResidentProfile
from pathway.models.records import ResidentRecordQuerySet


class CourseCompletionQuerySet(ResidentRecordQuerySet):
    pass


class CourseCompletion(models.Model):
    """The recorded fact that a resident completed a course, and when.

    `completed_on` is the day the last requirement was met (the last class attended or made
    up, or the last homework accepted)."""

    resident = models.ForeignKey(
        ResidentProfile, on_delete=models.CASCADE, related_name="course_completions"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now=True)

    objects = CourseCompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "course"], name="one_completion_per_course"
            ),
        ]

    def __str__(self):
        return f"{self.resident} completed {self.course} on {self.completed_on}"

    def get_absolute_url(self):
        return link("pathway:certificate", self.pk)
