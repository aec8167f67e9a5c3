"""Mentor introductions: staff see their program's, a resident sees their own."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.mentoring.helpers import text_of

URL = reverse("mentoring:introduction_list")


@pytest.fixture
def intros(world):
    mine = f.MentorIntroductionFactory(
        resident=world.resident.resident_profile, faculty_name="Dr. Mine"
    )
    theirs = f.MentorIntroductionFactory(
        resident=world.other_resident.resident_profile,
        faculty_name="Dr. Theirs",
        status="mentoring",
        area=f.interest("equity"),
    )
    elsewhere = f.MentorIntroductionFactory(
        resident=f.ResidentFactory(program=world.other_program), faculty_name="Dr. Elsewhere"
    )
    return mine, theirs, elsewhere


def test_a_resident_sees_only_their_own_introductions(world, as_user, intros):
    page = text_of(as_user(world.resident).get(URL))
    assert "Dr. Mine" in page
    assert "Dr. Theirs" not in page and "Dr. Elsewhere" not in page
    assert "Record an introduction" not in page


@pytest.mark.parametrize("persona", ["director", "coordinator"])
def test_staff_see_their_programs_introductions(world, as_user, intros, persona):
    page = text_of(as_user(getattr(world, persona)).get(URL))
    assert "Dr. Mine" in page and "Dr. Theirs" in page
    assert "Dr. Elsewhere" not in page
    assert "Record an introduction" in page


def test_staff_filter_by_status_and_search(world, as_user, intros):
    client = as_user(world.director)
    page = text_of(client.get(URL, {"status": "mentoring"}))
    assert "Dr. Theirs" in page and "Dr. Mine" not in page
    page = text_of(client.get(URL, {"q": "equity"}))
    assert "Dr. Theirs" in page and "Dr. Mine" not in page


def test_an_invalid_status_filter_shows_its_error(world, as_user, intros):
    response = as_user(world.director).get(URL, {"status": "lost"})
    assert response.status_code == 200
    assert "Select a valid choice." in text_of(response)


@pytest.mark.parametrize("rows", [2, 20])
def test_the_query_count_does_not_grow_with_rows(
    world, as_user, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        f.MentorIntroductionFactory(
            resident=f.ResidentFactory(program=world.program), introduced_by=world.coordinator
        )
    client = as_user(world.director)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.context["page"]) == rows
