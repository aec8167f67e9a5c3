"""The staff page of peer mentoring: current pairs, residents without a mentor (with
suggestions), eligible mentors."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.mentoring.helpers import text_of

URL = reverse("mentoring:mentorship_list")


def test_staff_see_pairs_unpaired_residents_with_suggestions_and_mentors(world, as_user):
    mentor = f.MentorFactory(program=world.program, user__full_name="Maya Mentor")
    mentor.areas_of_interest.set([f.interest("equity")])
    pairing = f.PeerMentorshipFactory(mentor=mentor, mentee=world.resident.resident_profile)
    f.MentoringMeetingFactory(mentorship=pairing, met_on=f.days_ago(2))
    world.other_resident.resident_profile.areas_of_interest.set([f.interest("equity")])

    response = as_user(world.coordinator).get(URL)

    page = text_of(response)
    current = page.split("Current pairs")[1].split("without a peer mentor")[0]
    assert "Maya Mentor" in current and "Rosa Resident" in current
    unpaired = page.split("without a peer mentor")[1].split("Eligible peer mentors")[0]
    assert "Otto Other" in unpaired and "Maya Mentor (equity)" in unpaired
    assert "1 mentee" in page.split("Eligible peer mentors")[1]
    [otto] = response.context["unpaired"]
    assert [(m.user.full_name, shared) for m, shared in otto.suggested_mentors] == [
        ("Maya Mentor", ["equity"])
    ]


def test_suggestions_prefer_more_shared_areas_then_lighter_mentors(world, as_user):
    mentee = world.other_resident.resident_profile
    mentee.areas_of_interest.set([f.interest("equity"), f.interest("sepsis")])
    busy = f.MentorFactory(program=world.program, user__full_name="Busy Both")
    busy.areas_of_interest.set([f.interest("equity"), f.interest("sepsis")])
    f.PeerMentorshipFactory(mentor=busy, mentee=world.resident.resident_profile)
    free = f.MentorFactory(program=world.program, user__full_name="Free Both")
    free.areas_of_interest.set([f.interest("equity"), f.interest("sepsis")])
    one = f.MentorFactory(program=world.program, user__full_name="Aaron One")
    one.areas_of_interest.set([f.interest("equity")])
    none = f.MentorFactory(program=world.program, user__full_name="Nobody Shared")
    none.areas_of_interest.set([f.interest("oncology")])

    [otto] = as_user(world.director).get(URL).context["unpaired"]

    assert [m.user.full_name for m, _ in otto.suggested_mentors] == ["Free Both", "Busy Both"]


def test_only_directors_get_the_pair_button(world, as_user):
    pair = reverse("mentoring:mentorship_pair")
    assert pair in as_user(world.director).get(URL).content.decode()
    assert pair not in as_user(world.coordinator).get(URL).content.decode()


def test_another_programs_pairs_are_never_listed(world, as_user):
    f.PeerMentorshipFactory(
        mentor=f.MentorFactory(program=world.other_program, user__full_name="Far Mentor")
    )
    assert "Far Mentor" not in text_of(as_user(world.director).get(URL))


def test_ended_pairs_are_not_current(world, as_user):
    f.PeerMentorshipFactory(
        mentor=f.MentorFactory(program=world.program, user__full_name="Past Mentor"),
        mentee=world.resident.resident_profile,
        ended_on=f.days_ago(1),
    )
    page = text_of(as_user(world.director).get(URL))
    assert "Past Mentor" in page.split("Eligible peer mentors")[1]
    assert "Past Mentor" not in page.split("Current pairs")[1].split("without a peer mentor")[0]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_query_count_does_not_grow_with_rows(
    world, as_user, rows, django_assert_max_num_queries
):
    for i in range(rows):
        mentor = f.MentorFactory(program=world.program)
        mentor.areas_of_interest.set([f.interest(f"area {i}")])
        pairing = f.PeerMentorshipFactory(mentor=mentor)
        f.MentoringMeetingFactory(mentorship=pairing)
        unpaired = f.ResidentFactory(program=world.program, pgy=2)
        unpaired.areas_of_interest.set([f.interest(f"area {i}")])
    client = as_user(world.director)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert len(response.context["pairings"]) == rows
