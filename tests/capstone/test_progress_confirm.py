"""The IHI progress score: suggested from the record step by step, confirmed or overridden by
the coach, and flagged when the record has moved on since the confirmation."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Max
from django.urls import reverse

from capstone.models import Phase
from capstone.services import ProjectError, progress_confirm
from tests import factories as f
from tests.capstone.conftest import make_project


def url(project):
    return reverse("capstone:progress_edit", args=[project.pk])


def post_event_shift(project, points=6):
    measure = project.measures.first()
    # After every point the measure already has: the factory's dates move on with each point
    # any earlier test made, so a fixed date could fall before the baseline.
    latest = measure.data_points.aggregate(latest=Max("period"))["latest"] or date(2024, 1, 1)
    f.DataPointFactory(
        measure=measure,
        phase=Phase.BASELINE,
        value=Decimal("14"),
        period=latest + timedelta(days=7),
    )
    for index in range(points):
        f.DataPointFactory(
            measure=measure,
            phase=Phase.POST_EVENT,
            value=Decimal("30"),
            period=latest + timedelta(days=14 + 7 * index),
        )


def test_a_new_project_suggests_intent_to_participate(world, project):
    suggestion = project.progress_suggestion()
    assert suggestion.score == Decimal("0.5")
    assert suggestion.label == "Intent to participate"
    assert suggestion.next_step.startswith("1.0")


def test_the_suggestion_climbs_the_scale_as_the_record_grows(world):
    project = make_project(world)
    f.TeamMemberFactory(project=project)
    # The builders that satisfy each stage's requirements add the record step by step.
    steps = [
        ("current_state", Decimal("1.0")),
        ("event_prep", Decimal("1.5")),
        ("event", Decimal("2.0")),
        ("implementation", Decimal("2.5")),
    ]
    for stage, expected in steps:
        f.REQUIREMENT_FILLERS[stage](project)
        project.save()
        assert project.progress_suggestion().score == expected, stage


def test_post_event_data_after_an_adopted_change_suggests_modest_improvement(world):
    project = make_project(world, "post_event", ready_for_next=True)
    assert project.progress_suggestion().score == Decimal("3.0")


def test_a_shift_in_a_measure_suggests_improvement(world):
    project = make_project(world, "post_event", ready_for_next=True)
    post_event_shift(project)
    suggestion = project.progress_suggestion()
    assert suggestion.score == Decimal("3.5")
    assert "signal" in suggestion.reasons[-1]


def test_five_post_event_points_are_not_yet_a_shift(world):
    project = make_project(world, "post_event", ready_for_next=True)
    post_event_shift(project, points=4)  # with the one from the factory: 5 in a row
    assert project.progress_suggestion().score == Decimal("3.0")


def test_sustained_follow_ups_and_dissemination_reach_the_top_of_the_scale(world):
    project = make_project(world, "closed")
    post_event_shift(project)
    project.follow_ups.filter(day=30).update(sustained="yes")
    assert project.progress_suggestion().score == Decimal("4.5")
    project.results_spread = "4 North next spring"
    project.save()
    suggestion = project.progress_suggestion()
    assert suggestion.score == Decimal("5.0")
    assert suggestion.next_step is None


def test_the_ladder_is_cumulative(world):
    # A signal without a tested change does not jump the scale.
    project = make_project(world, "event_prep", ready_for_next=True)
    assert project.progress_suggestion().score == Decimal("2.0")


def test_coach_confirms_the_suggested_score(world, as_user, project):
    client = as_user(world.coach)
    assert client.get(url(project)).status_code == 200
    response = client.post(url(project), {"score": "0.5", "note": ""})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.progress_score == Decimal("0.5")
    assert project.progress_confirmed_by == world.coach
    assert project.progress_confirmed_at is not None
    assert project.progress_suggested_at_confirmation == Decimal("0.5")


def test_an_override_needs_a_note(world, as_user, project):
    response = as_user(world.coach).post(url(project), {"score": "2.0", "note": ""})
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    project.refresh_from_db()
    assert project.progress_score is None


def test_an_override_with_a_note_is_kept(world, as_user, project):
    as_user(world.coach).post(url(project), {"score": "1.0", "note": "Team met twice already"})
    project.refresh_from_db()
    assert project.progress_score == Decimal("1.0")
    assert project.progress_note == "Team met twice already"
    assert project.progress_suggested_at_confirmation == Decimal("0.5")


def test_a_score_off_the_scale_is_refused(world, as_user, project):
    response = as_user(world.coach).post(url(project), {"score": "5.5"})
    assert "score" in response.context["form"].errors
    project.refresh_from_db()
    assert project.progress_score is None


def test_the_service_refuses_an_override_without_a_note(world, project):
    with pytest.raises(ProjectError, match="Say why"):
        progress_confirm(project=project, by=world.coach, score=Decimal("3.0"))


def test_the_page_shows_when_and_by_whom_it_was_last_confirmed(world, as_user, project):
    progress_confirm(project=project, by=world.coach, score=Decimal("0.5"))
    page = as_user(world.resident).get(project.get_absolute_url()).content.decode()
    assert "Last confirmed" in page
    assert f"by {world.coach.display_name}" in page
    assert "changed since confirmation" not in page


def test_a_changed_suggestion_is_flagged_until_the_coach_reviews_it(world, as_user):
    project = make_project(world, "current_state", ready_for_next=True)
    progress_confirm(project=project, by=world.coach, score=project.progress_suggestion().score)
    f.TeamMemberFactory(project=project)
    page = as_user(world.resident).get(project.get_absolute_url()).content.decode()
    assert "The suggestion changed since confirmation" in page
    suggestion, changed = project.progress_status()
    assert changed is True
    progress_confirm(project=project, by=world.coach, score=suggestion.score)
    assert project.progress_status()[1] is False


def test_an_unconfirmed_score_says_so(world, as_user, project):
    page = as_user(world.sponsor).get(project.get_absolute_url()).content.decode()
    assert "Not confirmed yet." in page


@pytest.mark.parametrize("persona", ["resident", "sponsor", "director", "coordinator"])
def test_only_the_coach_confirms(persona, world, as_user, project):
    assert as_user(getattr(world, persona)).post(url(project), {"score": "0.5"}).status_code == 403
    project.refresh_from_db()
    assert project.progress_score is None


def test_another_programs_director_gets_a_404(world, as_user, project):
    assert as_user(world.other_director).get(url(project)).status_code == 404


def test_confirming_refuses_other_methods(world, as_user, project):
    assert as_user(world.coach).put(url(project)).status_code == 405
