"""Stalled signals of progress reports and sponsorship: no report for N days, reports waiting
for review, PGY-2 and later without a sponsor, last contact including reports and reviews."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.models import CoachingSettings, ProgressReport, TrackedResident
from tests import factories as f


def names(queryset):
    return sorted(r.user.full_name for r in queryset)


def test_residents_without_a_report_for_the_programs_stalled_days(world):
    rosa = world.resident.resident_profile
    f.ProgressReportFactory(resident=rosa, submitted=True, waited=20)
    f.ProgressReportFactory(resident=world.other_resident.resident_profile)  # a draft only

    # Default 21 days: Rosa reported 20 days ago; Otto never submitted.
    assert names(TrackedResident.objects.without_report_for()) == ["Otto Other"]

    CoachingSettings.objects.create(program=world.program, stalled_after_days=14)
    assert names(TrackedResident.objects.without_report_for()) == ["Otto Other", "Rosa Resident"]
    assert names(TrackedResident.objects.without_report_for(30)) == ["Otto Other"]


def test_each_program_uses_its_own_stalled_days(world):
    far = f.ResidentFactory(program=world.other_program, user__full_name="Far Away")
    f.ProgressReportFactory(resident=far, submitted=True, waited=15)
    f.ProgressReportFactory(resident=world.resident.resident_profile, submitted=True, waited=15)
    CoachingSettings.objects.create(program=world.program, stalled_after_days=10)
    assert names(TrackedResident.objects.without_report_for()) == ["Otto Other", "Rosa Resident"]


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


def test_pgy2_and_later_without_an_accepted_sponsor(world):
    accepted = f.ResidentFactory(program=world.program, pgy=3, user__full_name="Has Sponsor")
    f.ProjectFactory(lead=accepted, sponsor=world.sponsor, sponsor_accepted_on=f.days_ago(3))
    asked = f.ResidentFactory(program=world.program, pgy=2, user__full_name="Asked Only")
    f.ProjectFactory(lead=asked)
    f.ResidentFactory(program=world.program, pgy=1, user__full_name="Too Early")

    assert names(TrackedResident.objects.without_sponsor()) == ["Asked Only", "Rosa Resident"]


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
    with django_assert_max_num_queries(2):  # the program settings, then the residents
        stalled = list(TrackedResident.objects.without_report_for())
    assert len(stalled) == rows + 2
    with django_assert_max_num_queries(1):
        assert len(list(TrackedResident.objects.without_sponsor())) == rows + 1
