"""A resident's status in the API: pathway status, milestones with their status, and the at-risk
verdict the cohort board and the coach's caseload show, to exactly the people who see it there."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.at_risk import at_risk_by_resident
from pathway.models import PathwayStatus
from tests import factories as f


@pytest.fixture
def overdue(world):
    profile = world.resident.resident_profile
    profile.pathway_status = PathwayStatus.ACTIVE
    profile.save()
    return f.MilestoneFactory(resident=profile, due_on=timezone.localdate() - timedelta(days=10))


def detail(api, user, world):
    return api(user).get(reverse("api:resident-detail", args=[world.resident.pk])).json()


@pytest.mark.parametrize("persona", ["director", "coordinator", "coach", "superuser"])
def test_staff_and_the_coach_see_the_boards_at_risk_verdict(api, world, overdue, persona):
    body = detail(api, world.persona(persona), world)
    profile = world.resident.resident_profile
    board = at_risk_by_resident([profile], today=timezone.localdate())[profile.pk]
    assert [r["kind"] for r in body["at_risk"]] == [r.kind for r in board]
    assert body["at_risk"][0]["kind"] == "overdue"
    assert body["at_risk"][0]["since"] == overdue.due_on.isoformat()
    assert [m["status"] for m in body["milestones"]] == ["overdue"]


@pytest.mark.parametrize("persona", ["resident", "sponsor"])
def test_the_resident_and_the_sponsor_do_not_get_the_verdict(
    api, world, api_data, overdue, persona
):
    """The sponsor sees the resident (who leads the project they sponsor), not the verdict."""
    assert detail(api, world.persona(persona), world)["at_risk"] is None


def test_a_resident_outside_the_pathway_is_never_at_risk(api, world):
    f.MilestoneFactory(
        resident=world.other_resident.resident_profile,
        due_on=timezone.localdate() - timedelta(days=10),
    )
    world.other_resident.resident_profile.pathway_status = PathwayStatus.NOT_ENROLLED
    world.other_resident.resident_profile.save()
    url = reverse("api:resident-detail", args=[world.other_resident.pk])
    assert api(world.director).get(url).json()["at_risk"] == []


def test_the_list_gives_each_resident_their_own_verdict(api, world, overdue):
    rows = api(world.director).get(reverse("api:resident-list")).json()["results"]
    verdicts = {row["full_name"]: [r["kind"] for r in row["at_risk"]] for row in rows}
    assert verdicts["Rosa Resident"][0] == "overdue"
    assert "overdue" not in verdicts["Otto Other"]
