"""The program's mentoring lists (coach assignments, mentorships, introductions) are for the
people who run the program: everyone else gets a 403, and a POST is not allowed."""

import pytest
from django.urls import reverse

# Residents see their own introductions on the introduction list, so only they are let in there.
REFUSED = {
    "mentoring:coach_assignments": ["resident", "coach", "sponsor"],
    "mentoring:mentorship_list": ["resident", "coach", "sponsor"],
    "mentoring:introduction_list": ["coach", "sponsor"],
}


@pytest.mark.parametrize(
    ("name", "persona"), [(name, persona) for name, who in REFUSED.items() for persona in who]
)
def test_other_roles_are_refused(world, as_user, name, persona):
    assert as_user(getattr(world, persona)).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", REFUSED)
def test_post_is_not_allowed(world, as_user, name):
    assert as_user(world.director).post(reverse(name)).status_code == 405
