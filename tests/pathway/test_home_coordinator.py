"""The coordinator's home, one of the pages `make bench` measures: its queries do not grow
with the program."""

import pytest
from django.urls import reverse

from tests import factories as f


@pytest.mark.parametrize("count", [3, 30])
def test_the_coordinators_home_uses_the_same_number_of_queries_for_any_program_size(
    world, as_user, count, django_assert_max_num_queries
):
    f.ResidentFactory.create_batch(count, program=world.program)
    f.SponsorFactory.create_batch(count, user__program=world.program)
    client = as_user(world.coordinator)

    # As the director's home: session, user, three counts, the stage requests awaiting
    # approval, and the session saved on this first page (3).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("home"))

    assert response.status_code == 200
