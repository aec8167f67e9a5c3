"""The same state change clicked by several people (or tabs) at once, in real concurrent
transactions on PostgreSQL: one wins, the others are told it is done, and one notification or
email goes out. Milestones: done, waive, reopen, reschedule; then review, decide, sign off."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from mentoring.models import ReportReview, ReviewDecision
from mentoring.services import report_review
from pathway.curriculum.services.applications import application_decide
from pathway.curriculum.services.sbp import sbp_rotation_sign_off
from pathway.milestones.services import (
    milestone_complete,
    milestone_reopen,
    milestone_reschedule,
    milestone_waive,
)
from pathway.models import Application, Milestone, Notification, Outbox, SBPRotation
from tests import factories as f
from tests.pathway.cohort import make_cohort

pytestmark = pytest.mark.services

CLICKS = 5


def all_at_once(actions):
    """Run each action in its own thread and session, released together. (successes, errors)"""
    start = threading.Barrier(len(actions), timeout=30)
    done, refused = [], []

    def run(action):
        try:
            start.wait()
            done.append(action())
        except Exception as error:  # noqa: BLE001 - the refusals are what the tests count
            refused.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return done, refused


@pytest.fixture
def milestone(on_postgres):
    cohort = make_cohort(1)
    return cohort.milestone(cohort.residents[0], due_in=7), cohort.director


def notices(milestone):
    return Notification.objects.filter(
        user=milestone.resident.user, kind="milestone_changed"
    ).count()


def test_five_simultaneous_done_clicks_make_one_completion_and_one_notification(milestone):
    milestone, director = milestone
    today = timezone.localdate()
    done, refused = all_at_once(
        [
            lambda n=n: milestone_complete(
                milestone=Milestone.objects.get(pk=milestone.pk),
                by=director,
                completed_on=today,
                evidence=f"Evidence {n}",
            )
            for n in range(CLICKS)
        ]
    )

    assert len(done) == 1 and len(refused) == CLICKS - 1
    assert {str(e) for e in refused} == {"This milestone is already done."}
    milestone.refresh_from_db()
    assert milestone.completed_evidence == done[0].completed_evidence
    assert notices(milestone) == 1


def test_simultaneous_waivers_make_one_waiver_and_one_notification(milestone):
    milestone, director = milestone
    today = timezone.localdate()
    done, refused = all_at_once(
        [
            lambda n=n: milestone_waive(
                milestone=Milestone.objects.get(pk=milestone.pk),
                by=director,
                reason=f"Reason {n}",
                today=today,
            )
            for n in range(CLICKS)
        ]
    )

    assert len(done) == 1
    milestone.refresh_from_db()
    assert milestone.waived_reason == done[0].waived_reason
    assert notices(milestone) == 1


def test_simultaneous_reopens_reopen_once(milestone):
    milestone, director = milestone
    milestone_waive(milestone=milestone, by=director, reason="Elsewhere", today=milestone.due_on)
    done, refused = all_at_once(
        [
            lambda: milestone_reopen(milestone=Milestone.objects.get(pk=milestone.pk), by=director)
            for _ in range(CLICKS)
        ]
    )

    assert len(done) == 1
    assert notices(milestone) == 2  # the waiver and one reopening


def test_simultaneous_reschedules_leave_a_date_and_its_own_reason(milestone):
    milestone, director = milestone
    dates = [milestone.due_on + timedelta(days=n + 1) for n in range(CLICKS)]
    done, refused = all_at_once(
        [
            lambda day=day: milestone_reschedule(
                milestone=Milestone.objects.get(pk=milestone.pk),
                by=director,
                due_on=day,
                reason=f"Moved to {day.isoformat()}",
            )
            for day in dates
        ]
    )

    assert refused == []
    milestone.refresh_from_db()
    assert milestone.due_on == milestone.due_override
    assert milestone.due_override_reason == f"Moved to {milestone.due_on.isoformat()}"


def test_simultaneous_decisions_on_an_application_make_one_decision_and_one_email(
    on_postgres, world
):
    application = f.ApplicationFactory(resident=world.other_resident.resident_profile)
    done, refused = all_at_once(
        [
            lambda accept=accept: application_decide(
                application=Application.objects.get(pk=application.pk),
                director=world.director,
                accept=accept,
                note="Not this year.",
            )
            for accept in (True, False, True)
        ]
    )

    assert len(done) == 1
    application.refresh_from_db()
    assert application.status == done[0].status
    assert Outbox.objects.filter(payload__to=[world.other_resident.email]).count() == 1


def test_simultaneous_sign_offs_sign_a_rotation_off_once(on_postgres, world):
    rotation = f.SBPRotationFactory(resident=world.resident.resident_profile)
    done, refused = all_at_once(
        [
            lambda n=n: sbp_rotation_sign_off(
                rotation=SBPRotation.objects.get(pk=rotation.pk),
                actor=world.director,
                note=f"Early, reason {n}",
            )
            for n in range(3)
        ]
    )

    assert len(done) == 1
    rotation.refresh_from_db()
    assert rotation.sign_off_note == done[0].sign_off_note


def test_simultaneous_reviews_of_a_progress_report_record_one_review(on_postgres, world):
    report = f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True)
    done, refused = all_at_once(
        [
            lambda n=n: report_review(
                report=report,
                reviewer=world.coach,
                decision=ReviewDecision.REVIEWED,
                feedback=f"Feedback {n}",
            )
            for n in range(3)
        ]
    )

    assert len(done) == 1
    assert ReportReview.objects.filter(report=report).count() == 1
