"""A resident's peer-mentoring page: their mentor, and the mentees they mentor."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.mentoring.helpers import text_of

URL = reverse("mentoring:my_peer_mentoring")


def test_a_mentee_sees_their_peer_mentor(world, as_user):
    pairing = f.PeerMentorshipFactory(
        mentor=f.MentorFactory(program=world.program, user__full_name="Maya Mentor"),
        mentee=world.resident.resident_profile,
    )
    f.MentoringMeetingFactory(mentorship=pairing, met_on=f.days_ago(3))
    page = text_of(as_user(world.resident).get(URL))
    assert "My peer mentor Maya Mentor PGY-3" in page
    assert f"1 meeting, last on {f.days_ago(3):%-d %b %Y}" in page


def test_a_mentee_without_a_mentor_is_told_who_pairs(world, as_user):
    page = text_of(as_user(world.resident).get(URL))
    assert "You have no peer mentor yet. The program director pairs" in page


def test_a_mentor_sees_each_mentees_curriculum_progress(world, as_user):
    mentor = f.MentorFactory(program=world.program)
    mentee = world.resident.resident_profile
    mentee.vmps_for_leaders_completed_on = f.days_ago(100)
    mentee.save()
    f.PeerMentorshipFactory(mentor=mentor, mentee=mentee)
    page = text_of(as_user(mentor.user).get(URL))
    assert f"Rosa Resident PGY-2 ✓ {f.days_ago(100):%b %Y} — — 0" in page


def test_an_eligible_mentor_without_mentees_is_told_so(world, as_user):
    mentor = f.MentorFactory(program=world.program)
    page = text_of(as_user(mentor.user).get(URL))
    assert "You can mentor PGY-1 and PGY-2 residents; the program director will pair you." in page


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director", "coordinator", "superuser"])
def test_only_residents_have_this_page(world, as_user, persona):
    assert as_user(getattr(world, persona)).get(URL).status_code == 403


def test_post_is_not_allowed(world, as_user):
    assert as_user(world.resident).post(URL).status_code == 405


@pytest.mark.parametrize("rows", [2, 20])
def test_the_query_count_does_not_grow_with_mentees(
    world, as_user, rows, django_assert_max_num_queries
):
    mentor = f.MentorFactory(program=world.program)
    for _ in range(rows):
        pairing = f.PeerMentorshipFactory(mentor=mentor)
        f.MentoringMeetingFactory(mentorship=pairing)
    client = as_user(mentor.user)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.context["mentees"]) == rows
