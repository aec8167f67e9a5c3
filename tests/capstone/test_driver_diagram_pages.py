"""The driver diagram's pages: the tree drawn and tabled, and the leads adding, changing,
reordering and deleting drivers; bad input is explained and saves nothing."""

import pytest
from django.urls import reverse

from capstone.models import Driver
from tests import factories as f
from tests.capstone.qi_tools_factories import fill_qi_tools
from tests.capstone.qi_tools_helpers import counted_get, page_svg, svg_texts


def url(project, name="driver_diagram", *args):
    return reverse(f"capstone:{name}", args=[project.pk, *args])


def test_the_diagram_shows_the_aim_drivers_and_ideas_with_their_outcome(world, as_user, project):
    fill_qi_tools(project)
    response = as_user(world.coach).get(url(project))
    html = response.content.decode()
    texts = svg_texts(page_svg(html, 'id="driver-diagram"'))
    assert "Increase percentage of discharges" in texts
    assert "Medicines ready early (1)" in texts and "Pharmacy told by 3 pm (1.1)" in texts
    assert "1 PDSA cycle: adopted" in texts and "1 PDSA cycle: adapted" in texts
    assert "Not tested yet" in texts  # the idea hung straight from the primary driver
    # The table says the same, one row per path.
    rows = response.context["rows"]
    assert [(r["secondary"].text if r["secondary"] else None) for r in rows] == [
        None,
        "Pharmacy told by 3 pm (1.1)",
        "Pharmacy told by 3 pm (1.2)",
        None,
    ]
    # The coach sees, the coach does not change.
    assert "Add a primary driver" not in html


def test_markup_in_a_driver_is_drawn_as_text(world, as_user, project):
    Driver.objects.create(project=project, text='<script>alert("x")</script> & co')
    html = as_user(world.resident).get(url(project)).content.decode()
    svg = page_svg(html, 'id="driver-diagram"')
    assert "<script>" not in svg
    assert '<script>alert("x")</script> & co' in svg_texts(svg)
    assert "&lt;script&gt;" in html


def test_no_drivers_yet_says_where_to_start(world, as_user, project):
    html = as_user(world.resident).get(url(project)).content.decode()
    assert "No drivers yet" in html and 'id="driver-diagram"' not in html


def test_a_lead_adds_a_secondary_driver_with_its_change_ideas(world, as_user, project):
    primary = Driver.objects.create(project=project, text="Medicines ready early", position=1)
    idea = f.IdeaFactory(project=project, idea="Pharmacy rounds at 3 pm")
    client = as_user(world.resident)
    form = client.get(url(project, "driver_add") + f"?parent={primary.pk}")
    assert form.context["form"].initial["parent"] == str(primary.pk)
    response = client.post(
        url(project, "driver_add"),
        {"text": "Pharmacy knows tomorrow's discharges", "parent": primary.pk, "ideas": [idea.pk]},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == url(project)
    child = primary.children.get()
    assert list(child.ideas.all()) == [idea]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "This field is required"),
        ({"text": "x" * 201}, "at most 200 characters"),
        ({"text": "Fine", "parent": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(world, as_user, project, data, message):
    response = as_user(world.resident).post(url(project, "driver_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Driver.objects.exists()


def test_a_refusal_from_the_service_is_shown_on_the_form(world, as_user, project):
    primary = Driver.objects.create(project=project, text="A", position=1)
    secondary = Driver.objects.create(project=project, text="A1", parent=primary, position=1)
    other = Driver.objects.create(project=project, text="B", position=2)
    # A primary driver with secondaries cannot become a secondary driver itself.
    response = as_user(world.resident).post(
        url(project, "driver_edit", primary.pk), {"text": "A", "parent": other.pk}
    )
    assert response.status_code == 200
    assert "stays primary" in response.content.decode()
    primary.refresh_from_db()
    assert primary.parent_id is None and secondary.parent_id == primary.pk


def test_a_lead_edits_reorders_and_deletes_drivers(world, as_user, project):
    a = Driver.objects.create(project=project, text="A", position=1)
    b = Driver.objects.create(project=project, text="B", position=2)
    client = as_user(world.resident)
    client.post(url(project, "driver_edit", a.pk), {"text": "A, reworded"})
    a.refresh_from_db()
    assert a.text == "A, reworded"
    response = client.post(url(project, "driver_move", b.pk), {"direction": "up"})
    assert response.url == url(project) + f"#driver-{b.pk}"
    assert list(project.drivers.values_list("text", flat=True)) == ["B", "A, reworded"]
    confirm = client.get(url(project, "driver_delete", a.pk))
    assert "cannot be undone" in confirm.content.decode()
    client.post(url(project, "driver_delete", a.pk))
    assert list(project.drivers.values_list("text", flat=True)) == ["B"]


def test_a_bad_move_direction_is_explained_and_moves_nothing(world, as_user, project):
    a = Driver.objects.create(project=project, text="A", position=1)
    Driver.objects.create(project=project, text="B", position=2)
    response = as_user(world.resident).post(
        url(project, "driver_move", a.pk), {"direction": "left"}, follow=True
    )
    assert "Move a driver up or down." in response.content.decode()
    assert list(project.drivers.values_list("text", flat=True)) == ["A", "B"]


def test_a_driver_of_another_project_is_not_found(world, as_user, project, other_project):
    elsewhere = Driver.objects.create(project=other_project, text="Elsewhere")
    client = as_user(world.resident)
    assert client.get(url(project, "driver_edit", elsewhere.pk)).status_code == 404
    assert (
        client.post(url(project, "driver_move", elsewhere.pk), {"direction": "up"}).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [
        ("driver_move", "get", True),
        ("driver_diagram", "post", False),
        ("driver_add", "put", False),
        ("driver_delete", "patch", True),
    ],
)
def test_wrong_methods_are_refused(world, as_user, project, name, method, extra):
    driver = Driver.objects.create(project=project, text="A", position=1)
    args = [driver.pk] if extra else []
    response = getattr(as_user(world.resident), method)(url(project, name, *args))
    assert response.status_code == 405
    assert project.drivers.get().text == "A"


@pytest.mark.parametrize("size", [1, 6])
def test_the_diagram_costs_the_same_queries_at_two_sizes(
    world, as_user, project, size, django_assert_num_queries
):
    fill_qi_tools(project, size)
    response = counted_get(
        as_user(world.resident), url(project), django_assert_num_queries, QUERIES
    )
    assert len(response.context["rows"]) == 4 * size


# The session with its user, the project with its lead's coach, the drivers, their ideas
# and the ideas' tests, the co-lead check for the edit links.
QUERIES = 6


def test_a_driver_change_is_kept_in_the_projects_history(world, as_user, project):
    client = as_user(world.resident)
    client.post(url(project, "driver_add"), {"text": "Medicines ready early"})
    driver = project.drivers.get()
    client.post(url(project, "driver_edit", driver.pk), {"text": "Medicines ready the day before"})
    html = client.get(reverse("capstone:project_history", args=[project.pk])).content.decode()
    assert "Medicines ready the day before" in html
    assert driver.history.count() == 2
