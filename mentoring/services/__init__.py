"""Writes of coaching and mentoring. Keyword-only arguments, named `<entity>_<action>`.

A refusal raises MentoringError with a message written for the person who asked."""

from .coaching import (
    ActionData,
    AssignmentResult,
    MentoringError,
    SessionData,
    action_set_done,
    coach_assign,
    coach_assignment_end,
    coaching_settings_update,
    introduction_follow_up,
    introduction_record,
    meeting_log,
    mentorship_end,
    mentorship_pair,
    session_log,
    session_update,
)
from .reports import ReportData, report_review, report_save, report_submit
from .sponsorship import (
    sponsor_proposal_approve,
    sponsor_proposal_refuse,
    sponsor_request,
    sponsor_selection_refusal,
    sponsorship_accept,
    sponsorship_decline,
    sponsorship_record,
)

__all__ = [
    "ActionData",
    "AssignmentResult",
    "MentoringError",
    "ReportData",
    "SessionData",
    "action_set_done",
    "coach_assign",
    "coach_assignment_end",
    "coaching_settings_update",
    "introduction_follow_up",
    "introduction_record",
    "meeting_log",
    "mentorship_end",
    "mentorship_pair",
    "report_review",
    "report_save",
    "report_submit",
    "session_log",
    "sponsor_proposal_approve",
    "sponsor_proposal_refuse",
    "sponsor_request",
    "sponsor_selection_refusal",
    "sponsorship_accept",
    "sponsorship_decline",
    "sponsorship_record",
    "session_update",
]
