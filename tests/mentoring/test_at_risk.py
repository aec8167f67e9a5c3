"""The one at-risk verdict (mentoring.at_risk): who is at risk, for which reasons, by the
program's settings. The pages that show it are checked against it in
tests/test_consistency.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.at_risk import NO_COACH, NO_SPONSOR, OVERDUE, STALLED, at_risk_by_resident
from mentoring.models import CoachingSettings
from pathway.models import PathwayStatus, ResidentProfile
from tests import factories as f

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def verdicts():
    residents = ResidentProfile.objects.select_related("user")
    found = at_risk_by_resident(residents, today=today())
    return {r.user.full_name: found[r.pk] for r in residents}


def kinds(reasons):
    return [reason.kind for reason in reasons]


def in_pathway(program, name, **kwargs):
    profile = f.ResidentFactory(
        program=program, user__full_name=name, pathway_status=PathwayStatus.ACTIVE, **kwargs
    )
    return profile


def test_stalled_follows_the_programs_days_without_a_report(world):
    rosa = in_pathway(world.program, "Rosa Reporter", pgy=1)
    f.ProgressReportFactory(resident=rosa, submitted=True, waited=20)
    assert STALLED not in kinds(verdicts()["Rosa Reporter"])  # default 21 days

    CoachingSettings.objects.create(program=world.program, stalled_after_days=14)
    [reason] = [r for r in verdicts()["Rosa Reporter"] if r.kind == STALLED]
    since = f.days_ago(20)
    assert reason.text == (
        f"Stalled: no progress report for 20 days (since {since.day} {since:%b %Y})"
    )


def test_each_program_uses_its_own_stalled_days(world):
    near = in_pathway(world.program, "Near Here", pgy=1)
    far = in_pathway(world.other_program, "Far Away", pgy=1)
    f.ProgressReportFactory(resident=near, submitted=True, waited=15)
    f.ProgressReportFactory(resident=far, submitted=True, waited=15)
    CoachingSettings.objects.create(program=world.program, stalled_after_days=10)
    found = verdicts()
    assert STALLED in kinds(found["Near Here"])
    assert STALLED not in kinds(found["Far Away"])


def test_a_resident_accepted_today_is_not_stalled(world):
    in_pathway(world.program, "New Joiner", pgy=1, joined_on=today())
    assert STALLED not in kinds(verdicts()["New Joiner"])


def test_a_resident_who_never_reported_stalls_counting_from_joining(world):
    in_pathway(world.program, "Quiet Joiner", pgy=1, joined_on=f.days_ago(22))
    [reason] = [r for r in verdicts()["Quiet Joiner"] if r.kind == STALLED]
    assert "no progress report in 22 days since joining the pathway" in reason.text


def test_pgy2_and_later_need_an_accepted_sponsor_on_an_active_capstone(world):
    accepted = in_pathway(world.program, "Has Sponsor", pgy=3)
    f.ProjectFactory(lead=accepted, sponsor=world.sponsor, sponsor_accepted_on=f.days_ago(3))
    asked = in_pathway(world.program, "Asked Only", pgy=2)
    f.ProjectFactory(lead=asked, sponsor=world.sponsor, sponsor_accepted_on=None)
    in_pathway(world.program, "Too Early", pgy=1)
    found = verdicts()
    assert NO_SPONSOR not in kinds(found["Has Sponsor"])
    [reason] = [r for r in found["Asked Only"] if r.kind == NO_SPONSOR]
    assert reason.text == "No sponsor yet: Sam Sponsor has not accepted"
    assert NO_SPONSOR not in kinds(found["Too Early"])


def test_reasons_come_most_severe_first(world):
    resident = in_pathway(world.program, "Many Reasons", pgy=2)
    f.MilestoneFactory(resident=resident, due_on=today() - timedelta(days=5))
    assert kinds(verdicts()["Many Reasons"]) == [OVERDUE, STALLED, NO_COACH, NO_SPONSOR]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"pathway_status": PathwayStatus.APPLICANT},
        {"pathway_status": PathwayStatus.WITHDRAWN},
        {"pathway_status": PathwayStatus.COMPLETED},
        {"user__is_active": False},
        {"pgy": 4},  # graduated: an alumnus
    ],
)
def test_only_residents_in_the_pathway_now_can_be_at_risk(world, kwargs):
    kwargs = {"pathway_status": PathwayStatus.ACTIVE, "pgy": 2, **kwargs}
    resident = f.ResidentFactory(program=world.program, user__full_name="Not Now", **kwargs)
    f.MilestoneFactory(resident=resident, due_on=today() - timedelta(days=5))
    assert verdicts()["Not Now"] == []


@pytest.mark.parametrize("size", [2, 20])
def test_the_verdict_reads_the_same_queries_for_few_or_many(
    world, size, django_assert_max_num_queries
):
    for n in range(size):
        resident = in_pathway(world.program, f"Resident {n:02}", pgy=2)
        f.ProjectFactory(lead=resident)
        f.MilestoneFactory(resident=resident, due_on=today() - timedelta(days=n + 1))
        f.ProgressReportFactory(resident=resident, submitted=True, waited=n)
    residents = list(ResidentProfile.objects.select_related("user"))
    # Overdue milestones, last reports, current coaches, active capstones, program settings.
    with django_assert_max_num_queries(5):
        found = at_risk_by_resident(residents, today=today())
    assert sum(1 for reasons in found.values() if reasons) >= size
