"""Peer mentoring (PGY-3 residents mentoring PGY-1/2 residents) and introductions to faculty
mentors in the organization."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from pathway.core.dates import short_date
from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT
from pathway.core.links import link
from pathway.core.visibility import scoped

MENTOR_PGY = 3
MENTEE_PGYS = (1, 2)


class PeerMentorshipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def visible_to(self, user):
        return scoped(
            self,
            user,
            program="mentee__user__program",
            own=Q(mentor__user=user) | Q(mentee__user=user),
        )


class PeerMentorship(models.Model):
    """A PGY-3 pathway resident mentoring a PGY-1/2 resident. History is kept: a pairing ends,
    it is never deleted."""

    mentor = models.ForeignKey(
        "pathway.ResidentProfile", on_delete=models.CASCADE, related_name="mentee_pairings"
    )
    mentee = models.ForeignKey(
        "pathway.ResidentProfile", on_delete=models.CASCADE, related_name="mentor_pairings"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    paired_by = acting_user()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeerMentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(ended_on__isnull=True),
                name="one_current_peer_mentor_per_mentee",
                violation_error_message="This resident already has a current peer mentor.",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")), name="peer_mentor_is_not_the_mentee"
            ),
        ]

    def __str__(self):
        return f"{self.mentor} mentors {self.mentee}"

    def get_absolute_url(self):
        return link("mentoring:mentorship_detail", self.pk)

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def involves(self, user) -> bool:
        return user.pk in (self.mentor.user_id, self.mentee.user_id)


class MentoringMeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(mentorship__in=PeerMentorship.objects.visible_to(user))


class MentoringMeeting(models.Model):
    """A meeting between a peer mentor and a mentee, logged by either of them."""

    mentorship = models.ForeignKey(
        PeerMentorship, on_delete=models.CASCADE, related_name="meetings"
    )
    met_on = models.DateField("date")
    topics = models.CharField(max_length=300)
    notes = models.TextField(blank=True, max_length=LONG_TEXT)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MentoringMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-met_on", "-pk"]

    def __str__(self):
        return f"Mentoring meeting on {short_date(self.met_on)}"


class IntroductionStatus(models.TextChoices):
    AWAITING = "awaiting", "Follow-up pending"
    MET = "met", "Met"
    MENTORING = "mentoring", "Ongoing mentoring"
    NOT_PURSUED = "not_pursued", "Not pursued"


class MentorIntroductionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoped(self, user, program="resident__user__program", own=Q(resident__user=user))

    def awaiting_follow_up(self):
        return self.filter(status=IntroductionStatus.AWAITING)


class MentorIntroduction(models.Model):
    """A resident was introduced to a potential faculty mentor for an area of interest."""

    resident = models.ForeignKey(
        "pathway.ResidentProfile", on_delete=models.CASCADE, related_name="mentor_introductions"
    )
    faculty_name = models.CharField("faculty mentor", max_length=200)
    faculty_email = models.EmailField("faculty mentor's email", blank=True)
    faculty_role = models.CharField(
        "role or department",
        max_length=200,
        blank=True,
        help_text="e.g. Chief of Hospital Medicine",
    )
    area = models.ForeignKey(
        "pathway.InterestArea",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="area of interest",
    )
    introduced_on = models.DateField()
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        "follow-up status",
        max_length=12,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.AWAITING,
    )
    follow_up_notes = models.TextField(blank=True, max_length=LONG_TEXT)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentorIntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["-introduced_on", "-pk"]

    def __str__(self):
        return f"{self.resident} introduced to {self.faculty_name}"
