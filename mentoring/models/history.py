"""Which mentoring records keep an audit history (django-simple-history): progress reports
and their reviews, coach assignments, peer mentorships and sponsor requests."""

import simple_history

from .coaching import CoachAssignment
from .peer import PeerMentorship
from .reports import ProgressReport, ReportReview
from .sponsorship import SponsorRequest

simple_history.register(ProgressReport, excluded_fields=["created_at", "updated_at"])
simple_history.register(CoachAssignment, excluded_fields=["created_at"])
simple_history.register(PeerMentorship, excluded_fields=["created_at"])
for audited in (ReportReview, SponsorRequest):
    simple_history.register(audited)
