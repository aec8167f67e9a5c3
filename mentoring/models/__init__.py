"""Coaching, sponsorship and peer mentoring."""

# Registers the audited models with django-simple-history; see the module.
from . import history  # noqa: F401
from .coaching import (
    CoachAssignment,
    CoachingAction,
    CoachingSession,
    CoachingSettings,
    PrivateCoachingNote,
    SessionMode,
    VmpsTool,
)
from .peer import (
    MENTEE_PGYS,
    MENTOR_PGY,
    IntroductionStatus,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
)
from .reports import (
    REVIEW_OVERDUE_DAYS,
    ProgressReport,
    ReportReview,
    ReportStatus,
    ReportSubmission,
    ReviewDecision,
)
from .residents import TrackedResident
from .sponsorship import SponsorRequest, SponsorRequestStatus

__all__ = [
    "REVIEW_OVERDUE_DAYS",
    "ProgressReport",
    "ReportReview",
    "ReportStatus",
    "ReportSubmission",
    "ReviewDecision",
    "SponsorRequest",
    "SponsorRequestStatus",
    "MENTEE_PGYS",
    "MENTOR_PGY",
    "CoachAssignment",
    "CoachingAction",
    "CoachingSession",
    "CoachingSettings",
    "IntroductionStatus",
    "MentorIntroduction",
    "MentoringMeeting",
    "PeerMentorship",
    "PrivateCoachingNote",
    "SessionMode",
    "TrackedResident",
    "VmpsTool",
]
