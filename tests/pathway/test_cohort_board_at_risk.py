"""The board's at-risk list: each reason, where it links, and the order of the list."""

import pytest
from django.urls import reverse

from capstone.models import Stage
from pathway.dashboards.cohort import at_risk, cohort_board
from pathway.models import PathwayStatus
from tests import factories as f
from tests.pathway import board_setup as b

pytestmark = pytest.mark.django_db


def board(world):
    return {row.name: row for row in cohort_board(program=world.program, today=b.today()).rows}


def reasons(row):
    return [(reason.kind, reason.text) for reason in row.reasons]


def on_track(world, name, *, pgy=2, **extra):
    """A resident with nothing wrong: coached, sponsored, reporting."""
    return b.resident(
        world.program,
        name=name,
        pgy=pgy,
        coach=world.coach,
        stage=Stage.CURRENT_STATE,
        sponsor=world.sponsor,
        **extra,
    )


def test_a_resident_with_nothing_wrong_is_not_at_risk(world):
    on_track(world, "Nora Fine")

    assert board(world)["Nora Fine"].reasons == []


def test_overdue_milestones_are_counted_with_the_oldest_date(world):
    profile = on_track(world, "Olly Overdue")
    first, second, third = b.templates(world.program, names=("A", "B", "C"))
    b.milestone(profile, first, due_in=-40)
    b.milestone(profile, second, due_in=-10)
    b.milestone(profile, third, due_in=-60, done_days_ago=50)
    oldest = b.days(-40)

    row = board(world)["Olly Overdue"]

    assert reasons(row) == [
        (
            "overdue",
            f"2 milestones overdue, the oldest since {oldest.day} {oldest:%b %Y} (40 days)",
        )
    ]
    assert row.reasons[0].url == reverse("pathway:resident_milestones", args=[profile.user_id])


def test_one_overdue_milestone_reads_in_the_singular(world):
    profile = on_track(world, "Sol Single")
    b.milestone(profile, b.templates(world.program, names=("A",))[0], due_in=-3)

    assert reasons(board(world)["Sol Single"])[0][1].startswith("1 milestone overdue since")


@pytest.mark.parametrize(
    "stalled_after, reported_days_ago, stalled",
    [(21, 10, False), (21, 30, True), (45, 30, False), (7, 10, True)],
)
def test_stalled_follows_the_programs_setting(world, stalled_after, reported_days_ago, stalled):
    f.CoachingSettingsFactory(program=world.program, stalled_after_days=stalled_after)
    profile = on_track(world, "Sam Stall", reported_days_ago=reported_days_ago)

    row = board(world)["Sam Stall"]

    kinds = [reason.kind for reason in row.reasons]
    assert (kinds == ["stalled"]) is stalled
    if stalled:
        assert row.reasons[0].text.startswith(
            f"Stalled: no progress report for {reported_days_ago} days"
        )
        assert row.reasons[0].url == reverse("mentoring:resident_coaching", args=[profile.pk])


def test_a_resident_who_never_reported_is_stalled(world):
    on_track(world, "Nev Never", reported_days_ago=None)

    assert reasons(board(world)["Nev Never"]) == [("stalled", "Stalled: no progress report yet")]


def test_no_kpo_coach_links_to_assigning_one(world):
    profile = b.resident(
        world.program,
        name="Nico Nocoach",
        stage=Stage.CURRENT_STATE,
        sponsor=world.sponsor,
    )

    row = board(world)["Nico Nocoach"]

    assert reasons(row) == [("no_coach", "No KPO coach")]
    assert row.reasons[0].url == reverse("mentoring:coach_assign", args=[profile.pk])


def test_no_sponsor_for_pgy2_and_later_but_not_pgy1(world):
    on_track(world, "Una Unaccepted", sponsor_accepted=False)
    b.resident(world.program, name="Nat Nosponsor", pgy=3, coach=world.coach, stage="selection")
    b.resident(world.program, name="Noa Noproject", pgy=2, coach=world.coach)
    b.resident(world.program, name="Pia First", pgy=1, coach=world.coach)

    rows = board(world)

    assert reasons(rows["Una Unaccepted"]) == [
        ("no_sponsor", "No sponsor yet: Sam Sponsor has not accepted")
    ]
    assert reasons(rows["Nat Nosponsor"]) == [("no_sponsor", "No sponsor yet")]
    assert reasons(rows["Noa Noproject"]) == [("no_sponsor", "No sponsor: no active capstone yet")]
    assert rows["Noa Noproject"].reasons[0].url == rows["Noa Noproject"].url
    assert rows["Pia First"].reasons == []
    project_url = reverse("capstone:project_detail", args=[rows["Una Unaccepted"].project_id])
    assert rows["Una Unaccepted"].reasons[0].url == project_url


def test_a_project_on_hold_is_a_reason(world):
    profile = on_track(world, "Hal Hold")
    project = profile.capstones.get()
    project.stage = Stage.ON_HOLD
    project.held_from_stage = Stage.CURRENT_STATE
    project.stage_changed_at = b.moment(-9)
    project.save()

    row = board(world)["Hal Hold"]

    assert reasons(row) == [("on_hold", "Capstone on hold for 9 days")]
    assert row.reasons[0].url == reverse("capstone:project_detail", args=[project.pk])


def test_alumni_are_never_at_risk(world):
    profile = b.resident(
        world.program,
        name="Ali Alum",
        pgy=3,
        reported_days_ago=None,
        pathway_status=PathwayStatus.COMPLETED,
    )
    b.milestone(profile, b.templates(world.program, names=("A",))[0], due_in=-30)

    assert board(world)["Ali Alum"].reasons == []


def test_the_list_puts_the_most_reasons_first_then_the_most_severe(world):
    step = b.templates(world.program, names=("A",))[0]
    # Two reasons: overdue (3) + no sponsor (1).
    two_light = on_track(world, "Bea Two", sponsor_accepted=False)
    b.milestone(two_light, step, due_in=-5)
    # Two reasons: overdue (3) + stalled (2).
    two_heavy = on_track(world, "Cy Two", reported_days_ago=60)
    b.milestone(two_heavy, step, due_in=-5)
    # Three: no coach, stalled, no sponsor.
    b.resident(world.program, name="Dot Three", reported_days_ago=None)
    # One: the sponsor has not accepted.
    on_track(world, "Eve One", sponsor_accepted=False)
    on_track(world, "Fay Fine")

    rows = cohort_board(program=world.program, today=b.today()).rows
    order = [row.name for row in at_risk(rows) if row.name[0] in "BCDEF"]

    assert order == ["Dot Three", "Cy Two", "Bea Two", "Eve One"]


def test_the_page_lists_the_residents_at_risk_with_their_reasons_as_links(world, as_user):
    profile = b.resident(world.program, name="Ray Risk", reported_days_ago=None)

    html = as_user(world.director).get(reverse("pathway:cohort_board")).content.decode()

    assert '<section class="card mb-3" id="at-risk"' in html
    coach_assign = reverse("mentoring:coach_assign", args=[profile.pk])
    assert f'<li class="cb-reason-no_coach"><a href="{coach_assign}">No KPO coach</a></li>' in html
    assert "Stalled means no progress report for 21 days." in html
    assert 'title="At risk: 3 reasons">at risk</a>' in html
