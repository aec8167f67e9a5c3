"""The fishbone drawn from the causes already recorded on the current state, by category."""

import pytest
from django.urls import reverse

from capstone.diagrams.fishbone import by_category, effect_of
from capstone.models import Cause, FishboneCategory
from tests.capstone.qi_tools_factories import fill_qi_tools
from tests.capstone.qi_tools_helpers import counted_get, page_svg, svg_texts


def url(project):
    return reverse("capstone:fishbone", args=[project.pk])


def test_the_fishbone_draws_every_cause_under_its_category(world, as_user, project):
    fill_qi_tools(project)
    response = as_user(world.sponsor).get(url(project))
    html = response.content.decode()
    texts = svg_texts(page_svg(html, 'id="fishbone-diagram"'))
    for label in ("People", "Methods", "Equipment", "Materials", "Measurement", "Environment"):
        assert label in texts
    assert "One pharmacist for 40 beds" in texts
    assert "Only 8% of discharges from 5 West leave before noon" in texts  # the effect
    assert "none recorded" in texts  # Environment has no cause: the bone says so
    grouped = response.context["grouped"]
    assert [c.text for c in grouped["Methods"]] == [
        "Discharge summary written after rounds",
        "No standard order",
    ]


def test_a_cause_named_like_markup_is_shown_as_text(world, as_user, project):
    Cause.objects.create(project=project, category="people", text="<script>alert(1)</script>")
    html = as_user(world.resident).get(url(project)).content.decode()
    svg = page_svg(html, 'id="fishbone-diagram"')
    assert "<script>alert(1)</script>" in svg_texts(svg)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_without_causes_the_page_says_where_to_add_them(world, as_user, project):
    html = as_user(world.resident).get(url(project)).content.decode()
    assert "No causes recorded yet" in html and 'id="fishbone-diagram"' not in html


def test_the_causes_keep_all_six_categories_in_reading_order():
    causes = [Cause(category=FishboneCategory.ENVIRONMENT, text="Noisy ward")]
    grouped = by_category(causes)
    assert list(grouped) == [
        "People",
        "Methods",
        "Equipment",
        "Materials",
        "Measurement",
        "Environment",
    ]
    assert [c.text for c in grouped["Environment"]] == ["Noisy ward"]


def test_the_effect_is_the_problems_first_sentence_or_the_title():
    assert effect_of("Beds wait.  Patients wait too.", "Title") == "Beds wait"
    assert effect_of("", "Discharge before noon") == "Discharge before noon"


def test_a_long_cause_wraps_instead_of_running_across_the_next_bone(world, as_user, project):
    long = "The discharge summary template asks for the same medication list three times " * 2
    Cause.objects.create(project=project, category="methods", text=long)
    svg = page_svg(as_user(world.resident).get(url(project)).content.decode(), "fishbone-diagram")
    lines = [
        line
        for line in svg.split("<tspan")
        if "discharge summary template" in line or "three" in line
    ]
    assert len(lines) >= 2
    assert all(len(line) < 200 for line in lines)


@pytest.mark.parametrize("size", [1, 8])
def test_the_fishbone_costs_the_same_queries_at_two_sizes(
    world, as_user, project, size, django_assert_num_queries
):
    fill_qi_tools(project, size)
    # The session with its user, the project with its lead's coach, the causes, the co-lead
    # check.
    response = counted_get(as_user(world.resident), url(project), django_assert_num_queries, 4)
    assert sum(len(c) for c in response.context["grouped"].values()) == 7 * size
