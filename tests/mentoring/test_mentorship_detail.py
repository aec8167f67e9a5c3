"""The pairing page: the mentee's curriculum progress (read-only) and the meeting log."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.mentoring.helpers import text_of


@pytest.fixture
def pairing(world):
    profile = world.resident.resident_profile
    profile.vmps_for_leaders_completed_on = f.days_ago(200)
    profile.save()
    found = f.PeerMentorshipFactory(
        mentor=f.MentorFactory(program=world.program, user__full_name="Maya Mentor"),
        mentee=profile,
    )
    f.MentoringMeetingFactory(mentorship=found, topics="Picking a process", notes="Three ideas.")
    return found


def url(pairing):
    return reverse("mentoring:mentorship_detail", args=[pairing.pk])


@pytest.mark.parametrize("who", ["mentor", "mentee", "director", "coordinator"])
def test_the_pair_and_staff_see_progress_and_meetings(world, as_user, pairing, who):
    user = {
        "mentor": pairing.mentor.user,
        "mentee": world.resident,
        "director": world.director,
        "coordinator": world.coordinator,
    }[who]
    page = text_of(as_user(user).get(url(pairing)))
    assert "Maya Mentor mentors Rosa Resident" in page
    assert f"VMPS for Leaders Completed {f.days_ago(200):%-d %b %Y}" in page
    assert "Leading at Virginia Mason Not yet" in page
    assert "Picking a process" in page and "Three ideas." in page


def test_only_the_pair_may_log_meetings_and_only_directors_end_it(world, as_user, pairing):
    log = reverse("mentoring:meeting_add", args=[pairing.pk])
    end = reverse("mentoring:mentorship_end", args=[pairing.pk])
    mentor_page = as_user(pairing.mentor.user).get(url(pairing)).content.decode()
    assert log in mentor_page and end not in mentor_page
    director_page = as_user(world.director).get(url(pairing)).content.decode()
    assert log not in director_page and end in director_page


def test_an_ended_pairing_is_read_only(world, as_user, pairing):
    pairing.ended_on = f.days_ago(0)
    pairing.save()
    response = as_user(pairing.mentor.user).get(url(pairing))
    assert "This pairing has ended." in text_of(response)
    assert reverse("mentoring:meeting_add", args=[pairing.pk]) not in response.content.decode()


@pytest.mark.parametrize("persona", ["other_resident", "other_director"])
def test_unrelated_people_get_a_404(world, as_user, pairing, persona):
    assert as_user(getattr(world, persona)).get(url(pairing)).status_code == 404


@pytest.mark.parametrize("persona", ["coach", "sponsor"])
def test_coaches_and_sponsors_are_refused(world, as_user, pairing, persona):
    assert as_user(getattr(world, persona)).get(url(pairing)).status_code == 403


def test_post_is_not_allowed(world, as_user, pairing):
    assert as_user(world.resident).post(url(pairing)).status_code == 405


def test_the_mentor_sees_a_read_only_summary_of_the_mentees_capstone(world, as_user, pairing):
    f.ProjectFactory(
        lead=pairing.mentee,
        chartered=True,
        title="Discharge before noon",
        sponsor=world.sponsor,
        sponsor_accepted_on=None,  # a row from before sponsors were set only by acceptance
    )
    response = as_user(pairing.mentor.user).get(url(pairing))
    page = text_of(response)
    assert "Rosa's capstone" in page
    assert "Discharge before noon" in page
    assert "Stage: Selection (charter)" in page
    assert "percentage of discharges before noon from 14% to 35%" in page  # the aim
    assert "Sam Sponsor (not accepted yet)" in page
    # A summary only: the project page (discussion, files) stays closed to the mentor.
    project_url = reverse("capstone:project_detail", args=[pairing.mentee.capstones.get().pk])
    assert project_url not in response.content.decode()
    assert as_user(pairing.mentor.user).get(project_url).status_code == 404


def test_a_mentee_without_a_capstone_is_shown_as_such(world, as_user, pairing):
    assert "No active capstone yet." in text_of(as_user(pairing.mentor.user).get(url(pairing)))
