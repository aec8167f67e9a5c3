"""A person's audit history: their account and roles, and the records about them (milestones,
coaching, mentoring, sponsorship, reports) that the viewer may see. Composes pathway's and
mentoring's histories, hence its place in the dashboards layer."""

from django.db.models import Q

from mentoring.models import (
    CoachAssignment,
    PeerMentorship,
    ProgressReport,
    ReportReview,
    SponsorRequest,
)
from pathway.models import (
    CoachProfile,
    CoordinatorProfile,
    DirectorProfile,
    Milestone,
    ResidentProfile,
    SponsorProfile,
    User,
)

ROLE_PROFILE_MODELS = (
    ResidentProfile,
    CoachProfile,
    SponsorProfile,
    DirectorProfile,
    CoordinatorProfile,
)


def person_histories(person, viewer):
    """The historical querysets of a person's account, roles and the records about them that
    `viewer` may see (each model's visible_to decides)."""
    histories = [User.history.filter(id=person.pk)]
    histories += [profile.history.filter(user_id=person.pk) for profile in ROLE_PROFILE_MODELS]
    resident_id = ResidentProfile.objects.filter(user=person).values_list("pk", flat=True).first()
    visible = {
        CoachAssignment: Q(resident_id=resident_id) | Q(coach_id=person.pk),
        PeerMentorship: Q(mentor_id=resident_id) | Q(mentee_id=resident_id),
        SponsorRequest: Q(resident_id=resident_id) | Q(sponsor_id=person.pk),
        Milestone: Q(resident_id=resident_id),
        ProgressReport: Q(resident_id=resident_id),
    }
    for model, about in visible.items():
        ids = model.objects.visible_to(viewer).filter(about).values("pk")
        histories.append(model.history.filter(id__in=ids))
    reports = ProgressReport.objects.visible_to(viewer).filter(resident_id=resident_id)
    histories.append(ReportReview.history.filter(report_id__in=reports.values("pk")))
    return histories
