"""Directors record as done what no page in the app records, with the date and evidence."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pathway.models import MilestoneStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(world):
    return f.MilestoneFactory(resident=world.resident.resident_profile, template__name="Present")


def url(milestone):
    return reverse("pathway:milestone_complete", args=[milestone.pk])


def test_a_director_records_a_milestone_as_done(world, milestone, as_user):
    today = timezone.localdate()
    response = as_user(world.director).post(
        url(milestone),
        {"done-completed_on": today.isoformat(), "done-evidence": "Grand Rounds talk"},
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.DONE
    assert (milestone.completed_on, milestone.completed_evidence, milestone.completed_by) == (
        today,
        "Grand Rounds talk",
        world.director,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"done-completed_on": "", "done-evidence": "x"}, "This field is required."),
        ({"done-completed_on": "2026-01-01", "done-evidence": ""}, "This field is required."),
        (
            {
                "done-completed_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
                "done-evidence": "x",
            },
            "The date cannot be in the future.",
        ),
    ],
    ids=["no date", "no evidence", "future date"],
)
def test_bad_input_is_explained_and_nothing_changes(data, message, world, milestone, as_user):
    response = as_user(world.director).post(url(milestone), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_a_done_milestone_cannot_be_recorded_again(world, milestone, as_user):
    milestone.completed_on, milestone.completed_evidence = timezone.localdate(), "Event"
    milestone.save()
    response = as_user(world.director).post(
        url(milestone), {"done-completed_on": "2026-01-01", "done-evidence": "Again"}
    )
    assert "already done" in response.content.decode()


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "coordinator"])
def test_only_directors_may_record_completion(persona, world, milestone, as_user):
    response = as_user(getattr(world, persona)).post(
        url(milestone), {"done-completed_on": "2026-01-01", "done-evidence": "x"}
    )
    assert response.status_code == 403


def test_another_programs_director_gets_a_404(world, milestone, as_user):
    response = as_user(world.other_director).post(
        url(milestone), {"done-completed_on": "2026-01-01", "done-evidence": "x"}
    )
    assert response.status_code == 404


def test_recording_needs_a_post(world, milestone, as_user):
    assert as_user(world.director).get(url(milestone)).status_code == 405
