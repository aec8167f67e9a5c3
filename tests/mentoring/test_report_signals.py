"""Signals of progress reports: reports waiting for review, last contact including reports and
reviews. (Stalled and without a sponsor are reasons of the one at-risk verdict: test_at_risk.)"""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import ProgressReport, TrackedResident
from tests import factories as f


def names(queryset):
    return sorted(r.user.full_name for r in queryset)


def test_reports_waiting_for_review_longer_than_seven_days(world):
    rosa = world.resident.resident_profile
    old = f.ProgressReportFactory(resident=rosa, submitted=True, waited=10)
    f.ProgressReportFactory(resident=rosa, submitted=True, waited=3)
    reviewed = f.ProgressReportFactory(resident=rosa, submitted=True, waited=30)
    f.report_was_reviewed(reviewed, reviewer=world.coach)
    f.ProgressReportFactory(resident=rosa)

    assert ProgressReport.objects.awaiting_review().count() == 2
    assert list(ProgressReport.objects.waiting_longer_than(7)) == [old]
    assert old.days_waiting() == 10


def test_last_contact_counts_report_submissions_and_reviews(world):
    rosa = world.resident.resident_profile
    f.CoachingSessionFactory(resident=rosa, coach=world.coach, held_on=f.days_ago(30))
    report = f.ProgressReportFactory(resident=rosa, submitted=True, waited=9)
    otto = world.other_resident.resident_profile
    f.ProgressReportFactory(resident=otto, submitted=True, waited=12)

    found = {
        r.user.full_name: r.last_contact_on for r in TrackedResident.objects.with_last_contact()
    }
    assert found == {"Rosa Resident": f.days_ago(9), "Otto Other": f.days_ago(12)}

    f.report_was_reviewed(report, reviewer=world.coach, days_ago=2)
    rosa_now = TrackedResident.objects.with_last_contact().get(pk=rosa.pk)
    assert rosa_now.last_contact_on == timezone.localdate(timezone.now() - timedelta(days=2))


@pytest.mark.parametrize("rows", [2, 20])
def test_the_report_signals_take_one_query_whatever_the_rows(
    world, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        resident = f.ResidentFactory(program=world.program, pgy=2)
        report = f.ProgressReportFactory(resident=resident, submitted=True, waited=25)
        f.report_was_reviewed(report, reviewer=world.coach)
        f.CoachingSessionFactory(resident=resident)
    with django_assert_max_num_queries(1):
        found = list(TrackedResident.objects.with_last_contact().with_coaching_facts())
    assert len([r for r in found if r.last_contact_on]) == rows
