"""Forms of coaching and mentoring. They validate input; the services apply the rules."""

from .coaching import (
    ActionFormSet,
    CoachAssignForm,
    CoachingSettingsForm,
    EndDateForm,
    FollowUpForm,
    IntroductionFilterForm,
    IntroductionForm,
    MeetingForm,
    PairForm,
    SessionForm,
    coaches_with_load,
)
from .reports import ReportForm, ReviewForm
from .sponsorship import ProposalDecisionForm, SponsorAnswerForm, SponsorRequestForm

__all__ = [
    "ActionFormSet",
    "CoachAssignForm",
    "CoachingSettingsForm",
    "EndDateForm",
    "FollowUpForm",
    "IntroductionFilterForm",
    "IntroductionForm",
    "MeetingForm",
    "PairForm",
    "ProposalDecisionForm",
    "ReportForm",
    "ReviewForm",
    "SessionForm",
    "SponsorAnswerForm",
    "SponsorRequestForm",
    "coaches_with_load",
]
