"""Residents as coaching and mentoring follow them: the stalled signals that dashboards and
reminders use, and the eligibility rules of peer mentoring.

A proxy of ResidentProfile, so these reads live with the app that owns the data they read:
`TrackedResident.objects.visible_to(user).without_coach()`."""

from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
from django.utils import timezone

from mentoring.models.coaching import (
    CoachAssignment,
    CoachingAction,
    CoachingSession,
)
from mentoring.models.peer import MENTEE_PGYS, MENTOR_PGY, MentoringMeeting, PeerMentorship
from mentoring.models.reports import ProgressReport, ReportReview
from pathway.core.visibility import scoped
from pathway.models import PathwayStatus, ResidentProfile, Role
from pathway.models.people import ResidentQuerySet

# Stands in for "never" inside Greatest(), which SQLite makes NULL when any argument is NULL.
NEVER = date(1900, 1, 1)


def _latest(queryset, field):
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def last_submission_at():
    """When the resident last submitted a progress report, or None. Each report keeps the time
    of its latest submission (report_submit sets both), so this is the newest of those: one
    probe of the (resident, submitted_at) index, where joining every submission of every
    report probed them all (most of the cohort board's time in the database)."""
    reports = ProgressReport.objects.filter(resident=OuterRef("pk"), submitted_at__isnull=False)
    return _latest(reports, "submitted_at")


def last_shared_period_to():
    """The end of the period of the resident's latest shared (submitted) progress report, or
    None: where the next report's due date counts from (ProgressReport.next_due_on)."""
    return _latest(ProgressReport.objects.filter(resident=OuterRef("pk")).shared(), "period_to")


class TrackedResidentQuerySet(ResidentQuerySet):
    def visible_to(self, user):
        """Whose coaching and mentoring record `user` may open: themselves, the residents they
        coach now, program staff. Unlike ResidentProfile.objects.visible_to this leaves out a
        peer mentor's mentees: a mentor sees a mentee's curriculum progress and capstone summary
        on the pairing page, never their coaching record."""
        if not user.is_authenticated:
            return self.none()
        q = Q(user=user)
        if user.has_role(Role.COACH):
            q |= Q(pk__in=CoachAssignment.objects.current().filter(coach=user).values("resident"))
        return scoped(self, user, program="user__program", own=q)

    # --- Who is who ------------------------------------------------------------------------

    def active_in_pathway(self):
        return self.filter(pathway_status=PathwayStatus.ACTIVE, user__is_active=True)

    def eligible_mentors(self, *, on=None):
        """PGY-3 pathway residents who completed VMPS for Leaders."""
        return (
            self.active_in_pathway()
            .with_pgy(MENTOR_PGY, on=on)
            .filter(vmps_for_leaders_completed_on__isnull=False)
        )

    def mentee_candidates(self, *, on=None):
        """PGY-1 and PGY-2 pathway residents."""
        levels = [self.with_pgy(level, on=on) for level in MENTEE_PGYS]
        return self.active_in_pathway().filter(pk__in=(levels[0] | levels[1]).values("pk"))

    # --- Stalled signals -------------------------------------------------------------------

    def without_coach(self):
        """Pathway residents with no current KPO coach."""
        return self.active_in_pathway().exclude(
            Exists(CoachAssignment.objects.current().filter(resident=OuterRef("pk")))
        )

    def without_peer_mentor(self, *, on=None):
        """PGY-1/2 pathway residents with no current peer mentor."""
        return self.mentee_candidates(on=on).exclude(
            Exists(PeerMentorship.objects.filter(mentee=OuterRef("pk"), ended_on__isnull=True))
        )

    def with_last_report(self):
        """Annotate `last_report_at`: when the resident last submitted a progress report."""
        return self.annotate(last_report_at=last_submission_at())

    # --- Annotations for lists (one query, whatever the number of rows) ---------------------

    def with_coaching_facts(self, *, today=None):
        """Annotate `last_session_on`, `open_actions` and `overdue_actions`."""
        today = today or timezone.localdate()
        actions = CoachingAction.objects.filter(
            session__resident=OuterRef("pk"), completed_on__isnull=True
        )
        return self.annotate(
            last_session_on=_latest(
                CoachingSession.objects.filter(resident=OuterRef("pk")), "held_on"
            ),
            open_actions=_count(actions),
            overdue_actions=_count(actions.filter(due_on__lt=today)),
        )

    def with_last_contact(self):
        """Annotate `last_contact_on`: the latest date of any contact the resident had with
        coaching or mentoring (a coaching session, a peer-mentoring meeting on either side, a
        progress report submitted, a review of one), or None."""
        reviews = ReportReview.objects.filter(report__resident=OuterRef("pk"))
        sources = [
            TruncDate(last_submission_at()),
            _latest(reviews.annotate(on=TruncDate("reviewed_at")), "on"),
            _latest(CoachingSession.objects.filter(resident=OuterRef("pk")), "held_on"),
            _latest(MentoringMeeting.objects.filter(mentorship__mentee=OuterRef("pk")), "met_on"),
            _latest(MentoringMeeting.objects.filter(mentorship__mentor=OuterRef("pk")), "met_on"),
        ]
        return self.annotate(last_contact_on=_greatest_date(sources))


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery: counts per row without joins that multiply rows."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = models.IntegerField()


def _count(queryset):
    return SubqueryCount(queryset.order_by().values("pk"))


def _greatest_date(expressions):
    never = Value(NEVER, output_field=models.DateField())
    latest = Greatest(
        *[Coalesce(e, never, output_field=models.DateField()) for e in expressions],
        output_field=models.DateField(),
    )
    return NullIf(latest, never, output_field=models.DateField())


class TrackedResident(ResidentProfile):
    objects = TrackedResidentQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = "tracked resident"
