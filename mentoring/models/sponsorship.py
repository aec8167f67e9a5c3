"""Sponsor selection: the resident asks a sponsor (or proposes a new one for the coordinator
to approve); the sponsor accepts or declines. Acceptance is recorded on the capstone."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from pathway.core.fields import acting_user
from pathway.core.limits import LONG_TEXT
from pathway.core.links import link
from pathway.core.visibility import scoped


class SponsorRequestStatus(models.TextChoices):
    AWAITING_APPROVAL = "approval", "Waiting for the coordinator's approval"
    NOT_APPROVED = "refused", "Not approved by the coordinator"
    AWAITING_SPONSOR = "pending", "Waiting for the sponsor's answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


OPEN_STATUSES = (SponsorRequestStatus.AWAITING_APPROVAL, SponsorRequestStatus.AWAITING_SPONSOR)
# A proposal the coordinator has not approved never reaches the proposed sponsor.
SPONSOR_SEES = (
    SponsorRequestStatus.AWAITING_SPONSOR,
    SponsorRequestStatus.ACCEPTED,
    SponsorRequestStatus.DECLINED,
)


class SponsorRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The resident who asked, the sponsor asked (once the request has reached them), and
        the program's staff."""
        return scoped(
            self,
            user,
            program="resident__user__program",
            own=Q(resident__user=user) | Q(sponsor=user, status__in=SPONSOR_SEES),
        )

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class SponsorRequest(models.Model):
    resident = models.ForeignKey(
        "pathway.ResidentProfile", on_delete=models.CASCADE, related_name="sponsor_requests"
    )
    project = models.ForeignKey(
        "capstone.Project", on_delete=models.CASCADE, related_name="sponsor_requests"
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsor_requests",
        help_text="Empty while a proposed new sponsor waits for the coordinator.",
    )
    proposed_name = models.CharField("proposed sponsor's name", max_length=200, blank=True)
    proposed_email = models.EmailField("proposed sponsor's email", blank=True)
    proposed_title = models.CharField("title or department", max_length=200, blank=True)
    message = models.TextField("message to the sponsor", blank=True, max_length=LONG_TEXT)
    status = models.CharField(max_length=10, choices=SponsorRequestStatus.choices)
    requested_at = models.DateTimeField()
    decided_by = acting_user()
    decision_note = models.TextField(
        blank=True,
        help_text="The coordinator's reason when a proposal is not approved.",
        max_length=LONG_TEXT,
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.TextField("note", blank=True, max_length=LONG_TEXT)

    objects = SponsorRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_sponsor_request_per_project",
                violation_error_message="This project already has an open sponsor request.",
            )
        ]

    def __str__(self):
        return f"Sponsor request of {self.resident}: {self.sponsor_name}"

    def get_absolute_url(self):
        return link("mentoring:sponsor_request_detail", self.pk)

    @property
    def sponsor_name(self) -> str:
        return self.sponsor.display_name if self.sponsor_id else self.proposed_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
