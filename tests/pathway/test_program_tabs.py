"""The director's program pages link to each other, and the staff home leads to them."""

import pytest
from django.urls import reverse

PAGES = ["pathway:cohort_board", "pathway:program_overview", "pathway:program_report"]


@pytest.mark.parametrize("current", PAGES)
def test_each_program_page_links_to_the_other_two_and_marks_itself(world, as_user, current):
    body = as_user(world.director).get(reverse(current)).content.decode()

    for name in PAGES:
        assert f'href="{reverse(name)}"' in body
    assert body.count('aria-current="page"') == 1
    assert f'aria-current="page" href="{reverse(current)}"' in body


def test_a_site_administrator_keeps_the_chosen_program_across_the_tabs(world, as_user):
    url = f"{reverse('pathway:program_overview')}?program={world.program.pk}"
    body = as_user(world.superuser).get(url).content.decode()

    for name in PAGES:
        assert f'href="{reverse(name)}?program={world.program.pk}"' in body


@pytest.mark.parametrize("role", ["director", "coordinator"])
def test_the_staff_home_leads_to_the_cohort_board_and_the_overview(world, as_user, role):
    body = as_user(getattr(world, role)).get(reverse("home")).content.decode()

    assert f'href="{reverse("pathway:cohort_board")}">Cohort board' in body
    assert f'href="{reverse("pathway:program_overview")}">Program overview' in body


def test_residents_do_not_get_the_program_pages_on_their_home(world, as_user):
    body = as_user(world.resident).get(reverse("home")).content.decode()

    assert reverse("pathway:cohort_board") not in body
