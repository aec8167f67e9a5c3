"""Coaching, sponsorship and peer mentoring."""

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
from .residents import TrackedResident

__all__ = [
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
